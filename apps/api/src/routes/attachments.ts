import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { fileTypeFromFile } from 'file-type';
import { ForbiddenError, NotFoundError, UnauthorizedError, ValidationError, can } from '@vertelpunt/core';
import { findStoryAnyOrganisation, getAttachment, insertAttachment, listAttachments, type StoryRow } from '@vertelpunt/db';
import { requireMember } from '../plugins/app/auth.ts';
import { PayloadTooLargeError, UnprocessableError, UnsupportedMediaError } from '../plugins/app/errors.ts';
import { Uuid } from './schemas.ts';

const tags = ['attachments'];
const MAX_PER_STORY = 5;

/**
 * Declared type -> the types its content may be sniffed as. Browsers record audio as WebM,
 * whose container sniffs as video/webm; WAV sniffs under either name.
 */
const ALLOWED: Record<string, { kind: 'audio' | 'photo'; sniffed: string[] }> = {
  'image/jpeg': { kind: 'photo', sniffed: ['image/jpeg'] },
  'image/png': { kind: 'photo', sniffed: ['image/png'] },
  'image/webp': { kind: 'photo', sniffed: ['image/webp'] },
  'audio/webm': { kind: 'audio', sniffed: ['audio/webm', 'video/webm'] },
  'audio/ogg': { kind: 'audio', sniffed: ['audio/ogg', 'audio/opus'] },
  'audio/mpeg': { kind: 'audio', sniffed: ['audio/mpeg'] },
  'audio/mp4': { kind: 'audio', sniffed: ['audio/mp4', 'audio/x-m4a', 'video/mp4'] },
  'audio/wav': { kind: 'audio', sniffed: ['audio/wav', 'audio/x-wav', 'audio/vnd.wave'] },
};

export default async function attachmentRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  /** Who may add to a story: the device that sent it, or a member who may submit stories. */
  async function storyForUpload(request: FastifyRequest, storyId: string): Promise<StoryRow> {
    const p = request.principal;
    if (p === null) throw new UnauthorizedError('log in or use a device token');
    const story = await findStoryAnyOrganisation(app.db, storyId);
    if (!story) throw new NotFoundError('story');
    if (p.kind === 'device') {
      if (story.deviceId !== p.device.id) throw new ForbiddenError('a device may only add to stories it sent');
      return story;
    }
    const m = p.memberships.find((x) => x.organisationId === story.organisationId);
    if (!m) throw new NotFoundError('story');
    if (!can(m.role, 'story:create') || (story.tellerUserId !== p.userId && m.role !== 'admin')) throw new ForbiddenError('you may not add to this story');
    return story;
  }

  app.post(
    '/api/stories/:storyId/attachments',
    {
      schema: {
        tags,
        summary: 'Attach one audio recording or photo (multipart field "file"); the content must match its declared type',
        consumes: ['multipart/form-data'],
        params: Type.Object({ storyId: Uuid }),
      },
    },
    async (request, reply) => {
      const story = await storyForUpload(request, request.params.storyId);
      if (!request.isMultipart()) throw new UnsupportedMediaError('send the file as multipart/form-data');
      if ((await listAttachments(app.db, story.organisationId, story.id)).length >= MAX_PER_STORY) throw new UnprocessableError(`a story has at most ${MAX_PER_STORY} attachments`);
      // A cut-off or malformed body makes the parser throw; the error handler answers 400.
      const file = await request.file();
      if (!file) throw ValidationError.one('/file', 'is required');
      if (file.fieldname !== 'file') {
        file.file.resume();
        throw ValidationError.one(`/${file.fieldname}`, 'send the file in the field "file"');
      }

      const allowed = ALLOWED[file.mimetype];
      if (!allowed) {
        file.file.resume();
        throw new UnsupportedMediaError(`${file.mimetype} is not accepted; send one of ${Object.keys(ALLOWED).join(', ')}`);
      }
      let staged;
      try {
        staged = await app.blobs.stage(file.file);
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 413) throw new PayloadTooLargeError(`a file may be at most ${app.config.maxUploadBytes} bytes`);
        throw err;
      }
      try {
        if (file.file.truncated) throw new PayloadTooLargeError(`a file may be at most ${app.config.maxUploadBytes} bytes`);
        if (staged.sizeBytes === 0) throw ValidationError.one('/file', 'is empty');
        const sniffed = await fileTypeFromFile(staged.tempPath);
        if (!sniffed || !allowed.sniffed.includes(sniffed.mime)) throw new UnsupportedMediaError(`the content is not ${file.mimetype}`);
        const id = randomUUID();
        const storageKey = `${story.organisationId}/${story.id}/${id}`;
        await app.blobs.commit(staged, storageKey);
        try {
          const row = await insertAttachment(app.db, { id, storyId: story.id, organisationId: story.organisationId, kind: allowed.kind, mimeType: file.mimetype, sizeBytes: staged.sizeBytes, sha256: staged.sha256, storageKey });
          const { storageKey: _key, ...view } = row;
          return reply.code(201).send(view);
        } catch (err) {
          await app.blobs.remove(storageKey);
          throw err;
        }
      } finally {
        await app.blobs.discard(staged);
      }
    },
  );

  app.get(
    '/api/orgs/:orgId/stories/:storyId/attachments/:attachmentId',
    { schema: { tags, summary: 'The bytes of an attachment', params: Type.Object({ orgId: Uuid, storyId: Uuid, attachmentId: Uuid }) } },
    async (request, reply) => {
      const { orgId, storyId, attachmentId } = request.params;
      requireMember(request, orgId, 'story:read-all');
      const a = await getAttachment(app.db, orgId, storyId, attachmentId);
      return reply.type(a.mimeType).header('content-disposition', 'attachment').header('cache-control', 'private, no-store').send(app.blobs.read(a.storageKey));
    },
  );
}
