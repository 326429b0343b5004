import { openDatabase } from '@vertelpunt/db';
import { storyApiSuite } from './stories.suite.ts';

storyApiSuite(async () => {
  const database = await openDatabase({ kind: 'embedded' });
  await database.migrate();
  return { ...database, destroy: () => database.close() };
});
