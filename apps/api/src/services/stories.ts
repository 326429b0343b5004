import { createHash } from 'node:crypto';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError, answerFacts, can, isOpen, validateStoryAgainstFramework, type Channel, type StoryInput } from '@vertelpunt/core';
import { listStories, storiesByIds, storyQueryAsFilter, type StoryBatcher, type StoryQuery, type StoryRow } from '@vertelpunt/db';
import { columnsFor, type Reads } from './dashboard.ts';
import type { CollectionCache } from '../plugins/app/collection-cache.ts';
import { redactStory } from './redaction.ts';
import type { Principal } from '../plugins/app/auth.ts';
import { UnprocessableError } from '../plugins/app/errors.ts';

const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** JSON with sorted keys, so the same story always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export type SubmitStory = StoryInput & { channel?: 'web' | 'interview' };

/**
 * Accepts a story from a signed-in user (web or interview) or a paired device (tablet or
 * kiosk). Checks, in order: who may submit to this collection, whether it is open for this
 * channel, and the story against the framework version. Stores it once.
 */
export async function submitStory(writer: StoryBatcher, collections: CollectionCache, principal: Principal | null, input: SubmitStory): Promise<{ story: StoryRow; created: boolean }> {
  if (principal === null) throw new UnauthorizedError('log in or use a device token');
  if (principal.kind === 'device' && input.collectionId !== principal.device.collectionId) throw new ForbiddenError('this device may only submit to its own collection');
  const collection = await collections.get(input.collectionId);
  let organisationId: string;
  let channel: Channel;
  let tellerUserId: string | null = null;
  let teamId: string | null = null;
  let deviceId: string | null = null;
  if (principal.kind === 'device') {
    organisationId = principal.device.organisationId;
    channel = principal.device.kind;
    deviceId = principal.device.id;
  } else {
    const m = principal.memberships.find((x) => x.organisationId === collection.organisationId);
    // Someone outside the organisation learns nothing, not even that the collection exists.
    if (!m) throw new NotFoundError('collection');
    if (!can(m.role, 'story:create')) throw new ForbiddenError(`your role (${m.role}) may not submit stories`);
    organisationId = collection.organisationId;
    channel = input.channel ?? 'web';
    tellerUserId = principal.userId;
    teamId = m.teamId;
  }
  const version = collection.frameworkVersion;
  if (!collection.channels.includes(channel)) throw new UnprocessableError(`this collection does not take stories through the ${channel} channel`);
  const createdAt = new Date(input.createdAt);
  if (createdAt.getTime() > Date.now() + MAX_CLOCK_SKEW_MS) throw ValidationError.one('/createdAt', 'lies in the future');
  // Judged by when the story was told, so a tablet that was offline at closing time can still
  // deliver what it gathered while the collection was open.
  if (!isOpen({ opensAt: collection.opensAt?.toISOString() ?? null, closesAt: collection.closesAt?.toISOString() ?? null }, createdAt)) {
    throw new UnprocessableError('this collection was not open for stories when this story was told');
  }
  if (input.promptId !== undefined && !collection.prompts.some((p) => p.id === input.promptId)) {
    throw new UnprocessableError('promptId is not one of this collection\'s prompts');
  }
  const valid = validateStoryAgainstFramework(version.definition, input);
  const content = { collectionId: input.collectionId, promptId: input.promptId ?? null, title: valid.title, text: valid.text, createdAt: createdAt.toISOString(), panelCode: input.panelCode ?? null, answers: valid.answers, channel };
  // Hashed before redaction: a retry of the same story must match what was first sent.
  const contentHash = createHash('sha256').update(canonical(content)).digest('hex');
  const clean = redactStory(valid);
  return writer.insert({
    story: {
      id: input.id,
      organisationId,
      collectionId: collection.id,
      frameworkVersionId: version.id,
      promptId: input.promptId ?? null,
      title: clean.title,
      text: clean.text,
      language: input.language ?? null,
      channel,
      // A staff member telling on a client's behalf in an interview records a client's story.
      tellerKind: channel === 'interview' ? 'client' : collection.tellerKind,
      tellerUserId: collection.anonymous ? null : tellerUserId,
      teamId,
      deviceId,
      panelCode: input.panelCode ?? null,
      createdAt,
      receivedAt: new Date(),
      answers: clean.answers,
      redactions: clean.counts,
      originalText: collection.keepOriginalText && Object.keys(clean.counts).length > 0 ? valid.text : null,
      contentHash,
    },
    facts: answerFacts(version.definition.questions, clean.answers),
  });
}

export function storyView(s: StoryRow) {
  // The original text is never part of a view; only the redacted one is.
  const { contentHash: _hash, originalText: _original, ...rest } = s;
  return { ...rest, createdAt: s.createdAt.toISOString(), receivedAt: s.receivedAt.toISOString() };
}

/**
 * A page of the story list. Under answer filters the dashboard index picks the page's ids (the
 * database would otherwise gather every match to find the newest: its plan depends on estimates
 * of how common an answer is, and read a whole option's stories under load); SQL answers where
 * the index has no equivalent filter, is not loaded, or a picked story went meanwhile.
 */
export async function storyPage(r: Reads, q: StoryQuery): Promise<StoryRow[]> {
  const filter = q.answers?.length ? storyQueryAsFilter(q) : null;
  const cols = filter ? await columnsFor(r, filter) : null;
  const ids = cols?.newest(filter!, q.limit, q.after);
  if (ids) {
    const rows = await storiesByIds(r.db, q.organisationId, ids);
    if (rows.length === ids.length) return rows;
  }
  return listStories(r.db, q);
}
