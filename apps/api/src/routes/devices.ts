import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFoundError } from '@vertelpunt/core';
import { createDevice, getCollectionWithFramework, listDevices, revokeDevice, type DeviceRow } from '@vertelpunt/db';
import { requireMember } from '../plugins/app/auth.ts';
import { OrgParams, Uuid } from './schemas.ts';

const tags = ['devices'];
const view = ({ tokenHash: _secret, ...device }: DeviceRow) => device;

export default async function deviceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/api/orgs/:orgId/devices', { schema: { tags, summary: 'Paired tablets and kiosks', params: OrgParams } }, async (request) => {
    requireMember(request, request.params.orgId, 'device:manage');
    return (await listDevices(app.db, request.params.orgId)).map(view);
  });

  app.post(
    '/api/orgs/:orgId/devices',
    {
      schema: {
        tags,
        summary: 'Pair a device to one collection; the token is returned once and never again',
        params: OrgParams,
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), kind: Type.Union([Type.Literal('tablet'), Type.Literal('kiosk')]), collectionId: Uuid }, { additionalProperties: false }),
      },
    },
    async (request, reply) => {
      requireMember(request, request.params.orgId, 'device:manage');
      await getCollectionWithFramework(app.db, request.body.collectionId, request.params.orgId);
      const id = randomUUID();
      const { token, tokenHash } = app.auth.newDeviceToken(id);
      const device = await createDevice(app.db, { ...request.body, id, organisationId: request.params.orgId, tokenHash });
      return reply.code(201).send({ ...view(device), token });
    },
  );

  app.post('/api/orgs/:orgId/devices/:deviceId/revoke', { schema: { tags, summary: 'Revoke a device token at once', params: Type.Object({ orgId: Uuid, deviceId: Uuid }) } }, async (request) => {
    requireMember(request, request.params.orgId, 'device:manage');
    const device = await revokeDevice(app.db, request.params.orgId, request.params.deviceId);
    if (!device) throw new NotFoundError('device');
    return view(device);
  });
}
