/** Creates the demo organisation, its users, framework and stories (once). */
import path from 'node:path';
import { dbConfigFromEnv, openDatabase } from '@vertelpunt/db';
import { loadConfig } from '../apps/api/src/config.ts';
import { seedDemo } from '../apps/api/src/seed.ts';

const config = loadConfig();
const database = await openDatabase(dbConfigFromEnv(process.env, path.join(config.dataDir, 'pglite')));
await database.migrate();
const result = await seedDemo(database.db, { password: process.env.DEMO_PASSWORD });
await database.close();
if (!result.created) console.log('the demo organisation already exists; nothing changed');
else {
  console.log(`demo organisation created with ${result.stories} stories; password: ${result.logins[0]?.password}`);
  for (const l of result.logins) console.log(`  ${l.role.padEnd(12)} ${l.email}`);
}
