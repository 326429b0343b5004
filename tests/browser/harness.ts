import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { openQueue } from '@vertelpunt/queue';
import { buildApp } from '../../apps/api/src/app.ts';
import { loadConfig } from '../../apps/api/src/config.ts';
import { seedDemo } from '../../apps/api/src/seed.ts';
import { startPipeline, type Pipeline } from '../../apps/worker/src/pipeline.ts';
import { freshDatabase, type TestDatabase } from '../helpers/pg.ts';

export const DEMO_PASSWORD = 'browser-test-wachtwoord';

export interface Stack {
  baseUrl: string;
  database: TestDatabase;
  organisationId: string;
  pipeline: Pipeline;
  stop(): Promise<void>;
}

/**
 * The whole system as a user meets it: the built web app served by the API on a fresh real
 * PostgreSQL database with the demo organisation, and the pipeline running in-process.
 */
export async function startStack(template: string, opts: { stories?: number; env?: Record<string, string> } = {}): Promise<Stack> {
  const database = await freshDatabase(template);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vertelpunt-browser-'));
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, PORT: '0', ...opts.env });
  const seeded = await seedDemo(database.db, { password: DEMO_PASSWORD, stories: opts.stories ?? 120 });
  const { queue, events } = openQueue(undefined);
  const app = await buildApp({ config, database, queue, events });
  const pipeline = await startPipeline({ database, queue, events, log: app.log });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    database,
    organisationId: seeded.organisationId,
    pipeline,
    async stop() {
      await app.close();
      await pipeline.stop();
      await queue.close();
      await events.close();
      await database.destroy();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Debian's Chromium, headless, with no network beyond this machine (never a downloaded browser).
 * `fakeMedia`: a synthetic microphone and camera, granted without a prompt (for recording).
 */
export async function launchBrowser(opts: { fakeMedia?: boolean } = {}): Promise<Browser> {
  const media = opts.fakeMedia ? ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'] : [];
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', ...media],
  });
}

export async function loginAs(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('heading', { name: /Welkom/ }).waitFor();
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/** Runs axe-core in the page; returns the serious and critical violations (WCAG 2.1 A/AA). */
export async function seriousA11yViolations(page: Page): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated over the DevTools protocol: our CSP (rightly) refuses inline <script> tags.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

export type { Browser, BrowserContext, Page };
