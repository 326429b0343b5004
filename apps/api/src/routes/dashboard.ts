import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { getOrganisation } from '@vertelpunt/db';
import { requireMember } from '../plugins/app/auth.ts';
import { dashboardMeta, exportStories, overview, patternsWithTrend, signifiers, storiesPage, toFilter } from '../services/dashboard.ts';
import { Channel, OrgParams, TellerKind, Uuid } from './schemas.ts';

const tags = ['dashboard'];
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Grain = Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]);

/** The dashboard's filters, as kept in its URL (and taken by what works too). */
export const filterFields = {
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  collection: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
  team: Type.Optional(Type.Array(Type.Union([Uuid, Type.Literal('none')]), { maxItems: 50 })),
  channel: Type.Optional(Type.Array(Channel, { maxItems: 4 })),
  teller: Type.Optional(Type.Array(TellerKind, { maxItems: 2 })),
  /** Answer conditions, ANDed: see parseCondition in services/dashboard.ts. */
  a: Type.Optional(Type.Array(Type.String({ maxLength: 300 }), { maxItems: 20 })),
};
const FilterQuery = Type.Object(filterFields, { additionalProperties: false });

export default async function dashboardRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  /** Every dashboard read needs to read all stories: aggregates are made of everyone's. */
  async function member(request: FastifyRequest, orgId: string) {
    requireMember(request, orgId, 'story:read-all');
    return (await getOrganisation(app.db, orgId))!;
  }

  app.get('/api/orgs/:orgId/dashboard/meta', { schema: { tags, summary: 'What the dashboard can chart and filter on: questions, collections, teams, minimum group size', params: OrgParams } }, async (request) => {
    const org = await member(request, request.params.orgId);
    return dashboardMeta(app, org.id, org.minGroupSize);
  });

  app.get(
    '/api/orgs/:orgId/dashboard/overview',
    { schema: { tags, summary: 'Stories over time per channel, team, teller kind and collection; groups under the minimum n are null', params: OrgParams, querystring: Type.Object({ ...filterFields, grain: Type.Optional(Grain) }, { additionalProperties: false }) } },
    async (request) => {
      const org = await member(request, request.params.orgId);
      const { grain, ...q } = request.query;
      return overview(app, toFilter(org.id, q), grain ?? 'week', org.minGroupSize);
    },
  );

  app.get(
    '/api/orgs/:orgId/dashboard/signifiers',
    { schema: { tags, summary: 'Answer counts per question (choices, dyads, scales) and triad and stone points of the newest stories', params: OrgParams, querystring: FilterQuery } },
    async (request) => {
      const org = await member(request, request.params.orgId);
      return signifiers(app, toFilter(org.id, request.query), org.minGroupSize);
    },
  );

  app.get(
    '/api/orgs/:orgId/dashboard/stories',
    {
      schema: {
        tags,
        summary: 'The stories behind the current filter or brushed region, newest first',
        params: OrgParams,
        querystring: Type.Object({ ...filterFields, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), cursor: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
      },
    },
    async (request) => {
      const org = await member(request, request.params.orgId);
      const { limit, cursor, ...q } = request.query;
      return storiesPage(app, toFilter(org.id, q), limit ?? 50, cursor);
    },
  );

  app.get(
    '/api/orgs/:orgId/dashboard/patterns',
    { schema: { tags, summary: "A collection's current patterns with their trend over time (the first collection by name when none is given)", params: OrgParams, querystring: Type.Object({ collectionId: Type.Optional(Uuid), grain: Type.Optional(Grain) }, { additionalProperties: false }) } },
    async (request) => {
      const org = await member(request, request.params.orgId);
      return patternsWithTrend(app.db, org.id, request.query.collectionId, request.query.grain ?? 'week', org.minGroupSize);
    },
  );

  // A POST, though it changes nothing: the filters travel in the body, and the browser saves the
  // answer as a file. Only the dashboard's own page (same origin, CSRF token) can ask for it.
  app.post(
    '/api/orgs/:orgId/dashboard/export',
    {
      schema: {
        tags,
        summary: 'The filtered stories as CSV or JSON; refused (422) when fewer than the minimum group size',
        params: OrgParams,
        body: Type.Object({ ...filterFields, format: Type.Union([Type.Literal('csv'), Type.Literal('json')]) }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      const org = await member(request, request.params.orgId);
      const { format, ...q } = request.body;
      const file = await exportStories(app.db, toFilter(org.id, q), format, org.minGroupSize);
      return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).header('cache-control', 'no-store').send(file.body);
    },
  );
}
