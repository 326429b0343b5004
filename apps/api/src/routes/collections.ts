import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { ForbiddenError, UnauthorizedError } from '@vertelpunt/core';
import { createCollection, getCollectionWithFramework, getFrameworkVersion, listCollections, updateCollection, type CollectionValues } from '@vertelpunt/db';
import { requireMember } from '../plugins/app/auth.ts';
import { UnprocessableError } from '../plugins/app/errors.ts';
import { Channel, LocalizedText, OrgParams, Prompt, TellerKind, Uuid } from './schemas.ts';

const tags = ['collections'];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const CollectionFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  frameworkVersionId: Uuid,
  channels: Type.Array(Channel, { minItems: 1, uniqueItems: true }),
  prompts: Type.Array(Prompt, { maxItems: 20 }),
  opensAt: Nullable(Type.String({ format: 'date-time' })),
  closesAt: Nullable(Type.String({ format: 'date-time' })),
  anonymous: Type.Boolean(),
  tellerKind: TellerKind,
  consentText: Nullable(LocalizedText),
  keepOriginalText: Type.Boolean(),
};
const CreateBody = Type.Object({ ...CollectionFields, prompts: Type.Optional(CollectionFields.prompts), opensAt: Type.Optional(CollectionFields.opensAt), closesAt: Type.Optional(CollectionFields.closesAt), anonymous: Type.Optional(CollectionFields.anonymous), tellerKind: Type.Optional(CollectionFields.tellerKind), consentText: Type.Optional(CollectionFields.consentText), keepOriginalText: Type.Optional(CollectionFields.keepOriginalText) }, { additionalProperties: false });
const PatchBody = Type.Partial(Type.Object(CollectionFields, { additionalProperties: false }));
const CollectionParams = Type.Object({ orgId: Uuid, collectionId: Uuid });

function toValues(body: Static<typeof PatchBody>): Partial<CollectionValues> {
  const { opensAt, closesAt, ...rest } = body;
  const values: Partial<CollectionValues> = { ...rest };
  if (opensAt !== undefined) values.opensAt = opensAt === null ? null : new Date(opensAt);
  if (closesAt !== undefined) values.closesAt = closesAt === null ? null : new Date(closesAt);
  return values;
}

export default async function collectionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  /** Stories are only gathered for published (immutable) framework versions. */
  const assertPublished = async (orgId: string, versionId: string | undefined) => {
    if (versionId === undefined) return;
    const v = await getFrameworkVersion(app.db, orgId, versionId);
    if (v.status !== 'published') throw new UnprocessableError('a collection needs a published framework version');
  };

  app.get('/api/orgs/:orgId/collections', { schema: { tags, summary: 'Collections of the organisation', params: OrgParams } }, async (request) => {
    requireMember(request, request.params.orgId, 'collection:read');
    return listCollections(app.db, request.params.orgId);
  });

  app.post('/api/orgs/:orgId/collections', { schema: { tags, summary: 'Create a collection for a published framework version', params: OrgParams, body: CreateBody } }, async (request, reply) => {
    requireMember(request, request.params.orgId, 'collection:write');
    await assertPublished(request.params.orgId, request.body.frameworkVersionId);
    const values = toValues(request.body) as CollectionValues;
    return reply.code(201).send(await createCollection(app.db, request.params.orgId, values));
  });

  app.get('/api/orgs/:orgId/collections/:collectionId', { schema: { tags, summary: 'A collection with the framework version it gathers for', params: CollectionParams } }, async (request) => {
    requireMember(request, request.params.orgId, 'collection:read');
    return getCollectionWithFramework(app.db, request.params.collectionId, request.params.orgId);
  });

  app.patch('/api/orgs/:orgId/collections/:collectionId', { schema: { tags, summary: 'Change a collection', params: CollectionParams, body: PatchBody } }, async (request) => {
    requireMember(request, request.params.orgId, 'collection:write');
    await assertPublished(request.params.orgId, request.body.frameworkVersionId);
    const updated = await updateCollection(app.db, request.params.orgId, request.params.collectionId, toValues(request.body));
    app.collections.invalidate(updated.id);
    return updated;
  });

  app.get('/api/device/collection', { schema: { tags, summary: 'For a paired device: its collection and framework version' } }, async (request) => {
    const p = request.principal;
    if (p === null) throw new UnauthorizedError('a device token is required');
    if (p.kind !== 'device') throw new ForbiddenError('only a paired device can ask for its collection');
    return getCollectionWithFramework(app.db, p.device.collectionId, p.device.organisationId);
  });
}
