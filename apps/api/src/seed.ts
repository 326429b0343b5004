import { randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { answerFacts, type FrameworkDefinition } from '@vertelpunt/core';
import { defaultFrameworkNl, defaultPromptsNl, demoStories } from '@vertelpunt/core/demo';
import {
  addMembership,
  createCollection,
  createFramework,
  createOrganisation,
  createTeam,
  createUser,
  findOrganisationBySlug,
  insertStoryOnce,
  publishVersion,
  type Db,
} from '@vertelpunt/db';

export const DEMO_SLUG = 'demo';

export interface SeedResult {
  created: boolean;
  organisationId: string;
  logins: { email: string; role: string; password: string }[];
  stories: number;
}

/**
 * Creates the demo organisation (a Dutch social service) with its admin, a published default
 * framework drawn from the mission's source texts, two collections and realistic stories.
 * Does nothing when the demo organisation already exists.
 */
export async function seedDemo(db: Db, opts: { password?: string; stories?: number; now?: Date } = {}): Promise<SeedResult> {
  const existing = await findOrganisationBySlug(db, DEMO_SLUG);
  if (existing) return { created: false, organisationId: existing.id, logins: [], stories: 0 };
  const password = opts.password ?? randomBytes(9).toString('base64url');
  const passwordHash = await argon2.hash(password);

  const org = await createOrganisation(db, { name: 'Sociale Dienst Demostad', slug: DEMO_SLUG });
  const [noord, zuid, schuldhulp] = [await createTeam(db, org.id, 'Team Noord'), await createTeam(db, org.id, 'Team Zuid'), await createTeam(db, org.id, 'Schuldhulpverlening')];
  const people = [
    { email: 'admin@demostad.nl', name: 'Beheerder Demostad', role: 'admin' as const, teamId: null },
    { email: 'analist@demostad.nl', name: 'Fatima Analist', role: 'analyst' as const, teamId: null },
    { email: 'consulent@demostad.nl', name: 'Jeroen Consulent', role: 'caseworker' as const, teamId: noord!.id },
    { email: 'begeleider@demostad.nl', name: 'Sanne Begeleider', role: 'facilitator' as const, teamId: zuid!.id },
    { email: 'schuldhulp@demostad.nl', name: 'Ahmed Schuldhulpverlener', role: 'caseworker' as const, teamId: schuldhulp!.id },
    { email: 'onderzoeker@demostad.nl', name: 'Lotte Onderzoeker', role: 'researcher' as const, teamId: null },
  ];
  const users = [];
  for (const p of people) {
    const user = await createUser(db, { email: p.email, name: p.name, passwordHash });
    await addMembership(db, { userId: user.id, organisationId: org.id, role: p.role, teamId: p.teamId });
    users.push(user);
  }

  const definition: FrameworkDefinition = defaultFrameworkNl();
  const { version } = await createFramework(db, org.id, 'Vertelpunt Sociale Dienst', definition);
  await publishVersion(db, org.id, version.id);
  const staff = await createCollection(db, org.id, {
    name: 'Praktijkverhalen medewerkers',
    frameworkVersionId: version.id,
    channels: ['web', 'tablet', 'interview'],
    prompts: defaultPromptsNl(),
    tellerKind: 'staff',
  });
  const kiosk = await createCollection(db, org.id, {
    name: 'Vertelpunt wachtruimte',
    frameworkVersionId: version.id,
    channels: ['kiosk'],
    prompts: defaultPromptsNl(),
    tellerKind: 'client',
    anonymous: true,
    consentText: {
      nl: 'Je verhaal wordt zonder je naam bewaard en alleen gebruikt om van de praktijk te leren. Noem geen namen, adressen of BSN.',
      en: 'Your story is kept without your name and only used to learn from practice. Do not mention names, addresses or citizen service numbers.',
    },
  });

  const tellers = users.map((u, i) => ({ id: u.id, teamId: people[i]!.teamId })).filter((t) => t.teamId !== null);
  const generated = demoStories(definition, { count: opts.stories ?? 400, seed: 2026, now: opts.now ?? new Date() });
  for (const [i, s] of generated.entries()) {
    const createdAt = new Date(s.createdAt);
    // Kiosk stories come from clients in the waiting room: anonymous, in their own collection.
    const atKiosk = s.channel === 'kiosk';
    await insertStoryOnce(
      db,
      {
        id: s.id,
        organisationId: org.id,
        collectionId: atKiosk ? kiosk.id : staff.id,
        frameworkVersionId: version.id,
        promptId: s.promptId,
        title: s.title ?? null,
        text: s.text,
        language: s.language,
        channel: s.channel,
        tellerKind: atKiosk ? 'client' : s.tellerKind,
        tellerUserId: atKiosk ? null : tellers[i % tellers.length]!.id,
        teamId: atKiosk ? null : tellers[i % tellers.length]!.teamId,
        deviceId: null,
        panelCode: s.panelCode ?? null,
        createdAt,
        // Demo stories arrive a minute after they were told, spread over the past months.
        receivedAt: new Date(createdAt.getTime() + 60_000),
        answers: s.answers,
        redactions: {},
        originalText: null,
        contentHash: `demo:${s.id}`,
      },
      answerFacts(definition.questions, s.answers),
    );
  }
  return { created: true, organisationId: org.id, logins: people.map((p) => ({ email: p.email, role: p.role, password })), stories: generated.length };
}
