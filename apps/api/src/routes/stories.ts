import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFoundError, PANEL_CODE, ValidationError, can } from '@vertelpunt/core';
import { getStory, listAttachments, type AnswerFilter } from '@vertelpunt/db';
import { requireMember } from '../plugins/app/auth.ts';
import { storyPage, submitStory, storyView } from '../services/stories.ts';
import { Channel, OrgParams, StoryResponse, Uuid, errorResponses } from './schemas.ts';

const tags = ['stories'];
/** Plenty for a long story with every answer; anything larger is refused with 413. */
export const STORY_BODY_LIMIT = 256 * 1024;
/**
 * A kiosk stands in a public waiting room: nobody tells two stories a second there, so more
 * than this per kiosk is abuse. Tablets sync whole offline queues at once and are not limited.
 */
const KIOSK_RATE = { max: 30, timeWindow: '1 minute' };

const StoryBody = Type.Object(
  {
    id: Uuid,
    collectionId: Uuid,
    promptId: Type.Optional(Type.String({ maxLength: 64 })),
    title: Type.Optional(Type.String({ maxLength: 1000 })),
    text: Type.String({ maxLength: 100_000 }),
    language: Type.Optional(Type.String({ pattern: '^[a-z]{2}$' })),
    createdAt: Type.String({ format: 'date-time' }),
    panelCode: Type.Optional(Type.String({ pattern: PANEL_CODE.source })),
    channel: Type.Optional(Type.Union([Type.Literal('web'), Type.Literal('interview')])),
    answers: Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { maxProperties: 200 }),
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object(
  {
    collectionId: Type.Optional(Uuid),
    channel: Type.Optional(Channel),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    panelCode: Type.Optional(Type.String({ pattern: PANEL_CODE.source })),
    answer: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** `qid:optionId` or `qid:lo..hi`. */
function parseAnswerFilter(raw: string, i: number): AnswerFilter {
  const m = /^([A-Za-z][A-Za-z0-9_-]{0,63}):(.+)$/.exec(raw);
  if (!m) throw ValidationError.one(`/answer/${i}`, 'must be questionId:optionId or questionId:min..max');
  const [, questionId, rest] = m as unknown as [string, string, string];
  const range = /^(-?\d+(?:\.\d+)?)\.\.(-?\d+(?:\.\d+)?)$/.exec(rest);
  return range ? { questionId, min: Number(range[1]), max: Number(range[2]) } : { questionId, optionId: rest };
}

const encodeCursor = (s: { receivedAt: Date; id: string }) => Buffer.from(`${s.receivedAt.toISOString()}|${s.id}`).toString('base64url');
function decodeCursor(cursor: string): { receivedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const receivedAt = new Date(at ?? '');
  if (Number.isNaN(receivedAt.getTime()) || !/^[0-9a-f-]{36}$/.test(id ?? '')) throw ValidationError.one('/cursor', 'is not a cursor this API gave out');
  return { receivedAt, id: id! };
}

export default async function storyRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/stories',
    {
      bodyLimit: STORY_BODY_LIMIT,
      config: {
        rateLimit: {
          ...KIOSK_RATE,
          allowList: (request) => !(request.principal?.kind === 'device' && request.principal.device.kind === 'kiosk'),
          keyGenerator: (request) => (request.principal?.kind === 'device' ? request.principal.device.id : request.ip),
        },
      },
      schema: {
        tags,
        summary: 'Submit a story. Idempotent on its client-generated id: 201 when stored, 200 with the stored story when it already was.',
        body: StoryBody,
        response: { 200: StoryResponse, 201: StoryResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { story, created } = await submitStory(app.storyWriter, app.collections, request.principal, request.body);
      // Live counters and the relay hear of it now; the outbox guarantees the rest.
      if (created) app.events.publish('story.received', { storyId: story.id, organisationId: story.organisationId, collectionId: story.collectionId }).catch(() => {});
      return reply.code(created ? 201 : 200).send(storyView(story));
    },
  );

  app.get(
    '/api/orgs/:orgId/stories',
    { schema: { tags, summary: 'Stories, newest first; filter by collection, period, channel, panel and answers', params: OrgParams, querystring: ListQuery } },
    async (request) => {
      const { orgId } = request.params;
      const q = request.query;
      const m = requireMember(request, orgId, 'story:read-own');
      const limit = q.limit ?? 50;
      const rows = await storyPage(app, {
        organisationId: orgId,
        collectionId: q.collectionId,
        channel: q.channel,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        panelCode: q.panelCode,
        // Caseworkers see the stories they told themselves, not their colleagues'.
        tellerUserId: can(m.role, 'story:read-all') ? undefined : m.userId,
        answers: (q.answer ?? []).map(parseAnswerFilter),
        limit: limit + 1,
        after: q.cursor ? decodeCursor(q.cursor) : undefined,
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { items: page.map(storyView), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
    },
  );

  app.get('/api/orgs/:orgId/stories/:storyId', { schema: { tags, summary: 'One story with its attachments', params: Type.Object({ orgId: Uuid, storyId: Uuid }) } }, async (request) => {
    const { orgId, storyId } = request.params;
    const m = requireMember(request, orgId, 'story:read-own');
    const story = await getStory(app.db, orgId, storyId);
    if (!can(m.role, 'story:read-all') && story.tellerUserId !== m.userId) throw new NotFoundError('story');
    const attachments = (await listAttachments(app.db, orgId, storyId)).map(({ storageKey: _key, ...a }) => a);
    return { ...storyView(story), attachments };
  });
}
