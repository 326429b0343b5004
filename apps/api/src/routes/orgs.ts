import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { NotFoundError } from '@vertelpunt/core';
import { getOrganisation } from '@vertelpunt/db';
import { requireMember } from '../plugins/app/auth.ts';
import { OrgParams } from './schemas.ts';

export default async function orgRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/orgs/:orgId', { schema: { tags: ['organisations'], summary: 'The organisation and your role in it', params: OrgParams } }, async (request) => {
    const m = requireMember(request, request.params.orgId, 'org:read');
    const org = await getOrganisation(app.db, request.params.orgId);
    if (!org) throw new NotFoundError('organisation');
    return { ...org, role: m.role };
  });
}
