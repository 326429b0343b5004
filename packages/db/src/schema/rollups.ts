import { date, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { channelEnum, collections, tellerKindEnum } from './frameworks.ts';
import { organisations } from './organisations.ts';

/**
 * Read models for the dashboard: counts per organisation-local day (Europe/Amsterdam) and per
 * dimension a dashboard filters on (collection, channel, teller kind, team), kept current by
 * statement-level triggers on `story` and `story_answer` (migrations/0005_*.sql), so seeds,
 * imports and every write path update them in the same transaction as the story itself.
 * A dashboard filtered only on these dimensions sums a few hundred rows instead of scanning
 * every story; filters on answers or brushed regions read the story tables instead.
 * `team_id` is null for stories without a team (kiosk); NULLS NOT DISTINCT keeps one row for them.
 */
/**
 * The dimensions every rollup is kept by (fresh column builders per table). `team_id` has no
 * foreign key: a deleted team's stories keep counting under its old id.
 */
function dimensions() {
  return {
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    collectionId: uuid('collection_id').notNull().references(() => collections.id, { onDelete: 'cascade' }),
    channel: channelEnum('channel').notNull(),
    tellerKind: tellerKindEnum('teller_kind').notNull(),
    teamId: uuid('team_id'),
  };
}

export const storyRollupDay = pgTable(
  'story_rollup_day',
  {
    ...dimensions(),
    day: date('day', { mode: 'string' }).notNull(),
    stories: integer('stories').notNull(),
  },
  (t) => [unique('story_rollup_day_key').on(t.organisationId, t.day, t.collectionId, t.channel, t.tellerKind, t.teamId).nullsNotDistinct()],
);

/**
 * Answer counts per day and dimension: `key` is the chosen option (choices), `b<0..19>` the
 * twentieth of a dyad, `v<value>` a scale value, or `na` for "not applicable". Triads and
 * stones are two-dimensional and kept per story, not here (see repos/dashboard.ts).
 */
export const answerRollupDay = pgTable(
  'answer_rollup_day',
  {
    ...dimensions(),
    day: date('day', { mode: 'string' }).notNull(),
    questionId: text('question_id').notNull(),
    key: text('key').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [unique('answer_rollup_day_key').on(t.organisationId, t.day, t.collectionId, t.channel, t.tellerKind, t.teamId, t.questionId, t.key).nullsNotDistinct()],
);

/**
 * `answer_rollup_day` summed per calendar month (`month` is its first day), so long periods sum
 * one row per month and key instead of one per day: whole months come from here, the days at
 * either edge of a period from the daily table. Kept by a trigger on `answer_rollup_day` itself
 * (migrations/0006_*.sql), which applies every change of a daily row to its month: whatever
 * writes the daily rollup, the month always equals the sum of its days.
 */
export const answerRollupMonth = pgTable(
  'answer_rollup_month',
  {
    ...dimensions(),
    month: date('month', { mode: 'string' }).notNull(),
    questionId: text('question_id').notNull(),
    key: text('key').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [unique('answer_rollup_month_key').on(t.organisationId, t.month, t.collectionId, t.channel, t.tellerKind, t.teamId, t.questionId, t.key).nullsNotDistinct()],
);

/**
 * Rollup changes not yet folded into the daily rollups: the triggers on `story` and
 * `story_answer` append one row per statement, day, dimension (and question and key) instead of
 * updating shared rollup rows, so concurrent writes never wait on each other's rollup rows and
 * a write does not pay for the day and month upserts (migrations/0009_*.sql). The pipeline folds
 * them in every second (`compactRollups`); reads add what is still here, so counts are exact at
 * every moment. No foreign keys (appends stay cheap): folding drops the rows of deleted
 * collections. Deletions append negative counts.
 */
/** The rollup dimensions and day of a delta row: no foreign keys (see above). */
function deltaDimensions() {
  return {
    organisationId: uuid('organisation_id').notNull(),
    collectionId: uuid('collection_id').notNull(),
    channel: channelEnum('channel').notNull(),
    tellerKind: tellerKindEnum('teller_kind').notNull(),
    teamId: uuid('team_id'),
    day: date('day', { mode: 'string' }).notNull(),
  };
}

export const storyRollupDelta = pgTable(
  'story_rollup_delta',
  { ...deltaDimensions(), stories: integer('stories').notNull() },
  (t) => [index('story_rollup_delta_org_day_idx').on(t.organisationId, t.day)],
);

export const answerRollupDelta = pgTable(
  'answer_rollup_delta',
  { ...deltaDimensions(), questionId: text('question_id').notNull(), key: text('key').notNull(), n: integer('n').notNull() },
  (t) => [index('answer_rollup_delta_org_day_idx').on(t.organisationId, t.day)],
);
