import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { validateFrameworkDefinition } from '@vertelpunt/core';
import { createDraftVersion, createFramework, getFrameworkVersion, listFrameworks, publishVersion, updateDraft } from '@vertelpunt/db';
import { requireMember } from '../plugins/app/auth.ts';
import { FrameworkDefinitionBody, OrgParams, Uuid } from './schemas.ts';

const VersionParams = Type.Object({ orgId: Uuid, versionId: Uuid });
const tags = ['frameworks'];

export default async function frameworkRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/orgs/:orgId/frameworks', { schema: { tags, summary: 'Frameworks with their versions', params: OrgParams } }, async (request) => {
    requireMember(request, request.params.orgId, 'framework:read');
    return listFrameworks(app.db, request.params.orgId);
  });

  app.post(
    '/api/orgs/:orgId/frameworks',
    {
      schema: {
        tags,
        summary: 'Create a framework; its first version is a draft',
        params: OrgParams,
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), definition: FrameworkDefinitionBody }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      requireMember(request, request.params.orgId, 'framework:write');
      const definition = validateFrameworkDefinition(request.body.definition, '/definition');
      return reply.code(201).send(await createFramework(app.db, request.params.orgId, request.body.name, definition));
    },
  );

  app.post(
    '/api/orgs/:orgId/frameworks/:frameworkId/versions',
    { schema: { tags, summary: 'Start a new draft version from the latest published one', params: Type.Object({ orgId: Uuid, frameworkId: Uuid }) } },
    async (request, reply) => {
      requireMember(request, request.params.orgId, 'framework:write');
      return reply.code(201).send(await createDraftVersion(app.db, request.params.orgId, request.params.frameworkId));
    },
  );

  app.get('/api/orgs/:orgId/framework-versions/:versionId', { schema: { tags, summary: 'One framework version with its questions', params: VersionParams } }, async (request) => {
    requireMember(request, request.params.orgId, 'framework:read');
    return getFrameworkVersion(app.db, request.params.orgId, request.params.versionId);
  });

  app.put(
    '/api/orgs/:orgId/framework-versions/:versionId',
    { schema: { tags, summary: 'Edit a draft version (a published version is immutable: 409)', params: VersionParams, body: Type.Object({ definition: FrameworkDefinitionBody }, { additionalProperties: false }) } },
    async (request) => {
      requireMember(request, request.params.orgId, 'framework:write');
      const definition = validateFrameworkDefinition(request.body.definition, '/definition');
      return updateDraft(app.db, request.params.orgId, request.params.versionId, definition);
    },
  );

  app.post('/api/orgs/:orgId/framework-versions/:versionId/publish', { schema: { tags, summary: 'Publish a draft; from then on it is immutable', params: VersionParams } }, async (request) => {
    requireMember(request, request.params.orgId, 'framework:write');
    return publishVersion(app.db, request.params.orgId, request.params.versionId);
  });
}
