import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildTestApp, createOrgFixture, PASSWORD, type OrgFixture, type TestApp } from '../helpers/app.ts';
import { storyCounts } from '../helpers/counts.ts';
import { validStory } from '../helpers/fixtures.ts';
import { freshDatabase, type TestDatabase } from '../helpers/pg.ts';

let database: TestDatabase;
let t: TestApp;
let org: OrgFixture;

beforeAll(async () => {
  database = await freshDatabase(inject('pgTemplate'));
  t = await buildTestApp(database, { COOKIE_SECURE: 'true' });
  org = await createOrgFixture(t.app, database, 'Veilig');
});
afterAll(async () => {
  await t.close();
  await database.destroy();
});

describe('security headers', () => {
  it('sets a strict CSP and the usual hardening headers on pages and API answers', async () => {
    for (const url of ['/', '/api/health']) {
      const res = await t.app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('shows no stack trace or SQL in a 5xx, and no internals in a 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toMatch(/at .*\.ts:\d+|select |node_modules/i);
  });
});

describe('session cookie', () => {
  it('is httpOnly, SameSite=Lax, Secure when configured, and scoped to the site', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: org.as.analyst.email, password: PASSWORD } });
    const cookie = res.cookies.find((c) => c.name === 'vp_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true, path: '/' });
    expect(cookie.value.length).toBeGreaterThanOrEqual(43);
  });

  it('is invalid after logout', async () => {
    const { login } = await import('../helpers/app.ts');
    const c = await login(t.app, org.as.researcher.email);
    expect((await c.inject({ method: 'GET', url: '/api/auth/session' })).statusCode).toBe(200);
    expect((await c.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    expect((await c.inject({ method: 'GET', url: '/api/auth/session' })).statusCode).toBe(401);
  });
});

describe('CSRF on cookie-authenticated writes', () => {
  it('refuses a write without the token, or with another session\'s token, and changes nothing', async () => {
    const before = await storyCounts(database.db);
    const story = validStory(org.collectionId);
    for (const headers of [{ cookie: org.as.caseworker.cookie }, { cookie: org.as.caseworker.cookie, 'x-csrf-token': org.as.admin.csrfToken }, { cookie: org.as.caseworker.cookie, 'x-csrf-token': '' }]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/stories', payload: story, headers });
      expect(res.statusCode).toBe(403);
    }
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/orgs/${org.organisationId}/collections/${org.collectionId}`, payload: { name: 'Overgenomen' }, headers: { cookie: org.as.admin.cookie } });
    expect(patch.statusCode).toBe(403);
    expect(await storyCounts(database.db)).toEqual(before);
  });

  it('does not ask a device (bearer token, no cookie) for one', async () => {
    const created = await org.as.admin.inject({ method: 'POST', url: `/api/orgs/${org.organisationId}/devices`, payload: { name: 'Tablet', kind: 'tablet', collectionId: org.collectionId } });
    const res = await t.app.inject({ method: 'POST', url: '/api/stories', payload: validStory(org.collectionId), headers: { authorization: `Bearer ${created.json().token}` } });
    expect(res.statusCode).toBe(201);
  });
});

describe('rate limits', () => {
  it('throttles login attempts per address (and a right password does not reset the count)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: org.as.facilitator.email, password: i === 11 ? PASSWORD : 'fout' }, remoteAddress: '10.9.9.9' });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
    // Another address is not affected.
    const other = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: org.as.facilitator.email, password: PASSWORD }, remoteAddress: '10.9.9.10' });
    expect(other.statusCode).toBe(200);
  });

  it('limits a kiosk to 30 stories a minute, and only that kiosk', async () => {
    const kiosk = async () => (await org.as.admin.inject({ method: 'POST', url: `/api/orgs/${org.organisationId}/devices`, payload: { name: 'Kiosk', kind: 'kiosk', collectionId: org.collectionId } })).json().token as string;
    const [a, b] = [await kiosk(), await kiosk()];
    const send = (token: string) => t.app.inject({ method: 'POST', url: '/api/stories', payload: validStory(org.collectionId), headers: { authorization: `Bearer ${token}` } });
    const codes: number[] = [];
    for (let i = 0; i < 32; i++) codes.push((await send(a)).statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(30);
    expect(codes.slice(30)).toEqual([429, 429]);
    expect((await send(b)).statusCode).toBe(201);
  });
});

describe('uploads', () => {
  it('refuses content that does not match its declared type', async () => {
    const story = validStory(org.collectionId);
    expect((await org.as.caseworker.inject({ method: 'POST', url: '/api/stories', payload: story })).statusCode).toBe(201);
    const gif = Buffer.from('R0lGODlhAQABAAAAACw=', 'base64');
    const payload = Buffer.concat([Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'), gif, Buffer.from('\r\n--b--\r\n')]);
    const res = await org.as.caseworker.inject({ method: 'POST', url: `/api/stories/${story.id}/attachments`, payload, headers: { 'content-type': 'multipart/form-data; boundary=b' } });
    expect(res.statusCode).toBe(415);
  });
});
