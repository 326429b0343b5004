import fp from 'fastify-plugin';
import multipart from '@fastify/multipart';

/** One file per request, size-limited; the route rejects truncated streams with 413. */
export default fp<{ maxUploadBytes: number }>(
  async (app, opts) => {
    await app.register(multipart, {
      limits: { fileSize: opts.maxUploadBytes, files: 1, fields: 5, fieldSize: 1024, parts: 6, headerPairs: 100 },
    });
  },
  { name: 'multipart' },
);
