import { and, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { ConflictError, NotFoundError, type AnswerFact, type Channel } from '@vertelpunt/core';
import { queryRows, type DbOrTx } from '../client.ts';
import { attachments, stories, storyAnswers } from '../schema/index.ts';
import type { AnswerCondition, DashboardFilter } from './dashboard.ts';

export type StoryRow = typeof stories.$inferSelect;

export const STORY_RECEIVED_TOPIC = 'story.received';

export interface StoryToInsert {
  story: StoryRow;
  facts: AnswerFact[];
}
export type InsertResult = { story: StoryRow; created: boolean } | { error: Error };

/**
 * Stores stories once each. Every story, its answer facts and its outbox record are written
 * by one statement, so they commit together (an accepted story is always queued for
 * processing), and a batch costs one round trip. Concurrent writes of the same id wait on the
 * primary key and exactly one inserts. A repeat stores nothing and returns the stored story
 * (`created: false`) if it carries the same content; a different story under a used id is a
 * ConflictError. Results come back in input order, one per story.
 */
export async function insertStories(db: DbOrTx, items: StoryToInsert[]): Promise<InsertResult[]> {
  const input = JSON.stringify(
    items.map(({ story: s, facts }) => ({
      id: s.id,
      organisation_id: s.organisationId,
      collection_id: s.collectionId,
      framework_version_id: s.frameworkVersionId,
      prompt_id: s.promptId,
      title: s.title,
      text: s.text,
      language: s.language,
      channel: s.channel,
      teller_kind: s.tellerKind,
      teller_user_id: s.tellerUserId,
      team_id: s.teamId,
      device_id: s.deviceId,
      panel_code: s.panelCode,
      created_at: s.createdAt.toISOString(),
      received_at: s.receivedAt.toISOString(),
      answers: s.answers,
      redactions: s.redactions,
      original_text: s.originalText,
      content_hash: s.contentHash,
      facts: facts.map((f, ordinal) => ({ ordinal, question_id: f.questionId, kind: f.kind, not_applicable: f.notApplicable, option_id: f.optionId, item_id: f.itemId, v1: f.v1, v2: f.v2, v3: f.v3, text: f.text })),
    })),
  );
  const inserted = await queryRows<{ id: string }>(
    db,
    sql`with input as (
      select * from jsonb_to_recordset(${input}::jsonb) as x(
        id uuid, organisation_id uuid, collection_id uuid, framework_version_id uuid, prompt_id text, title text, text text, language text,
        channel channel, teller_kind teller_kind, teller_user_id uuid, team_id uuid, device_id uuid, panel_code text, created_at timestamptz,
        received_at timestamptz, answers jsonb, redactions jsonb, original_text text, content_hash text, facts jsonb)
    ), s as (
      insert into story (id, organisation_id, collection_id, framework_version_id, prompt_id, title, text, language, channel, teller_kind,
                         teller_user_id, team_id, device_id, panel_code, created_at, received_at, answers, redactions, original_text, content_hash)
      select id, organisation_id, collection_id, framework_version_id, prompt_id, title, text, language, channel, teller_kind,
             teller_user_id, team_id, device_id, panel_code, created_at, received_at, answers, coalesce(redactions, '{}'::jsonb), original_text, content_hash
      from input
      on conflict (id) do nothing
      returning id, organisation_id, collection_id, received_at
    ), answers as (
      insert into story_answer (story_id, ordinal, organisation_id, collection_id, question_id, kind, not_applicable, option_id, item_id, v1, v2, v3, text, received_at)
      select s.id, f.ordinal, s.organisation_id, s.collection_id, f.question_id, f.kind, f.not_applicable, f.option_id, f.item_id, f.v1, f.v2, f.v3, f.text, s.received_at
      from s join input i on i.id = s.id
      cross join jsonb_to_recordset(i.facts)
        as f(ordinal smallint, question_id text, kind text, not_applicable boolean, option_id text, item_id text, v1 float8, v2 float8, v3 float8, text text)
    ), queued as (
      insert into outbox (topic, key, payload)
      select ${STORY_RECEIVED_TOPIC}, 'story:' || s.id, jsonb_build_object('storyId', s.id, 'organisationId', s.organisation_id) from s
    )
    select id from s`,
  );
  const created = new Set(inserted.map((r) => r.id));
  return Promise.all(
    items.map(async ({ story }): Promise<InsertResult> => {
      // The first of several same-id stories in one batch is the one that was inserted.
      if (created.delete(story.id)) return { story, created: true };
      const [existing] = await db.select().from(stories).where(eq(stories.id, story.id));
      if (!existing || existing.organisationId !== story.organisationId || existing.contentHash !== story.contentHash) {
        return { error: new ConflictError('a different story was already stored under this id') };
      }
      return { story: existing, created: false };
    }),
  );
}

export async function insertStoryOnce(db: DbOrTx, story: StoryRow, facts: AnswerFact[]): Promise<{ story: StoryRow; created: boolean }> {
  const [result] = await insertStories(db, [{ story, facts }]);
  if ('error' in result!) throw result.error;
  return result!;
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
    // DESC NULLS LAST, the order of story_org_received_idx: with plain DESC (NULLS FIRST) the
    // planner cannot walk the index to the first page and hash-joins every match instead
    // (775 ms against 22 ms for an answer filter at 1M stories).
    .orderBy(sql`${stories.receivedAt} desc nulls last`, sql`${stories.id} desc nulls last`)
    .limit(q.limit);
}

/**
 * The same selection as a dashboard filter, for the dashboard index to pick a page from; null
 * where it has no equivalent (a teller, a panel code, or a period in timestamps rather than
 * days). A range matches any answer row of the question, as here.
 */
export function storyQueryAsFilter(q: StoryQuery): DashboardFilter | null {
  if (q.tellerUserId || q.panelCode || q.from || q.to) return null;
  return {
    organisationId: q.organisationId,
    ...(q.collectionId ? { collectionIds: [q.collectionId] } : {}),
    ...(q.channel ? { channels: [q.channel] } : {}),
    ...(q.answers?.length
      ? { answers: q.answers.map((a): AnswerCondition => ('optionId' in a ? { questionId: a.questionId, kind: 'option', optionIds: [a.optionId] } : { questionId: a.questionId, kind: 'range', min: a.min, max: a.max })) }
      : {}),
  };
}

/** These stories of the organisation, in the order of `ids` (missing ones left out). */
export async function storiesByIds(db: DbOrTx, organisationId: string, ids: string[]): Promise<StoryRow[]> {
  if (ids.length === 0) return [];
  const rows = await db.select().from(stories).where(and(eq(stories.organisationId, organisationId), inArray(stories.id, ids)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
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
