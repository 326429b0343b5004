import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import fp from 'fastify-plugin';

export interface StagedBlob {
  tempPath: string;
  sizeBytes: number;
  sha256: string;
}

/** Attachment bytes on the local disk. Keys are generated here, never taken from a file name. */
export interface BlobStore {
  /** Streams into a temporary file, hashing on the way. */
  stage(stream: Readable): Promise<StagedBlob>;
  /** Moves a staged blob to its final key. */
  commit(staged: StagedBlob, key: string): Promise<void>;
  discard(staged: StagedBlob): Promise<void>;
  remove(key: string): Promise<void>;
  read(key: string): Readable;
  pathOf(key: string): string;
}

declare module 'fastify' {
  interface FastifyInstance {
    blobs: BlobStore;
  }
}

export function fileBlobStore(root: string): BlobStore {
  const tmp = path.join(root, 'tmp');
  const pathOf = (key: string) => {
    const p = path.resolve(root, key);
    if (!p.startsWith(root + path.sep) || p.startsWith(tmp + path.sep)) throw new Error('invalid blob key');
    return p;
  };
  return {
    async stage(stream) {
      await mkdir(tmp, { recursive: true });
      const tempPath = path.join(tmp, randomUUID());
      const hash = createHash('sha256');
      let sizeBytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          hash.update(chunk);
          sizeBytes += chunk.length;
          cb(null, chunk);
        },
      });
      try {
        await pipeline(stream, counter, createWriteStream(tempPath));
      } catch (err) {
        await rm(tempPath, { force: true });
        throw err;
      }
      return { tempPath, sizeBytes, sha256: hash.digest('hex') };
    },
    async commit(staged, key) {
      const target = pathOf(key);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(staged.tempPath, target);
    },
    discard: (staged) => rm(staged.tempPath, { force: true }),
    remove: (key) => rm(pathOf(key), { force: true }),
    read: (key) => createReadStream(pathOf(key)),
    pathOf,
  };
}

export default fp<{ root: string }>(
  async (app, opts) => {
    app.decorate('blobs', fileBlobStore(path.resolve(opts.root)));
  },
  { name: 'blobs' },
);
