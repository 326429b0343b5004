import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Answers, FrameworkDefinition } from '@vertelpunt/core';
import { queryRows, type Db, type DbOrTx } from '../client.ts';
import { filteredStoryIds, receivedWithin, type DashboardFilter } from './dashboard.ts';
import { frameworkVersions, outbox, patternMembers, patternRuns, patterns, stories, storyEnrichments } from '../schema/index.ts';

export type OutboxRow = typeof outbox.$inferSelect;
export type EnrichmentRow = typeof storyEnrichments.$inferSelect;
export type PatternRow = typeof patterns.$inferSelect;
export type PatternRunRow = typeof patternRuns.$inferSelect;

/**
 * Hands pending outbox records to `deliver` and marks them relayed, in one transaction: if
 * delivery throws (the queue is away), nothing is marked and the records wait for the next
 * pass. `skip locked` lets several relays run side by side without taking the same records.
 */
export async function relayOutbox(db: Db, limit: number, deliver: (rows: OutboxRow[]) => Promise<void>): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.select().from(outbox).where(sql`${outbox.relayedAt} is null`).orderBy(asc(outbox.id)).limit(limit).for('update', { skipLocked: true });
    if (rows.length === 0) return 0;
    await deliver(rows);
    // Gone once queued (the job id keeps a repeat from running twice): a table of relayed rows
    // grew with every story, and each poll of the pending index stepped over their dead entries.
    await tx.delete(outbox).where(inArray(outbox.id, rows.map((r) => r.id)));
    return rows.length;
  });
}

export async function pendingOutboxCount(db: DbOrTx): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from outbox where relayed_at is null`);
  return row?.n ?? 0;
}

export async function findStoryForEnrichment(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ id: stories.id, organisationId: stories.organisationId, collectionId: stories.collectionId, title: stories.title, text: stories.text, language: stories.language, receivedAt: stories.receivedAt })
    .from(stories)
    .where(eq(stories.id, id));
  return row;
}

/**
 * Stores a story's enrichment once (a retried job finds the row and adds nothing) and fills in
 * the story's language where the teller gave none, in one statement.
 */
export async function insertEnrichment(db: DbOrTx, row: typeof storyEnrichments.$inferInsert): Promise<boolean> {
  const inserted = await queryRows<{ story_id: string }>(
    db,
    sql`with e as (
          insert into story_enrichment (story_id, organisation_id, collection_id, language, sentiment, token_count, terms, pattern_id, similarity)
          values (${row.storyId}, ${row.organisationId}, ${row.collectionId}, ${row.language}, ${row.sentiment}, ${row.tokenCount}, ${JSON.stringify(row.terms)}::jsonb, ${row.patternId ?? null}, ${row.similarity ?? null})
          on conflict (story_id) do nothing
          returning story_id
        ), l as (
          update story set language = ${row.language} where id in (select story_id from e) and language is null
        )
        select story_id from e`,
  );
  return inserted.length > 0;
}

export async function getEnrichment(db: DbOrTx, organisationId: string, storyId: string): Promise<EnrichmentRow | undefined> {
  const [row] = await db.select().from(storyEnrichments).where(and(eq(storyEnrichments.storyId, storyId), eq(storyEnrichments.organisationId, organisationId)));
  return row;
}

/** The latest finished run of a collection. */
export async function latestRun(db: DbOrTx, collectionId: string): Promise<PatternRunRow | undefined> {
  const [row] = await db.select().from(patternRuns).where(and(eq(patternRuns.collectionId, collectionId), eq(patternRuns.status, 'done'))).orderBy(desc(patternRuns.startedAt)).limit(1);
  return row;
}

/** The current patterns of a collection: those of its latest finished run. */
export async function currentPatterns(db: DbOrTx, collectionId: string): Promise<PatternRow[]> {
  const run = await latestRun(db, collectionId);
  if (!run) return [];
  return db.select().from(patterns).where(and(eq(patterns.collectionId, collectionId), eq(patterns.lastRunId, run.id))).orderBy(desc(patterns.size));
}

export async function listRuns(db: DbOrTx, organisationId: string, collectionId: string, limit = 50): Promise<PatternRunRow[]> {
  return db
    .select()
    .from(patternRuns)
    .where(and(eq(patternRuns.organisationId, organisationId), eq(patternRuns.collectionId, collectionId)))
    .orderBy(desc(patternRuns.startedAt))
    .limit(limit);
}

export async function getRun(db: DbOrTx, organisationId: string, runId: string): Promise<PatternRunRow | undefined> {
  const [row] = await db.select().from(patternRuns).where(and(eq(patternRuns.id, runId), eq(patternRuns.organisationId, organisationId)));
  return row;
}

export async function createRun(db: DbOrTx, values: { id?: string; organisationId: string; collectionId: string; reason: string; params: Record<string, unknown> }): Promise<PatternRunRow> {
  const [row] = await db.insert(patternRuns).values(values).onConflictDoNothing({ target: patternRuns.id }).returning();
  if (row) return row;
  const [existing] = await db.select().from(patternRuns).where(eq(patternRuns.id, values.id!));
  return existing!;
}

export async function updateRun(db: DbOrTx, id: string, values: Partial<typeof patternRuns.$inferInsert>): Promise<void> {
  await db.update(patternRuns).set(values).where(eq(patternRuns.id, id));
}

export interface CorpusStory {
  id: string;
  title: string | null;
  text: string;
  answers: Answers;
  receivedAt: Date;
  sentiment: number | null;
}

/** Everything a pattern run reads: the collection's stories with their answers and sentiment. */
export async function loadCorpus(db: DbOrTx, collectionId: string): Promise<{ stories: CorpusStory[]; definitions: Map<string, FrameworkDefinition> }> {
  const rows = await db
    .select({ id: stories.id, title: stories.title, text: stories.text, answers: stories.answers, receivedAt: stories.receivedAt, sentiment: storyEnrichments.sentiment, versionId: stories.frameworkVersionId })
    .from(stories)
    .leftJoin(storyEnrichments, eq(storyEnrichments.storyId, stories.id))
    .where(eq(stories.collectionId, collectionId))
    .orderBy(asc(stories.receivedAt), asc(stories.id));
  const versionIds = [...new Set(rows.map((r) => r.versionId))];
  const versions = versionIds.length ? await db.select({ id: frameworkVersions.id, definition: frameworkVersions.definition }).from(frameworkVersions).where(inArray(frameworkVersions.id, versionIds)) : [];
  return { stories: rows, definitions: new Map(versions.map((v) => [v.id, v.definition])) };
}

export interface SavedPattern {
  id: string;
  keywords: string[];
  size: number;
  representativeIds: string[];
  profile: Record<string, number>;
  meanSentiment: number;
  centroid: Record<string, number>;
  members: { storyId: string; similarity: number }[];
}

/** Writes a run's patterns (new ids inserted, matched ids updated) and memberships, in one transaction. */
export async function savePatterns(db: Db, run: { id: string; organisationId: string; collectionId: string }, found: SavedPattern[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const p of found) {
      const values = { keywords: p.keywords, size: p.size, representativeIds: p.representativeIds, profile: p.profile, meanSentiment: p.meanSentiment, centroid: p.centroid, lastRunId: run.id, updatedAt: new Date() };
      await tx
        .insert(patterns)
        .values({ id: p.id, organisationId: run.organisationId, collectionId: run.collectionId, firstRunId: run.id, ...values })
        .onConflictDoUpdate({ target: patterns.id, set: values });
      for (let i = 0; i < p.members.length; i += 1000) {
        const chunk = p.members.slice(i, i + 1000);
        await tx.insert(patternMembers).values(chunk.map((m) => ({ runId: run.id, patternId: p.id, storyId: m.storyId, similarity: m.similarity }))).onConflictDoNothing();
      }
    }
    // Every story's current pattern follows the latest run.
    await tx.execute(sql`update story_enrichment e set pattern_id = m.pattern_id, similarity = m.similarity
                         from pattern_member m where m.run_id = ${run.id} and m.story_id = e.story_id`);
  });
}

export async function patternMembersPage(db: DbOrTx, organisationId: string, patternId: string, limit: number, offset: number) {
  return db
    .select({ story: stories, similarity: storyEnrichments.similarity })
    .from(storyEnrichments)
    .innerJoin(stories, eq(stories.id, storyEnrichments.storyId))
    .where(and(eq(storyEnrichments.organisationId, organisationId), eq(storyEnrichments.patternId, patternId)))
    .orderBy(desc(storyEnrichments.similarity), asc(stories.id))
    .limit(limit)
    .offset(offset);
}

export async function getPattern(db: DbOrTx, organisationId: string, id: string): Promise<PatternRow | undefined> {
  const [row] = await db.select().from(patterns).where(and(eq(patterns.id, id), eq(patterns.organisationId, organisationId)));
  return row;
}

/** Stories of one situation, intervention and outcome option, summed (see outcomeGroups). */
export interface OutcomeGroupRow {
  situation: string;
  intervention: string;
  outcomeOption: string | null;
  /** Story x intervention pairs (a story with two interventions counts in both cells). */
  n: number;
  /** Of those, with an outcome value; their sum and sum of squares (raw answer values). */
  valueN: number;
  valueSum: number;
  valueSumSq: number;
}

export type OutcomeGroupsQuery = { filter: DashboardFilter; collectionId: string; situation: string; intervention: string; outcome: string | null; value: string | null; patternId?: string };

/**
 * What works, summed by the database: per situation option, intervention option and outcome
 * option, how many stories of a collection and the sum (and sum of squares) of their outcome
 * value, read from the typed answer rows (one index scan, no JSON unpacking). A few dozen
 * groups come back instead of a row per story. `filter` narrows the stories as the dashboard's
 * filters do (period, team, channel, teller kind, answers).
 */
export const outcomeGroups = (db: DbOrTx, q: OutcomeGroupsQuery): Promise<OutcomeGroupRow[]> => queryRows<OutcomeGroupRow>(db, outcomeGroupsSql(q));

export function outcomeGroupsSql(q: OutcomeGroupsQuery): SQL {
  const f = q.filter;
  // Beyond organisation and period, which story_answer carries itself, the filter needs the stories.
  const narrowed = [f.collectionIds, f.teamIds, f.channels, f.tellerKinds, f.answers].some((x) => x?.length);
  const base = (question: string) =>
    sql`a.organisation_id = ${f.organisationId} and a.collection_id = ${q.collectionId} and a.question_id = ${question}${sql.join(receivedWithin(sql`a.received_at`, f).map((w) => sql` and ${w}`))}`;
  // One scan of each question's answers, joined on the story (hash joins, no sort per story). The
  // situation rows carry the filters; the other questions join to them. A story holds an option
  // at most once, so the pairs are distinct.
  return sql`with sit as (
          select a.story_id, a.option_id from story_answer a
          ${q.patternId ? sql`join story_enrichment e on e.story_id = a.story_id and e.pattern_id = ${q.patternId}` : sql``}
          where ${base(q.situation)} and a.option_id is not null
            ${narrowed ? sql`and a.story_id in (${filteredStoryIds(f)})` : sql``}
        ), itv as (
          select a.story_id, a.option_id from story_answer a where ${base(q.intervention)} and a.option_id is not null
        ), outc as (
          ${q.outcome ? sql`select a.story_id, max(a.option_id collate "C") as option_id from story_answer a where ${base(q.outcome)} group by 1` : sql`select null::uuid as story_id, null::text as option_id where false`}
        ), val as (
          ${q.value ? sql`select a.story_id, max(a.v1) as v from story_answer a where ${base(q.value)} and not a.not_applicable group by 1` : sql`select null::uuid as story_id, null::float8 as v where false`}
        )
        select sit.option_id as situation, itv.option_id as intervention, outc.option_id as "outcomeOption", count(*)::int as n,
               count(val.v)::int as "valueN", coalesce(sum(val.v), 0)::float8 as "valueSum", coalesce(sum(val.v * val.v), 0)::float8 as "valueSumSq"
        from sit join itv on itv.story_id = sit.story_id
        left join outc on outc.story_id = sit.story_id
        left join val on val.story_id = sit.story_id
        group by 1, 2, 3`;
}
