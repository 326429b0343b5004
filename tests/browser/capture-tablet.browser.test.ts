import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, startStack, type Browser, type Page, type Stack } from './harness.ts';
import { fillShortStory, pairDevice, query, storiesWithText } from './capture-helpers.ts';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack(inject('pgTemplate'), { stories: 10 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The shortest valid story of the demo framework, told on the tablet. */
async function tellShortStory(page: Page, text: string) {
  await fillShortStory(page, text, ['Werk zoeken', 'Werkervaringsplek of jobcoach', 'Nog onbekend', 'Jobcoach of re-integratieconsulent']);
  await page.getByRole('button', { name: 'Verhaal versturen' }).click();
}

describe('tablet capture (offline)', () => {
  it('pairs by link, queues stories offline across a reload, and delivers each exactly once', async () => {
    const token = await pairDevice(stack, 'tablet', 'Praktijkverhalen medewerkers');
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 } });
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/tablet#koppel=${token}`);
    await page.locator('#v-text').waitFor();
    // The token is taken out of the address bar at once.
    expect(page.url()).toBe(`${stack.baseUrl}/tablet`);
    expect(await page.evaluate(() => document.querySelector('link[rel="manifest"]')?.getAttribute('href'))).toBe('/manifest.webmanifest');
    await page.getByText('Deze app werkt ook zonder verbinding.').waitFor();

    await context.setOffline(true);
    await tellShortStory(page, 'Offline verteld, eerste verhaal: op huisbezoek zonder bereik.');
    await page.getByText('Je verhaal staat klaar en wordt verstuurd zodra er verbinding is.').waitFor();
    await page.getByRole('button', { name: 'Nog een verhaal vertellen' }).click();
    await tellShortStory(page, 'Offline verteld, tweede verhaal: ook hier geen netwerk in de kelder.');
    await page.getByText('2 verhalen wachten op verzending').waitFor();

    // Still offline: the service worker serves the app, the queue is still there.
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.getByText('2 verhalen wachten op verzending').waitFor();
    expect(await page.getByText('Geen verbinding: verhalen worden bewaard op dit apparaat.').isVisible()).toBe(true);
    expect(await storiesWithText(stack, 'Offline verteld')).toHaveLength(0);

    // Back online, the first answer is lost on the way back: the server stored the story, the
    // tablet does not know. It keeps it queued and sends it again, under the same id.
    let lost = 0;
    await page.route('**/api/stories', async (route) => {
      await route.fetch();
      lost += 1;
      await route.abort('connectionreset');
    });
    await context.setOffline(false);
    await expect.poll(() => lost).toBe(1);
    await page.unroute('**/api/stories');
    expect(await storiesWithText(stack, 'Offline verteld')).toHaveLength(1);
    await page.getByText('2 verhalen wachten op verzending').waitFor();
    await page.getByRole('button', { name: 'Nu versturen' }).click();
    await page.getByText('Alle verhalen zijn verzonden').waitFor({ timeout: 20_000 });
    const stories = await storiesWithText(stack, 'Offline verteld');
    expect(stories.map((s) => s.text).sort()).toEqual(['Offline verteld, eerste verhaal: op huisbezoek zonder bereik.', 'Offline verteld, tweede verhaal: ook hier geen netwerk in de kelder.']);
    expect(stories.every((s) => s.channel === 'tablet' && s.device_id !== null)).toBe(true);
    const [facts] = await query<{ n: string }>(stack, 'select count(distinct story_id) as n from story_answer where story_id = any($1::uuid[])', [stories.map((s) => s.id)]);
    expect(Number(facts!.n)).toBe(2);
    await context.close();
  });

  it('keeps a story the server refuses in the queue, with the reason', async () => {
    const token = await pairDevice(stack, 'tablet', 'Praktijkverhalen medewerkers');
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 } });
    const page = await context.newPage();
    await page.route('**/api/stories', (route) =>
      route.fulfill({ status: 422, contentType: 'application/json', body: JSON.stringify({ statusCode: 422, error: 'Unprocessable Entity', message: 'this collection was not open for stories when this story was told' }) }),
    );
    await page.goto(`${stack.baseUrl}/tablet#koppel=${token}`);
    await page.locator('#v-text').waitFor();
    await tellShortStory(page, 'Een verhaal dat de server weigert, maar dat niet verloren gaat.');
    await page.getByText('Niet verzonden: this collection was not open').waitFor();
    expect(await page.getByText('1 verhaal wacht op verzending').isVisible()).toBe(true);
    await page.reload();
    await page.getByText('Niet verzonden: this collection was not open').waitFor();
    await context.close();
  });
});
