import { and, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { ConflictError, NotFoundError, type AnswerFact, type Channel } from '@vertelpunt/core';
import type { Db, DbOrTx } from '../client.ts';
import { attachments, outbox, stories, storyAnswers } from '../schema/index.ts';

export type StoryRow = typeof stories.$inferSelect;
export type NewStory = typeof stories.$inferInsert & { receivedAt: Date };

export const STORY_RECEIVED_TOPIC = 'story.received';

/**
 * Stores a story once. The story, its answer facts and its outbox record commit together,
 * so an accepted story is always queued for processing. A second call with the same id
 * stores nothing and returns the stored story (`created: false`), provided it carries the
 * same content; a different story under a used id is a conflict.
 */
export async function insertStoryOnce(db: Db, story: NewStory, facts: AnswerFact[]): Promise<{ story: StoryRow; created: boolean }> {
  return db.transaction(async (tx) => {
    const [inserted] = await tx.insert(stories).values(story).onConflictDoNothing({ target: stories.id }).returning();
    if (!inserted) {
      const [existing] = await tx.select().from(stories).where(eq(stories.id, story.id));
      if (!existing || existing.organisationId !== story.organisationId || existing.contentHash !== story.contentHash) {
        throw new ConflictError('a different story was already stored under this id');
      }
      return { story: existing, created: false };
    }
    if (facts.length > 0) {
      await tx.insert(storyAnswers).values(
        facts.map((f, ordinal) => ({
          ...f,
          storyId: inserted.id,
          ordinal,
          organisationId: inserted.organisationId,
          collectionId: inserted.collectionId,
          receivedAt: inserted.receivedAt,
        })),
      );
    }
    await tx.insert(outbox).values({ topic: STORY_RECEIVED_TOPIC, key: `story:${inserted.id}`, payload: { storyId: inserted.id, organisationId: inserted.organisationId } });
    return { story: inserted, created: true };
  });
}

export async function getStory(db: DbOrTx, organisationId: string, id: string): Promise<StoryRow> {
  const [row] = await db.select().from(stories).where(and(eq(stories.id, id), eq(stories.organisationId, organisationId)));
  if (!row) throw new NotFoundError('story');
  return row;
}

/** A story by id in any organisation: for callers that check access themselves. */
export async function findStoryAnyOrganisation(db: DbOrTx, id: string): Promise<StoryRow | undefined> {
  const [row] = await db.select().from(stories).where(eq(stories.id, id));
  return row;
}

/** `qid:optionId` matches a chosen option; `qid:lo..hi` a dyad/scale value (or triad's first weight) in range. */
export type AnswerFilter = { questionId: string; optionId: string } | { questionId: string; min: number; max: number };

export interface StoryQuery {
  organisationId: string;
  collectionId?: string;
  channel?: Channel;
  from?: Date;
  to?: Date;
  tellerUserId?: string;
  panelCode?: string;
  answers?: AnswerFilter[];
  limit: number;
  /** Keyset cursor: the last row of the previous page. */
  after?: { receivedAt: Date; id: string };
}

/** One page of stories, newest first, with keyset pagination (stable under concurrent inserts). */
export async function listStories(db: DbOrTx, q: StoryQuery): Promise<StoryRow[]> {
  const where: (SQL | undefined)[] = [eq(stories.organisationId, q.organisationId)];
  if (q.collectionId) where.push(eq(stories.collectionId, q.collectionId));
  if (q.channel) where.push(eq(stories.channel, q.channel));
  if (q.from) where.push(gte(stories.receivedAt, q.from));
  if (q.to) where.push(lt(stories.receivedAt, q.to));
  if (q.tellerUserId) where.push(eq(stories.tellerUserId, q.tellerUserId));
  if (q.panelCode) where.push(eq(stories.panelCode, q.panelCode));
  for (const f of q.answers ?? []) {
    const match = 'optionId' in f ? sql`${storyAnswers.optionId} = ${f.optionId}` : sql`${storyAnswers.v1} between ${f.min} and ${f.max}`;
    where.push(
      sql`exists (select 1 from ${storyAnswers} where ${storyAnswers.storyId} = ${stories.id} and ${storyAnswers.organisationId} = ${q.organisationId} and ${storyAnswers.questionId} = ${f.questionId} and ${match})`,
    );
  }
  if (q.after) {
    where.push(or(lt(stories.receivedAt, q.after.receivedAt), and(eq(stories.receivedAt, q.after.receivedAt), lt(stories.id, q.after.id))));
  }
  return db
    .select()
    .from(stories)
    .where(and(...where))
    .orderBy(desc(stories.receivedAt), desc(stories.id))
    .limit(q.limit);
}

export type AttachmentRow = typeof attachments.$inferSelect;

export async function insertAttachment(db: DbOrTx, values: typeof attachments.$inferInsert): Promise<AttachmentRow> {
  const [row] = await db.insert(attachments).values(values).returning();
  return row!;
}

export async function listAttachments(db: DbOrTx, organisationId: string, storyId: string): Promise<AttachmentRow[]> {
  return db.select().from(attachments).where(and(eq(attachments.storyId, storyId), eq(attachments.organisationId, organisationId)));
}

export async function getAttachment(db: DbOrTx, organisationId: string, storyId: string, id: string): Promise<AttachmentRow> {
  const [row] = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, id), eq(attachments.storyId, storyId), eq(attachments.organisationId, organisationId)));
  if (!row) throw new NotFoundError('attachment');
  return row;
}
