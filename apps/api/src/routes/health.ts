import type { FastifyInstance } from 'fastify';

export default async function healthRoutes(app: FastifyInstance) {
  app.get('/api/health', { schema: { tags: ['health'], summary: 'Liveness: the process answers' } }, async () => ({ status: 'ok' }));

  app.get('/api/ready', { schema: { tags: ['health'], summary: 'Readiness: database and queue reachable' } }, async (_request, reply) => {
    const check = async (fn: () => Promise<void>) => {
      try {
        await fn();
        return 'ok';
      } catch {
        return 'unavailable';
      }
    };
    const [database, queue] = await Promise.all([check(() => app.database.ping()), check(() => app.queue.ping())]);
    const ready = database === 'ok' && queue === 'ok';
    if (!ready) void reply.code(503).header('retry-after', '5');
    return { status: ready ? 'ready' : 'unavailable', database, queue, mode: { database: app.database.kind, queue: app.queue.kind } };
  });
}
