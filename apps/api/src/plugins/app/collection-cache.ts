import fp from 'fastify-plugin';
import { getCollectionWithFramework, type Db } from '@vertelpunt/db';

type CollectionWithFramework = Awaited<ReturnType<typeof getCollectionWithFramework>>;

/**
 * Collections with their framework version, read on every story submission. The version is
 * immutable once published; the collection's own settings change rarely, so a short TTL is
 * safe: a change made through this instance is seen at once, through another within `ttlMs`.
 */
export class CollectionCache {
  private readonly entries = new Map<string, { value: CollectionWithFramework; expires: number }>();
  constructor(
    private readonly db: Db,
    private readonly ttlMs: number,
    private readonly maxEntries = 1000,
  ) {}

  async get(id: string): Promise<CollectionWithFramework> {
    const hit = this.entries.get(id);
    if (hit && hit.expires > Date.now()) return hit.value;
    const value = await getCollectionWithFramework(this.db, id);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(id, { value, expires: Date.now() + this.ttlMs });
    return value;
  }

  invalidate(id: string): void {
    this.entries.delete(id);
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    collections: CollectionCache;
  }
}

export default fp(
  async (app) => {
    app.decorate('collections', new CollectionCache(app.db, 5_000));
  },
  { name: 'collection-cache', dependencies: ['db'] },
);
