import path from 'node:path';

export interface Config {
  host: string;
  port: number;
  /** Real PostgreSQL when set; the embedded default (PGlite in `dataDir`) when not. */
  databaseUrl: string | undefined;
  /** Redis + BullMQ when set; the in-process queue when not. */
  redisUrl: string | undefined;
  /** Key prefix in Redis, so deployments (and test runs) can share one server. */
  queuePrefix: string;
  dataDir: string;
  /** Secure cookies need HTTPS; on by default in production. */
  cookieSecure: boolean;
  sessionTtlHours: number;
  /** Story batches written at once (group commit); see packages/db/src/repos/story-batcher.ts. */
  storyWritesInFlight: number;
  /** How often a live stream sends a heartbeat and checks its session again. */
  liveHeartbeatMs: number;
  /**
   * Stories per organisation the in-memory dashboard index holds (packages/db/src/dashboard-index);
   * 0 turns it off, and every dashboard read goes to SQL.
   */
  dashboardIndexMaxStories: number;
  maxUploadBytes: number;
  logLevel: string;
  /** The built web app to serve from the same origin, if present. */
  webDist: string;
  production: boolean;
}

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Reads the environment once and fails fast with every bad variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const errors: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) errors.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return n;
  };
  const url = (name: string, protocols: string[]): string | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    try {
      if (!protocols.includes(new URL(raw).protocol)) errors.push(`${name} must be a ${protocols.join(' or ')} URL`);
    } catch {
      errors.push(`${name} is not a valid URL`);
    }
    return raw;
  };
  const production = env.NODE_ENV === 'production';
  const config: Config = {
    host: env.HOST ?? '127.0.0.1',
    port: int('PORT', 3000, 0, 65535),
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    queuePrefix: env.QUEUE_PREFIX ?? 'vertelpunt',
    dataDir: path.resolve(env.DATA_DIR ?? path.join(ROOT, '.data')),
    cookieSecure: env.COOKIE_SECURE === undefined ? production : env.COOKIE_SECURE === 'true',
    sessionTtlHours: int('SESSION_TTL_HOURS', 12, 1, 24 * 30),
    storyWritesInFlight: int('STORY_WRITES_IN_FLIGHT', 1, 1, 64),
    liveHeartbeatMs: int('LIVE_HEARTBEAT_MS', 15_000, 100, 120_000),
    dashboardIndexMaxStories: int('DASHBOARD_INDEX_MAX_STORIES', 5_000_000, 0, 100_000_000),
    maxUploadBytes: int('MAX_UPLOAD_BYTES', 25 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    logLevel: env.LOG_LEVEL ?? (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    webDist: path.resolve(env.WEB_DIST ?? path.join(ROOT, 'apps/web/dist')),
    production,
  };
  if (errors.length > 0) throw new Error(`Invalid configuration:\n- ${errors.join('\n- ')}`);
  return config;
}
