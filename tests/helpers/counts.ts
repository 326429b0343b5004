import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '@vertelpunt/db';

/** Row counts of everything a story write touches, to prove a failed request changed nothing. */
export async function storyCounts(db: Db): Promise<Record<string, number>> {
  const [row] = await queryRows<{ stories: number; answers: number; outbox: number; attachments: number }>(db, sql`
    select (select count(*) from story)::int as stories,
           (select count(*) from story_answer)::int as answers,
           (select count(*) from outbox)::int as outbox,
           (select count(*) from attachment)::int as attachments`);
  return { ...row! };
}
