import { and, asc, desc, eq, max } from 'drizzle-orm';
import { ConflictError, NotFoundError, type FrameworkDefinition } from '@vertelpunt/core';
import type { DbOrTx } from '../client.ts';
import { collections, frameworks, frameworkVersions } from '../schema/index.ts';

export type FrameworkVersionRow = typeof frameworkVersions.$inferSelect;
export type CollectionRow = typeof collections.$inferSelect;
export type CollectionValues = Omit<typeof collections.$inferInsert, 'id' | 'organisationId' | 'createdAt' | 'updatedAt'>;

/** Creates a framework with its first version as a draft. */
export async function createFramework(db: DbOrTx, organisationId: string, name: string, definition: FrameworkDefinition) {
  const [fw] = await db.insert(frameworks).values({ organisationId, name }).returning();
  const [version] = await db.insert(frameworkVersions).values({ frameworkId: fw!.id, organisationId, version: 1, definition }).returning();
  return { framework: fw!, version: version! };
}

export async function listFrameworks(db: DbOrTx, organisationId: string) {
  const fws = await db.query.frameworks.findMany({
    where: eq(frameworks.organisationId, organisationId),
    orderBy: asc(frameworks.name),
    with: { versions: { columns: { id: true, version: true, status: true, publishedAt: true, createdAt: true }, orderBy: desc(frameworkVersions.version) } },
  });
  return fws;
}

export async function getFrameworkVersion(db: DbOrTx, organisationId: string, id: string): Promise<FrameworkVersionRow> {
  const row = await db.query.frameworkVersions.findFirst({ where: and(eq(frameworkVersions.id, id), eq(frameworkVersions.organisationId, organisationId)) });
  if (!row) throw new NotFoundError('framework version');
  return row;
}

export async function updateDraft(db: DbOrTx, organisationId: string, id: string, definition: FrameworkDefinition): Promise<FrameworkVersionRow> {
  const current = await getFrameworkVersion(db, organisationId, id);
  if (current.status !== 'draft') throw new ConflictError('a published framework version cannot be changed; create a new draft');
  const [row] = await db.update(frameworkVersions).set({ definition }).where(eq(frameworkVersions.id, id)).returning();
  return row!;
}

export async function publishVersion(db: DbOrTx, organisationId: string, id: string): Promise<FrameworkVersionRow> {
  const current = await getFrameworkVersion(db, organisationId, id);
  if (current.status !== 'draft') throw new ConflictError('this framework version is already published');
  const [row] = await db.update(frameworkVersions).set({ status: 'published', publishedAt: new Date() }).where(eq(frameworkVersions.id, id)).returning();
  return row!;
}

/** A new draft version copying the latest version's questions. */
export async function createDraftVersion(db: DbOrTx, organisationId: string, frameworkId: string): Promise<FrameworkVersionRow> {
  const [latest] = await db
    .select()
    .from(frameworkVersions)
    .where(and(eq(frameworkVersions.frameworkId, frameworkId), eq(frameworkVersions.organisationId, organisationId)))
    .orderBy(desc(frameworkVersions.version))
    .limit(1);
  if (!latest) throw new NotFoundError('framework');
  if (latest.status === 'draft') throw new ConflictError('this framework already has a draft version');
  const [row] = await db.insert(frameworkVersions).values({ frameworkId, organisationId, version: latest.version + 1, definition: latest.definition }).returning();
  return row!;
}

export async function latestVersionNumber(db: DbOrTx, frameworkId: string): Promise<number> {
  const [row] = await db.select({ v: max(frameworkVersions.version) }).from(frameworkVersions).where(eq(frameworkVersions.frameworkId, frameworkId));
  return row?.v ?? 0;
}

export async function createCollection(db: DbOrTx, organisationId: string, values: CollectionValues): Promise<CollectionRow> {
  const [row] = await db.insert(collections).values({ ...values, organisationId }).returning();
  return row!;
}

export async function updateCollection(db: DbOrTx, organisationId: string, id: string, values: Partial<CollectionValues>): Promise<CollectionRow> {
  const [row] = await db
    .update(collections)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(collections.id, id), eq(collections.organisationId, organisationId)))
    .returning();
  if (!row) throw new NotFoundError('collection');
  return row;
}

export async function listCollections(db: DbOrTx, organisationId: string): Promise<CollectionRow[]> {
  return db.select().from(collections).where(eq(collections.organisationId, organisationId)).orderBy(asc(collections.name));
}

/** A collection with the framework version it gathers for; `organisationId` omitted = any org. */
export async function getCollectionWithFramework(db: DbOrTx, id: string, organisationId?: string) {
  const row = await db.query.collections.findFirst({
    where: organisationId === undefined ? eq(collections.id, id) : and(eq(collections.id, id), eq(collections.organisationId, organisationId)),
    with: { frameworkVersion: true },
  });
  if (!row) throw new NotFoundError('collection');
  return row;
}

/** Every collection of every organisation: for the worker's schedules, never for a response. */
export async function listAllCollectionIds(db: DbOrTx): Promise<{ id: string; organisationId: string }[]> {
  return db.select({ id: collections.id, organisationId: collections.organisationId }).from(collections);
}
