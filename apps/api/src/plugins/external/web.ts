import { existsSync } from 'node:fs';
import path from 'node:path';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';

/**
 * Serves the built web app from the same origin as the API, with a single-page fallback for
 * client-side routes. Unknown `/api` paths stay JSON 404s.
 */
export default fp<{ root: string }>(
  async (app, opts) => {
    const hasWeb = existsSync(path.join(opts.root, 'index.html'));
    if (hasWeb) await app.register(fastifyStatic, { root: opts.root, wildcard: false, index: 'index.html' });
    app.setNotFoundHandler((request, reply) => {
      const url = request.url.split('?')[0] ?? '/';
      if (hasWeb && request.method === 'GET' && !url.startsWith('/api')) return reply.sendFile('index.html');
      return reply.code(404).send({ statusCode: 404, error: 'Not Found', message: `no route ${request.method} ${url}` });
    });
  },
  { name: 'web' },
);
