import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FRAMEWORK_NL_IDS as Q } from '@vertelpunt/core/demo';
import { queryRows } from '@vertelpunt/db';
import { DEMO_PASSWORD, launchBrowser, loginAs, seriousA11yViolations, startStack, type Browser, type Page, type Stack } from './harness.ts';

/**
 * The live dashboard in real Chromium on a seeded organisation. With DASHBOARD_SCREENSHOTS=1
 * it also writes docs/screenshots/dashboard-*.png (not on every CI run: they are committed).
 */
const SHOTS = process.env.DASHBOARD_SCREENSHOTS === '1' ? path.resolve(import.meta.dirname, '../../docs/screenshots') : null;
const H = Math.sqrt(3) / 2;

let stack: Stack;
let browser: Browser;
let page: Page;

async function api(email: string) {
  const login = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const headers = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, 'x-csrf-token': csrfToken };
  return (method: string, url: string, body?: unknown) =>
    fetch(`${stack.baseUrl}${url}`, { method, headers: body ? { ...headers, 'content-type': 'application/json' } : headers, ...(body ? { body: JSON.stringify(body) } : {}) });
}

async function shot(name: string) {
  if (!SHOTS) return;
  await mkdir(SHOTS, { recursive: true });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.screenshot({ path: path.join(SHOTS, `dashboard-${name}.png`), fullPage: true, clip: { x: 0, y: 0, width: 1360, height: Math.min(height, 2000) } });
}

beforeAll(async () => {
  stack = await startStack(inject('pgTemplate'), { stories: 150 });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  await loginAs(page, stack.baseUrl, 'analist@demostad.nl');
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('dashboard', () => {
  it('shows the right counts per channel and counts a new story live within 2 s', async () => {
    await page.goto(`${stack.baseUrl}/dashboard`);
    await page.getByTestId('facets').waitFor();
    const byChannel = await queryRows<{ channel: string; n: number }>(stack.database.db, sql`select channel, count(*)::int as n from story where organisation_id = ${stack.organisationId} group by 1`);
    const total = byChannel.reduce((s, r) => s + r.n, 0);
    await expect.poll(() => page.getByTestId('live-total').textContent()).toBe(String(total));
    const kiosk = byChannel.find((r) => r.channel === 'kiosk')!;
    expect(kiosk.n).toBeGreaterThanOrEqual(5);
    expect(await page.getByRole('button', { name: /^Kiosk \(wachtruimte\)/ }).textContent()).toContain(String(kiosk.n));
    expect(await page.getByTestId('story-total').textContent()).toBe(`${total} verhalen`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shot('overview');

    // A story told through the API now.
    const call = await api('consulent@demostad.nl');
    const [collection] = await queryRows<{ id: string }>(stack.database.db, sql`select id from collection where organisation_id = ${stack.organisationId} and 'web' = any(channels)`);
    const [template] = await queryRows<{ answers: object; prompt_id: string }>(stack.database.db, sql`select answers, prompt_id from story where collection_id = ${collection!.id} limit 1`);
    const started = Date.now();
    const res = await call('POST', '/api/stories', { id: crypto.randomUUID(), collectionId: collection!.id, promptId: template!.prompt_id, text: 'Vandaag een huisbezoek gedaan dat echt verschil maakte voor de klant en haar kinderen.', createdAt: new Date().toISOString(), answers: template!.answers });
    expect(res.status).toBe(201);
    await page.getByTestId('live-total').filter({ hasText: String(total + 1) }).waitFor({ timeout: 2000 });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('filters on a channel from the facet bars and keeps it in the URL', async () => {
    await page.goto(`${stack.baseUrl}/dashboard`);
    await page.getByRole('button', { name: /^Kiosk \(wachtruimte\)/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('channel')).toEqual(['kiosk']);
    const [kiosk] = await queryRows<{ n: number }>(stack.database.db, sql`select count(*)::int as n from story where organisation_id = ${stack.organisationId} and channel = 'kiosk'`);
    await expect.poll(() => page.getByTestId('story-total').textContent()).toBe(`${kiosk!.n} verhalen`);
  });

  /** The triad condition in the URL, and the story list showing exactly the stories inside it. */
  async function expectTriadSelection() {
    await expect.poll(() => new URL(page.url()).searchParams.getAll('a').length).toBe(1);
    const condition = new URL(page.url()).searchParams.get('a')!;
    expect(condition.startsWith(`${Q.doorslag}@`)).toBe(true);
    const [x0, y0, x1, y1] = condition.split('@')[1]!.split(',').map(Number) as [number, number, number, number];
    const stories = await queryRows<{ id: string; w: [number, number, number] | null }>(stack.database.db, sql`select id, answers->${Q.doorslag}->'weights' as w from story where organisation_id = ${stack.organisationId}`);
    const inside = stories.filter(({ w }) => w && w[0] / 2 + w[2] >= x0 && w[0] / 2 + w[2] <= x1 && H * (1 - w[0]) >= y0 && H * (1 - w[0]) <= y1).map((s) => s.id);
    expect(inside.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('story-total').textContent()).toBe(`${inside.length} ${inside.length === 1 ? 'verhaal' : 'verhalen'}`);
    const more = page.getByRole('button', { name: 'Meer verhalen' });
    while (await more.isVisible()) {
      await more.click();
      await page.waitForTimeout(200);
    }
    const listed = await page.locator('[data-testid=story-list] [data-story-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-story-id')));
    expect(listed.sort()).toEqual(inside.sort());
  }

  it('lists exactly the stories inside a brushed triad region', async () => {
    await page.goto(`${stack.baseUrl}/dashboard/betekenisgevers`);
    const area = page.getByTestId('triad-brush').first();
    await area.scrollIntoViewIfNeeded();
    const box = (await area.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.65, { steps: 5 });
    await page.mouse.up();
    await expectTriadSelection();
    await shot('signifiers');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('selects a triad region by keyboard alone', async () => {
    await page.goto(`${stack.baseUrl}/dashboard/betekenisgevers`);
    await page.getByTestId('triad-brush').first().waitFor();
    const onBrush = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'triad-brush');
    for (let i = 0; i < 200 && !(await onBrush()); i++) await page.keyboard.press('Tab');
    expect(await onBrush()).toBe(true);
    // A box in the middle, moved left, made wider and taller, applied.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowLeft');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Enter');
    await expectTriadSelection();
  });

  it('never shows a number for a what-works cell under the minimum n', async () => {
    await page.goto(`${stack.baseUrl}/dashboard/wat-werkt`);
    const table = page.getByTestId('what-works');
    await table.waitFor();
    const suppressed = await table.locator('td[data-suppressed]').allTextContents();
    expect(suppressed.length).toBeGreaterThan(0);
    for (const text of suppressed) expect(text).toBe('minder dan 5');
    const ns = await table.locator('td[data-n]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-n'))));
    expect(ns.length).toBeGreaterThan(0);
    expect(ns.every((n) => n >= 5)).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await shot('what-works');
  });

  it('shows the patterns with their stories', async () => {
    const admin = await api('admin@demostad.nl');
    const [collection] = await queryRows<{ id: string }>(stack.database.db, sql`select id from collection where organisation_id = ${stack.organisationId} order by name limit 1`);
    const started = (await (await admin('POST', `/api/orgs/${stack.organisationId}/collections/${collection!.id}/pattern-runs`)).json()) as { runId: string };
    await expect
      .poll(async () => ((await (await admin('GET', `/api/orgs/${stack.organisationId}/pattern-runs/${started.runId}`)).json()) as { status: string }).status, { timeout: 30_000, interval: 250 })
      .toBe('done');
    await page.goto(`${stack.baseUrl}/dashboard/patronen`);
    await page.getByTestId('pattern').first().waitFor();
    await shot('patterns');
    await page.getByRole('button', { name: 'Alle verhalen van dit patroon' }).first().click();
    await page.getByRole('button', { name: 'Verberg verhalen' }).first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
