import { openDatabase } from '@vertelpunt/db';
import { dashboardIndexSuite } from './dashboard-index.suite.ts';

dashboardIndexSuite(async () => {
  const database = await openDatabase({ kind: 'embedded' });
  await database.migrate();
  return { ...database, destroy: () => database.close() };
});
