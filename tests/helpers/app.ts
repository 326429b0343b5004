import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import argon2 from 'argon2';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { FrameworkDefinition, Role } from '@vertelpunt/core';
import { addMembership, createCollection, createFramework, createOrganisation, createUser, publishVersion, type Database } from '@vertelpunt/db';
import { openQueue } from '@vertelpunt/queue';
import { buildApp } from '../../apps/api/src/app.ts';
import { loadConfig } from '../../apps/api/src/config.ts';
import { testFramework } from './fixtures.ts';

export interface TestApp {
  app: FastifyInstance;
  dataDir: string;
  close(): Promise<void>;
}

/** The real app on a given database, with the in-process queue and a throwaway data folder. */
export async function buildTestApp(database: Database, env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vertelpunt-test-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, ...env });
  const { queue, events } = openQueue(undefined);
  const app = await buildApp({ config, database, queue, events });
  await app.ready();
  return {
    app,
    dataDir,
    async close() {
      await app.close();
      await queue.close();
      await events.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const PASSWORD = 'correct horse battery staple';
let passwordHash: string | undefined;

/** A signed-in client: every request carries the session cookie and the CSRF token. */
export interface Client {
  userId: string;
  email: string;
  cookie: string;
  csrfToken: string;
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

let logins = 0;

export async function login(app: FastifyInstance, email: string, password = PASSWORD): Promise<Client> {
  // Each test login from its own address, so the per-address login limit never bites a fixture.
  const remoteAddress = `127.0.${Math.floor(++logins / 250) % 250}.${(logins % 250) + 1}`;
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, remoteAddress });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'vp_session');
  const body = res.json<{ csrfToken: string; user: { id: string } }>();
  const header = `vp_session=${cookie!.value}`;
  return {
    userId: body.user.id,
    email,
    cookie: header,
    csrfToken: body.csrfToken,
    inject: (opts) => app.inject({ ...opts, headers: { cookie: header, 'x-csrf-token': body.csrfToken, ...opts.headers } }),
  };
}

export interface OrgFixture {
  organisationId: string;
  frameworkId: string;
  versionId: string;
  collectionId: string;
  /** One signed-in client per role. */
  as: Record<Role, Client>;
}

/**
 * An organisation with one user per role, a published framework with every question kind
 * and an open collection on every channel.
 */
export async function createOrgFixture(app: FastifyInstance, database: Database, name: string, definition: FrameworkDefinition = testFramework()): Promise<OrgFixture> {
  passwordHash ??= await argon2.hash(PASSWORD);
  const db = database.db;
  const org = await createOrganisation(db, { name, slug: `${name.toLowerCase().replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2, 8)}` });
  const { framework, version } = await createFramework(db, org.id, `${name} framework`, definition);
  await publishVersion(db, org.id, version.id);
  const collection = await createCollection(db, org.id, {
    name: `${name} verhalen`,
    frameworkVersionId: version.id,
    channels: ['web', 'tablet', 'kiosk', 'interview'],
    prompts: [{ id: 'trots', text: { nl: 'Vertel over een moment waarop je trots was.' } }],
    tellerKind: 'staff',
  });
  const roles: Role[] = ['admin', 'analyst', 'researcher', 'facilitator', 'caseworker'];
  const as = {} as Record<Role, Client>;
  for (const role of roles) {
    const email = `${role}@${org.slug}.test`;
    const user = await createUser(db, { email, name: `${role} ${name}`, passwordHash });
    await addMembership(db, { userId: user.id, organisationId: org.id, role });
    as[role] = await login(app, email);
  }
  return { organisationId: org.id, frameworkId: framework.id, versionId: version.id, collectionId: collection.id, as };
}
