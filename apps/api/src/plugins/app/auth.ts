import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import argon2 from 'argon2';
import { ForbiddenError, UnauthorizedError, can, type Action, type Role } from '@vertelpunt/core';
import { findActiveDevice, findSession, findUserByEmail, membershipsOfUser, createSession, deleteSession, touchDevice, type DeviceRow, type SessionWithMemberships } from '@vertelpunt/db';

export const SESSION_COOKIE = 'vp_session';
export const CSRF_HEADER = 'x-csrf-token';
const DEVICE_TOKEN = /^Bearer vpd_([0-9a-f-]{36})_([A-Za-z0-9_-]{43})$/;

export interface Membership {
  organisationId: string;
  role: Role;
  teamId: string | null;
}
export type Principal =
  | { kind: 'user'; userId: string; email: string; name: string; csrfToken: string; memberships: Membership[] }
  | { kind: 'device'; device: DeviceRow };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    auth: {
      login(email: string, password: string, reply: FastifyReply): Promise<Principal & { kind: 'user' }>;
      logout(request: FastifyRequest, reply: FastifyReply): Promise<void>;
      hashPassword(password: string): Promise<string>;
      newDeviceToken(deviceId: string): { token: string; tokenHash: string };
      deviceTokenHash(secret: string): string;
      /**
       * Whether the session this request came with may still do `action` in `organisationId`
       * (not logged out, expired, disabled, or moved to another role): for long-lived responses
       * such as event streams, which outlive the check made when they started.
       */
      stillAllowed(request: FastifyRequest, organisationId: string, action: Action): Promise<boolean>;
    };
  }
}

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function sameSecret(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** The signed-in user, or 401. */
export function requireUser(request: FastifyRequest): Principal & { kind: 'user' } {
  const p = request.principal;
  if (p?.kind !== 'user') throw new UnauthorizedError('log in first');
  return p;
}

const membershipOf = (memberships: readonly Membership[], organisationId: string) => memberships.find((x) => x.organisationId === organisationId);

/**
 * The organisation boundary: the signed-in user's membership of `organisationId`, allowed
 * to do `action`; otherwise 403. Every organisation-scoped route starts here.
 */
export function requireMember(request: FastifyRequest, organisationId: string, action: Action): Membership & { userId: string } {
  const user = requireUser(request);
  const m = membershipOf(user.memberships, organisationId);
  if (!m) throw new ForbiddenError('you have no access to this organisation');
  if (!can(m.role, action)) throw new ForbiddenError(`your role (${m.role}) may not do this`);
  return { ...m, userId: user.userId };
}

/**
 * Sessions: a random token in an httpOnly SameSite cookie, its SHA-256 in the database. Every
 * cookie-authenticated write must carry the session's CSRF token in a header: a cross-site
 * form can send the cookie but cannot read the token. Devices use a bearer token instead.
 */
export default fp(
  async (app) => {
    const { config } = app;
    // One dummy verification per failed lookup so response time does not reveal which
    // e-mail addresses exist.
    const dummyHash = await argon2.hash(randomBytes(16).toString('hex'));

    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: config.cookieSecure };

    /**
     * Sessions looked up in the last two seconds. A busy client (a dashboard, a syncing
     * tablet's user) then costs one database round trip per two seconds, not one per request.
     * Logging out here takes effect at once; through another API instance, within two seconds.
     */
    const recent = new Map<string, { session: SessionWithMemberships | undefined; until: number }>();
    const SESSION_CACHE_MS = 2_000;
    const lookupSession = async (tokenHash: string) => {
      const hit = recent.get(tokenHash);
      if (hit && hit.until > Date.now()) return hit.session;
      const session = await findSession(app.db, tokenHash);
      if (recent.size >= 10_000) recent.clear();
      recent.set(tokenHash, { session, until: Date.now() + SESSION_CACHE_MS });
      return session;
    };

    app.decorateRequest('principal', null);
    app.decorate('auth', {
      async login(email, password, reply) {
        const user = await findUserByEmail(app.db, email);
        const ok = await argon2.verify(user?.passwordHash ?? dummyHash, password);
        if (!user || !ok || user.disabledAt) throw new UnauthorizedError('e-mail address or password is wrong');
        const token = randomBytes(32).toString('base64url');
        const csrfToken = randomBytes(32).toString('base64url');
        const expiresAt = new Date(Date.now() + config.sessionTtlHours * 3600_000);
        await createSession(app.db, { tokenHash: sha256(token), userId: user.id, csrfToken, expiresAt });
        void reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, expires: expiresAt });
        const memberships = await membershipsOfUser(app.db, user.id);
        return { kind: 'user', userId: user.id, email: user.email, name: user.name, csrfToken, memberships };
      },
      async logout(request, reply) {
        const token = request.cookies[SESSION_COOKIE];
        if (token) {
          recent.delete(sha256(token));
          await deleteSession(app.db, sha256(token));
        }
        void reply.clearCookie(SESSION_COOKIE, cookieOptions);
      },
      hashPassword: (password) => argon2.hash(password),
      newDeviceToken(deviceId) {
        const secret = randomBytes(32).toString('base64url');
        return { token: `vpd_${deviceId}_${secret}`, tokenHash: sha256(secret) };
      },
      deviceTokenHash: sha256,
      async stillAllowed(request, organisationId, action) {
        const token = request.cookies[SESSION_COOKIE];
        if (!token) return false;
        const session = await lookupSession(sha256(token));
        const m = session && membershipOf(session.memberships, organisationId);
        return m !== undefined && can(m.role, action);
      },
    });

    app.addHook('onRequest', async (request) => {
      const header = request.headers.authorization;
      if (header !== undefined) {
        const m = DEVICE_TOKEN.exec(header);
        const device = m ? await findActiveDevice(app.db, m[1]!, sha256(m[2]!)) : undefined;
        if (!device) throw new UnauthorizedError('device token is invalid or revoked');
        request.principal = { kind: 'device', device };
        // Last-seen is for the admin's device list; a minute's precision saves a write per story.
        if (!device.lastSeenAt || Date.now() - device.lastSeenAt.getTime() > 60_000) void touchDevice(app.db, device.id).catch(() => {});
        return;
      }
      const token = request.cookies[SESSION_COOKIE];
      // Logging in replaces whatever session the browser had; it needs no CSRF token.
      if (!token || request.routeOptions.url === '/api/auth/login') return;
      const session = await lookupSession(sha256(token));
      if (!session) return;
      if (UNSAFE.has(request.method)) {
        const sent = request.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) throw new ForbiddenError('missing or wrong CSRF token');
      }
      request.principal = { kind: 'user', ...session };
    });
  },
  { name: 'auth', dependencies: ['db', '@fastify/cookie'] },
);
