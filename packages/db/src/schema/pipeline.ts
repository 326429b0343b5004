import { relations } from 'drizzle-orm';
import { index, integer, jsonb, pgEnum, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { collections } from './frameworks.ts';
import { organisations } from './organisations.ts';
import { stories } from './stories.ts';

/** What the pipeline learned about one story. One row per story: enrichment happens once. */
export const storyEnrichments = pgTable(
  'story_enrichment',
  {
    storyId: uuid('story_id').primaryKey().references(() => stories.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull(),
    collectionId: uuid('collection_id').notNull(),
    language: text('language').notNull(),
    sentiment: real('sentiment').notNull(),
    tokenCount: integer('token_count').notNull(),
    /** Stem -> count: the story's term vector, kept for pattern runs and live assignment. */
    terms: jsonb('terms').$type<Record<string, number>>().notNull(),
    /** The pattern the story is nearest to (live), or its pattern in the latest run. */
    patternId: uuid('pattern_id'),
    similarity: real('similarity'),
    enrichedAt: timestamp('enriched_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('story_enrichment_pattern_idx').on(t.organisationId, t.patternId), index('story_enrichment_collection_idx').on(t.collectionId)],
);

export const patternRunStatusEnum = pgEnum('pattern_run_status', ['running', 'done', 'failed']);

/** One clustering of a collection's stories: parameters, duration, quality, progress. */
export const patternRuns = pgTable(
  'pattern_run',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    collectionId: uuid('collection_id').notNull().references(() => collections.id, { onDelete: 'cascade' }),
    status: patternRunStatusEnum('status').notNull().default('running'),
    reason: text('reason').notNull(),
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    storyCount: integer('story_count').notNull().default(0),
    k: integer('k'),
    quality: jsonb('quality').$type<Record<string, unknown>>(),
    progress: real('progress').notNull().default(0),
    /** Terms and their idf: what live assignment needs to place a new story. */
    model: jsonb('model').$type<{ terms: string[]; idf: number[] }>(),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
  },
  (t) => [index('pattern_run_collection_idx').on(t.collectionId, t.startedAt.desc())],
);

/** A pattern keeps its id across runs (matched to the previous run's), so trends can be followed. */
export const patterns = pgTable(
  'pattern',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    collectionId: uuid('collection_id').notNull().references(() => collections.id, { onDelete: 'cascade' }),
    firstRunId: uuid('first_run_id').notNull(),
    lastRunId: uuid('last_run_id').notNull(),
    keywords: text('keywords').array().notNull(),
    size: integer('size').notNull(),
    representativeIds: uuid('representative_ids').array().notNull(),
    /** Mean signifier answers of the members (triad weights, dyad positions, choice shares). */
    profile: jsonb('profile').$type<Record<string, number>>().notNull(),
    meanSentiment: real('mean_sentiment').notNull(),
    /** Term -> weight of the centre (top terms only), for matching and live assignment. */
    centroid: jsonb('centroid').$type<Record<string, number>>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('pattern_collection_idx').on(t.collectionId, t.lastRunId)],
);

export const patternMembers = pgTable(
  'pattern_member',
  {
    runId: uuid('run_id').notNull().references(() => patternRuns.id, { onDelete: 'cascade' }),
    storyId: uuid('story_id').notNull().references(() => stories.id, { onDelete: 'cascade' }),
    patternId: uuid('pattern_id').notNull().references(() => patterns.id, { onDelete: 'cascade' }),
    similarity: real('similarity').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.storyId] }), index('pattern_member_pattern_idx').on(t.patternId, t.runId)],
);

export const patternsRelations = relations(patterns, ({ many }) => ({ members: many(patternMembers) }));
export const patternMembersRelations = relations(patternMembers, ({ one }) => ({
  pattern: one(patterns, { fields: [patternMembers.patternId], references: [patterns.id] }),
  story: one(stories, { fields: [patternMembers.storyId], references: [stories.id] }),
}));
