import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { getOrganisation } from '@vertelpunt/db';
import { requireMember } from '../plugins/app/auth.ts';
import { LiveHub, type LiveEvent } from '../services/dashboard-live.ts';
import { OrgParams } from './schemas.ts';

export default async function liveRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const hub = new LiveHub(app.db, app.events, (err) => app.log.warn({ err }, 'live counters failed'));
  const open = new Set<{ end(): void }>();
  // Before the server waits for its connections to finish: end the streams, which never would.
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
  });
  app.addHook('onClose', async () => hub.close());

  app.get(
    '/api/orgs/:orgId/live',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'Live counters. With `Accept: text/event-stream` a server-sent event stream (`counters`, `patterns`, heartbeat comments); otherwise the current counters as JSON',
        params: OrgParams,
      },
    },
    async (request, reply) => {
      const { orgId } = request.params;
      requireMember(request, orgId, 'story:read-all');
      const org = (await getOrganisation(app.db, orgId))!;
      const first = await hub.counters(orgId, org.minGroupSize);
      if (!request.headers.accept?.includes('text/event-stream')) return first.data;

      // The stream outlives the handler: Fastify hands the socket over and leaves it alone.
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store, no-transform',
        connection: 'keep-alive',
        // nginx would otherwise buffer the stream.
        'x-accel-buffering': 'no',
      });
      const write = (e: LiveEvent) => res.write(`event: ${e.name}\ndata: ${JSON.stringify(e.data)}\n\n`);
      res.write('retry: 3000\n\n');
      write(first);
      const stop = hub.watch(orgId, org.minGroupSize, write);
      // A comment line now and then keeps proxies from closing the idle connection. Each such
      // heartbeat checks the session again: a logout, an expired session or a lost role ends the
      // stream (with an `ended` event, so the page stops reconnecting).
      const heartbeat = setInterval(() => {
        void app.auth.stillAllowed(request, orgId, 'story:read-all').then(
          (allowed) => {
            if (closed) return;
            if (allowed) res.write(': heartbeat\n\n');
            else {
              res.write(`event: ended\ndata: ${JSON.stringify({ reason: 'session' })}\n\n`);
              res.end();
            }
          },
          (err: unknown) => app.log.warn({ err }, 'could not check the session of a live stream'),
        );
      }, app.config.liveHeartbeatMs);
      open.add(res);
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        open.delete(res);
        stop();
      };
      request.raw.once('close', close);
      res.once('close', close);
    },
  );
}
