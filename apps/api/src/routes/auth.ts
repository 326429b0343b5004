import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { membershipsOfUser } from '@vertelpunt/db';
import { requireUser } from '../plugins/app/auth.ts';

/** Login throttling: per client address, on top of argon2's own cost. */
const LOGIN_RATE = { max: 10, timeWindow: '1 minute' };

export default async function authRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const sessionView = async (p: { userId: string; email: string; name: string; csrfToken: string }) => ({
    user: { id: p.userId, email: p.email, name: p.name },
    csrfToken: p.csrfToken,
    memberships: await membershipsOfUser(app.db, p.userId),
  });

  app.post(
    '/api/auth/login',
    {
      config: { rateLimit: LOGIN_RATE },
      schema: {
        tags: ['auth'],
        summary: 'Log in; sets the session cookie and returns the CSRF token for writes',
        body: Type.Object({ email: Type.String({ minLength: 3, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => sessionView(await app.auth.login(request.body.email, request.body.password, reply)),
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'End the session' } }, async (request, reply) => {
    await app.auth.logout(request, reply);
    return reply.code(204).send();
  });

  app.get('/api/auth/session', { schema: { tags: ['auth'], summary: 'The signed-in user, their organisations and the CSRF token' } }, async (request) =>
    sessionView(requireUser(request)),
  );
}
