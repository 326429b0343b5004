import { relations } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { CHANNELS, FRAMEWORK_VERSION_STATUSES, TELLER_KINDS, type Channel, type FrameworkDefinition, type LocalizedText, type Prompt } from '@vertelpunt/core';
import { organisations } from './organisations.ts';

export const frameworks = pgTable(
  'framework',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('framework_org_idx').on(t.organisationId)],
);

export const frameworkVersionStatusEnum = pgEnum('framework_version_status', FRAMEWORK_VERSION_STATUSES);

/**
 * One version of a framework's questions. A published version is immutable (a trigger in
 * the migrations refuses updates), and every story points at the version it answered.
 */
export const frameworkVersions = pgTable(
  'framework_version',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    frameworkId: uuid('framework_id').notNull().references(() => frameworks.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    status: frameworkVersionStatusEnum('status').notNull().default('draft'),
    definition: jsonb('definition').$type<FrameworkDefinition>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [unique('framework_version_number_uq').on(t.frameworkId, t.version), index('framework_version_org_idx').on(t.organisationId)],
);

export const channelEnum = pgEnum('channel', CHANNELS);
export const tellerKindEnum = pgEnum('teller_kind', TELLER_KINDS);

export const collections = pgTable(
  'collection',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    frameworkVersionId: uuid('framework_version_id').notNull().references(() => frameworkVersions.id),
    name: text('name').notNull(),
    channels: channelEnum('channels').array().$type<Channel[]>().notNull(),
    prompts: jsonb('prompts').$type<Prompt[]>().notNull().default([]),
    opensAt: timestamp('opens_at', { withTimezone: true }),
    closesAt: timestamp('closes_at', { withTimezone: true }),
    anonymous: boolean('anonymous').notNull().default(false),
    tellerKind: tellerKindEnum('teller_kind').notNull().default('staff'),
    consentText: jsonb('consent_text').$type<LocalizedText>(),
    keepOriginalText: boolean('keep_original_text').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('collection_org_idx').on(t.organisationId)],
);

export const frameworksRelations = relations(frameworks, ({ many }) => ({ versions: many(frameworkVersions) }));
export const frameworkVersionsRelations = relations(frameworkVersions, ({ one }) => ({
  framework: one(frameworks, { fields: [frameworkVersions.frameworkId], references: [frameworks.id] }),
}));
export const collectionsRelations = relations(collections, ({ one }) => ({
  frameworkVersion: one(frameworkVersions, { fields: [collections.frameworkVersionId], references: [frameworkVersions.id] }),
}));
