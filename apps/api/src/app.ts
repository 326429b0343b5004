import Fastify, { type FastifyInstance } from 'fastify';
import path from 'node:path';
import type { Database } from '@vertelpunt/db';
import type { EventBus, JobQueue } from '@vertelpunt/queue';
import type { Config } from './config.ts';
import security from './plugins/external/security.ts';
import openapi from './plugins/external/openapi.ts';
import multipart from './plugins/external/multipart.ts';
import web from './plugins/external/web.ts';
import errors from './plugins/app/errors.ts';
import db from './plugins/app/db.ts';
import blobs from './plugins/app/blobs.ts';
import auth from './plugins/app/auth.ts';
import collectionCache from './plugins/app/collection-cache.ts';
import healthRoutes from './routes/health.ts';
import authRoutes from './routes/auth.ts';
import orgRoutes from './routes/orgs.ts';
import frameworkRoutes from './routes/frameworks.ts';
import collectionRoutes from './routes/collections.ts';
import deviceRoutes from './routes/devices.ts';
import storyRoutes from './routes/stories.ts';
import attachmentRoutes from './routes/attachments.ts';
import pipelineRoutes from './routes/pipeline.ts';
import dashboardRoutes from './routes/dashboard.ts';
import liveRoutes from './routes/live.ts';

export interface AppDeps {
  config: Config;
  database: Database;
  queue: JobQueue;
  events: EventBus;
}

/** Builds the HTTP app around connections it does not own (the caller closes them). */
export async function buildApp({ config, database, queue, events }: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(process.stdout.isTTY && config.logLevel !== 'silent' ? { transport: { target: 'pino-pretty' } } : {}),
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
    },
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
    trustProxy: config.production,
  });

  await app.register(errors);
  await app.register(security);
  await app.register(openapi);
  await app.register(multipart, { maxUploadBytes: config.maxUploadBytes });
  await app.register(db, { config, database, queue, events });
  await app.register(blobs, { root: path.join(config.dataDir, 'blobs') });
  await app.register(auth);
  await app.register(collectionCache);

  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(orgRoutes);
  await app.register(frameworkRoutes);
  await app.register(collectionRoutes);
  await app.register(deviceRoutes);
  await app.register(storyRoutes);
  await app.register(attachmentRoutes);
  await app.register(pipelineRoutes);
  await app.register(dashboardRoutes);
  await app.register(liveRoutes);

  await app.register(web, { root: config.webDist });
  return app;
}
