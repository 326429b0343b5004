import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFoundError } from '@vertelpunt/core';
import { currentPatterns, getCollectionWithFramework, getEnrichment, getOrganisation, getPattern, getRun, getStory, latestRun, listRuns, patternMembersPage } from '@vertelpunt/db';
import { requireMember } from '../plugins/app/auth.ts';
import { storyView } from '../services/stories.ts';
import { toFilter } from '../services/dashboard.ts';
import { whatWorksFor } from '../services/what-works.ts';
import { filterFields } from './dashboard.ts';
import { Uuid } from './schemas.ts';

const tags = ['sensemaking'];
const CollectionParams = Type.Object({ orgId: Uuid, collectionId: Uuid });
const { collection: _collection, ...WhatWorksFilter } = filterFields;

export default async function pipelineRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/orgs/:orgId/stories/:storyId/enrichment', { schema: { tags, summary: 'What the pipeline found in a story', params: Type.Object({ orgId: Uuid, storyId: Uuid }) } }, async (request) => {
    const { orgId, storyId } = request.params;
    requireMember(request, orgId, 'story:read-all');
    const enrichment = await getEnrichment(app.db, orgId, storyId);
    if (!enrichment) {
      await getStory(app.db, orgId, storyId);
      throw new NotFoundError('enrichment (the story is still being processed)');
    }
    return enrichment;
  });

  app.get('/api/orgs/:orgId/collections/:collectionId/patterns', { schema: { tags, summary: 'The current patterns of a collection, largest first', params: CollectionParams } }, async (request) => {
    const { orgId, collectionId } = request.params;
    requireMember(request, orgId, 'story:read-all');
    await getCollectionWithFramework(app.db, collectionId, orgId);
    const org = (await getOrganisation(app.db, orgId))!;
    const run = await latestRun(app.db, collectionId);
    // A pattern smaller than the minimum group size is counted but not opened up.
    const patterns = (await currentPatterns(app.db, collectionId)).map(({ centroid: _c, ...p }) => (p.size < org.minGroupSize ? { id: p.id, size: null, suppressed: true } : { ...p, suppressed: false }));
    return { run: run ?? null, patterns };
  });

  app.get('/api/orgs/:orgId/patterns/:patternId/stories', {
    schema: { tags, summary: 'The stories of a pattern, closest to its centre first', params: Type.Object({ orgId: Uuid, patternId: Uuid }), querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }) },
  }, async (request) => {
    const { orgId, patternId } = request.params;
    requireMember(request, orgId, 'story:read-all');
    const pattern = await getPattern(app.db, orgId, patternId);
    if (!pattern) throw new NotFoundError('pattern');
    const org = (await getOrganisation(app.db, orgId))!;
    if (pattern.size < org.minGroupSize) return { items: [], suppressed: true };
    const rows = await patternMembersPage(app.db, orgId, patternId, request.query.limit ?? 50, request.query.offset ?? 0);
    return { items: rows.map((r) => ({ ...storyView(r.story), similarity: r.similarity })), suppressed: false };
  });

  app.get('/api/orgs/:orgId/collections/:collectionId/pattern-runs', { schema: { tags, summary: 'Pattern runs: parameters, duration, quality, status', params: CollectionParams } }, async (request) => {
    const { orgId, collectionId } = request.params;
    requireMember(request, orgId, 'story:read-all');
    return (await listRuns(app.db, orgId, collectionId)).map(({ model: _m, ...r }) => r);
  });

  app.post('/api/orgs/:orgId/collections/:collectionId/pattern-runs', { schema: { tags, summary: 'Start a pattern run now (202); poll its progress', params: CollectionParams } }, async (request, reply) => {
    const { orgId, collectionId } = request.params;
    requireMember(request, orgId, 'collection:write');
    await getCollectionWithFramework(app.db, collectionId, orgId);
    const runId = randomUUID();
    await app.queue.enqueue('find-patterns', { organisationId: orgId, collectionId, reason: 'request', runId }, `patterns-${runId}`);
    return reply.code(202).send({ runId, status: `/api/orgs/${orgId}/pattern-runs/${runId}` });
  });

  app.get('/api/orgs/:orgId/pattern-runs/:runId', { schema: { tags, summary: 'A pattern run with its progress (0..1)', params: Type.Object({ orgId: Uuid, runId: Uuid }) } }, async (request) => {
    const { orgId, runId } = request.params;
    requireMember(request, orgId, 'story:read-all');
    const run = await getRun(app.db, orgId, runId);
    if (run) {
      const { model: _m, ...rest } = run;
      return rest;
    }
    // Not started yet: the queue knows it, the database does not.
    const job = await app.queue.status(`patterns-${runId}`);
    if (!job || (job.payload as { organisationId?: string }).organisationId !== orgId) throw new NotFoundError('pattern run');
    return { id: runId, status: job.state === 'failed' ? 'failed' : 'queued', progress: 0, error: job.error ?? null };
  });

  app.get('/api/orgs/:orgId/collections/:collectionId/what-works', {
    schema: {
      tags,
      summary: 'Situation x intervention: outcome share with Wilson 95% interval, mean outcome with its interval, lift; cells under the minimum n are suppressed',
      params: CollectionParams,
      // The dashboard's filters (its collection is the one in the path).
      querystring: Type.Object({ ...WhatWorksFilter, patternId: Type.Optional(Uuid), lang: Type.Optional(Type.String({ pattern: '^[a-z]{2}$' })) }, { additionalProperties: false }),
    },
  }, async (request) => {
    const { orgId, collectionId } = request.params;
    requireMember(request, orgId, 'story:read-all');
    const collection = await getCollectionWithFramework(app.db, collectionId, orgId);
    const org = (await getOrganisation(app.db, orgId))!;
    const { patternId, lang, ...q } = request.query;
    return whatWorksFor(app, {
      filter: toFilter(orgId, q),
      collectionId,
      definition: collection.frameworkVersion.definition,
      minN: org.minGroupSize,
      lang: lang ?? 'nl',
      ...(patternId ? { patternId } : {}),
    });
  });

  app.get('/api/orgs/:orgId/jobs', { schema: { tags, summary: 'Queue counts and the jobs of this organisation that keep failing, with their error', params: Type.Object({ orgId: Uuid }) } }, async (request) => {
    requireMember(request, request.params.orgId, 'collection:write');
    const failed = (await app.queue.failed(500)).filter((f) => (f.payload as { organisationId?: string }).organisationId === request.params.orgId);
    return { counts: await app.queue.counts(), failed };
  });
}
