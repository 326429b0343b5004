import { and, desc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { devices } from '../schema/index.ts';

export type DeviceRow = typeof devices.$inferSelect;

export async function createDevice(db: DbOrTx, input: { id?: string; organisationId: string; collectionId: string; kind: 'tablet' | 'kiosk'; name: string; tokenHash: string }): Promise<DeviceRow> {
  const [row] = await db.insert(devices).values(input).returning();
  return row!;
}

export async function listDevices(db: DbOrTx, organisationId: string): Promise<DeviceRow[]> {
  return db.select().from(devices).where(eq(devices.organisationId, organisationId)).orderBy(desc(devices.createdAt));
}

/** An active (not revoked) device for a device id + token hash. */
export async function findActiveDevice(db: DbOrTx, id: string, tokenHash: string): Promise<DeviceRow | undefined> {
  const [row] = await db
    .select()
    .from(devices)
    .where(and(eq(devices.id, id), eq(devices.tokenHash, tokenHash), isNull(devices.revokedAt)));
  return row;
}

export async function revokeDevice(db: DbOrTx, organisationId: string, id: string): Promise<DeviceRow | undefined> {
  const [row] = await db
    .update(devices)
    .set({ revokedAt: new Date() })
    .where(and(eq(devices.id, id), eq(devices.organisationId, organisationId)))
    .returning();
  return row;
}

export async function touchDevice(db: DbOrTx, id: string): Promise<void> {
  await db.update(devices).set({ lastSeenAt: new Date() }).where(eq(devices.id, id));
}
