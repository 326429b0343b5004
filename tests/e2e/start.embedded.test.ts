import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The README's start command on a machine without PostgreSQL or Redis: `npm start` with no
 * DATABASE_URL or REDIS_URL must serve /api/health within 60 s, with the demo organisation's
 * published framework and stories in place.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const PASSWORD = 'e2e-demo-wachtwoord';
let child: ChildProcess;
let dataDir: string;
let baseUrl: string;
let startedIn: number;
let output = '';

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'vertelpunt-start-'));
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATA_DIR: dataDir, DEMO_PASSWORD: PASSWORD, NODE_ENV: 'development', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  const t0 = Date.now();
  child = spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed within 60 s:\n${output}`)), 60_000);
    const poll = setInterval(() => {
      const m = /draait op (http:\/\/\S+)/.exec(output);
      if (m) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(m[1]!);
      }
    }, 100);
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  const health = await fetch(`${baseUrl}/api/health`);
  expect(health.status).toBe(200);
  startedIn = Date.now() - t0;
}, 90_000);

afterAll(async () => {
  if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGTERM');
  await new Promise((r) => (child.exitCode === null ? child.on('exit', r) : r(null)));
  await rm(dataDir, { recursive: true, force: true });
});

describe('npm start on the embedded default', () => {
  it('serves /api/health within 60 s and says how to log in', () => {
    expect(startedIn).toBeLessThan(60_000);
    expect(output).toContain('admin@demostad.nl');
    expect(output).toContain('ingebouwd (PGlite)');
  });

  it('is ready on embedded PostgreSQL and the in-process queue', async () => {
    const ready = (await (await fetch(`${baseUrl}/api/ready`)).json()) as Record<string, unknown>;
    expect(ready).toMatchObject({ status: 'ready', mode: { database: 'embedded', queue: 'in-process' } });
  });

  it('has the demo organisation with a published framework and stories', async () => {
    const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'analist@demostad.nl', password: PASSWORD }) });
    expect(login.status).toBe(200);
    const session = (await login.json()) as { memberships: { organisationId: string }[] };
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const orgId = session.memberships[0]!.organisationId;
    const frameworks = (await (await fetch(`${baseUrl}/api/orgs/${orgId}/frameworks`, { headers: { cookie } })).json()) as { versions: { status: string }[] }[];
    expect(frameworks[0]!.versions.some((v) => v.status === 'published')).toBe(true);
    const stories = (await (await fetch(`${baseUrl}/api/orgs/${orgId}/stories?limit=200`, { headers: { cookie } })).json()) as { items: unknown[]; nextCursor: string | null };
    expect(stories.items.length).toBe(200);
    expect(stories.nextCursor).not.toBeNull();
  });

  it('serves the web app and the API documentation from the same origin', async () => {
    const page = await fetch(`${baseUrl}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    expect((await fetch(`${baseUrl}/api/docs/json`)).status).toBe(200);
  });
});
