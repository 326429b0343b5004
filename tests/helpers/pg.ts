import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '@vertelpunt/db';

/** The server the tests run against: TEST_DATABASE_URL, else the local default. */
export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export interface TestDatabase extends Database {
  name: string;
  url: string;
  /** Closes the pool and drops the database. */
  destroy(): Promise<void>;
}

/** A fresh, migrated database of its own, cloned from the run's template. */
export async function freshDatabase(template: string): Promise<TestDatabase> {
  const name = `vt_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  const database = await openDatabase({ kind: 'postgres', url, poolSize: 5 });
  return {
    ...database,
    name,
    url,
    async destroy() {
      await database.close();
      const a = new pg.Client({ connectionString: adminUrl() });
      await a.connect();
      try {
        await a.query(`drop database if exists ${name} with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}
