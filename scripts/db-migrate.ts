/** Applies pending migrations to DATABASE_URL, or to the embedded database without it. */
import path from 'node:path';
import { dbConfigFromEnv, openDatabase } from '@vertelpunt/db';
import { loadConfig } from '../apps/api/src/config.ts';

const config = loadConfig();
const database = await openDatabase(dbConfigFromEnv(process.env, path.join(config.dataDir, 'pglite')));
await database.migrate();
await database.close();
console.log(`migrations applied (${database.kind})`);
