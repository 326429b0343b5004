import { relations } from 'drizzle-orm';
import { index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { collections } from './frameworks.ts';
import { organisations } from './organisations.ts';

export const deviceKindEnum = pgEnum('device_kind', ['tablet', 'kiosk']);

/** A tablet or kiosk, paired by a token that lets it submit to exactly one collection. */
export const devices = pgTable(
  'device',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    collectionId: uuid('collection_id').notNull().references(() => collections.id, { onDelete: 'cascade' }),
    kind: deviceKindEnum('kind').notNull(),
    name: text('name').notNull(),
    /** SHA-256 of the token's secret; the token itself is shown once, at pairing. */
    tokenHash: text('token_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
  },
  (t) => [index('device_org_idx').on(t.organisationId)],
);

export const devicesRelations = relations(devices, ({ one }) => ({
  collection: one(collections, { fields: [devices.collectionId], references: [collections.id] }),
}));
