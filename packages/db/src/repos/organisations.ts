import { eq, sql } from 'drizzle-orm';
import type { Role } from '@vertelpunt/core';
import { queryRows, type DbOrTx } from '../client.ts';
import { memberships, organisations, sessions, teams, users } from '../schema/index.ts';

export type OrganisationRow = typeof organisations.$inferSelect;
export type UserRow = typeof users.$inferSelect;

export async function createOrganisation(db: DbOrTx, input: { name: string; slug: string; minGroupSize?: number }): Promise<OrganisationRow> {
  const [row] = await db.insert(organisations).values(input).returning();
  return row!;
}

export async function getOrganisation(db: DbOrTx, id: string): Promise<OrganisationRow | undefined> {
  return db.query.organisations.findFirst({ where: eq(organisations.id, id) });
}

export async function findOrganisationBySlug(db: DbOrTx, slug: string): Promise<OrganisationRow | undefined> {
  return db.query.organisations.findFirst({ where: eq(organisations.slug, slug) });
}

export async function createTeam(db: DbOrTx, organisationId: string, name: string) {
  const [row] = await db.insert(teams).values({ organisationId, name }).returning();
  return row!;
}

export async function createUser(db: DbOrTx, input: { email: string; name: string; passwordHash: string }): Promise<UserRow> {
  const [row] = await db.insert(users).values(input).returning();
  return row!;
}

export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRow | undefined> {
  return db.query.users.findFirst({ where: sql`lower(${users.email}) = lower(${email})` });
}

export async function addMembership(db: DbOrTx, input: { userId: string; organisationId: string; role: Role; teamId?: string | null }) {
  await db.insert(memberships).values(input).onConflictDoUpdate({ target: [memberships.userId, memberships.organisationId], set: { role: input.role, teamId: input.teamId ?? null } });
}

export async function membershipsOfUser(db: DbOrTx, userId: string) {
  return db
    .select({ organisationId: memberships.organisationId, role: memberships.role, teamId: memberships.teamId, organisationName: organisations.name, organisationSlug: organisations.slug })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.userId, userId))
    .orderBy(organisations.name);
}

export async function createSession(db: DbOrTx, input: { tokenHash: string; userId: string; csrfToken: string; expiresAt: Date }) {
  await db.insert(sessions).values(input);
}

export interface SessionWithMemberships {
  userId: string;
  email: string;
  name: string;
  csrfToken: string;
  memberships: { organisationId: string; role: Role; teamId: string | null }[];
}

/**
 * The live session for a token hash, with its user and their memberships, in one round trip
 * (it runs on every authenticated request). Disabled users have no session.
 */
export async function findSession(db: DbOrTx, tokenHash: string): Promise<SessionWithMemberships | undefined> {
  const [row] = await queryRows<SessionWithMemberships>(
    db,
    sql`select u.id as "userId", u.email, u.name, s.csrf_token as "csrfToken",
          coalesce((select json_agg(json_build_object('organisationId', m.organisation_id, 'role', m.role, 'teamId', m.team_id))
                    from membership m where m.user_id = u.id), '[]'::json) as memberships
        from session s join app_user u on u.id = s.user_id
        where s.token_hash = ${tokenHash} and s.expires_at > now() and u.disabled_at is null`,
  );
  return row;
}

export async function deleteSession(db: DbOrTx, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}
