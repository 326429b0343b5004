import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { MIGRATIONS_FOLDER, openDatabase } from '@vertelpunt/db';
import { adminUrl, databaseUrl } from '../helpers/pg.ts';

/**
 * Migrates a template database once per test run; every test file clones it (CREATE DATABASE
 * ... TEMPLATE), which takes milliseconds instead of re-running every migration. The name
 * carries a hash of the migrations, so a changed migration gets a fresh template.
 */
export default async function setup({ provide }: { provide: (key: 'pgTemplate', value: string) => void }) {
  const files = (await readdir(MIGRATIONS_FOLDER)).filter((f) => f.endsWith('.sql')).sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(await readFile(path.join(MIGRATIONS_FOLDER, f)));
  const template = `vt_template_${hash.digest('hex').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (!rowCount) {
      await admin.query(`create database ${template}`);
      const database = await openDatabase({ kind: 'postgres', url: databaseUrl(template), poolSize: 1 });
      try {
        await database.migrate();
      } catch (err) {
        await database.close();
        await admin.query(`drop database ${template}`);
        throw err;
      }
      await database.close();
    }
  } finally {
    await admin.end();
  }
  provide('pgTemplate', template);
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
  }
}
