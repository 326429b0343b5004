import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { schema } from '@vertelpunt/db';
import { launchBrowser, loginAs, startStack, type Browser, type Page, type Stack } from './harness.ts';
import { adminSession, fillShortStory, storiesWithText } from './capture-helpers.ts';

let stack: Stack;
let browser: Browser;
let pairingLink: string;

beforeAll(async () => {
  stack = await startStack(inject('pgTemplate'), { stories: 10 });
  browser = await launchBrowser();
  // An administrator creates the pairing link, as in the waiting room.
  const admin = await browser.newPage();
  await loginAs(admin, stack.baseUrl, 'admin@demostad.nl');
  await admin.goto(`${stack.baseUrl}/vertellen/apparaat`);
  await admin.getByLabel('Naam van het apparaat').fill('Kiosk hal');
  await admin.getByLabel('Kiosk in de wachtruimte').check();
  expect(await admin.getByLabel('Verzameling').locator('option:checked').textContent()).toBe('Vertelpunt wachtruimte');
  await admin.getByRole('button', { name: 'Koppelcode maken' }).click();
  pairingLink = (await admin.locator('a.vp-pair-link').getAttribute('href'))!;
  // The same link as a QR code, for a device with a camera; the link stays in text beside it.
  expect(await admin.getByRole('img', { name: 'QR-code met de koppellink hierboven' }).locator('path').getAttribute('d')).toMatch(/^M0 0h7v1h-7z/);
  expect(pairingLink).toMatch(/\/kiosk#koppel=vpd_/);
  await admin.close();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** What the browser holds of a teller: every storage and the page itself. */
async function traces(page: Page, needle: string) {
  return page.evaluate((n) => {
    const all = (s: Storage) => Object.keys(s).map((k) => `${k}=${s.getItem(k)}`).join('\n');
    return {
      local: all(localStorage).includes(n),
      session: all(sessionStorage).includes(n),
      page: document.body.innerText.includes(n) || [...document.querySelectorAll('textarea, input')].some((el) => (el as HTMLInputElement).value.includes(n)),
      historyState: history.state,
    };
  }, needle);
}

const tellShortStory = (page: Page, text: string) => fillShortStory(page, text, ['Taal en begrijpen van brieven', 'Extra tijd genomen', 'Situatie verbeterd', 'Inwoner of klant']);

async function beginStory(page: Page) {
  await page.getByRole('button', { name: 'Beginnen' }).click();
  expect(await page.getByText('Je verhaal wordt zonder je naam bewaard').isVisible()).toBe(true);
  await page.getByRole('button', { name: 'Ik doe mee' }).click();
  await page.locator('#v-text').waitFor();
}

describe('kiosk', () => {
  it('after a submit the next teller sees nothing of the last, not even going back', async () => {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 } });
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/`);
    await page.goto(pairingLink);
    await page.getByRole('button', { name: 'Beginnen' }).waitFor();
    expect(page.url()).not.toContain('koppel');
    const historyAtStart = await page.evaluate(() => history.length);
    await beginStory(page);
    expect(await page.getByText('Na 60 seconden zonder activiteit wordt alles gewist.').isVisible()).toBe(true);

    const text = 'Kioskverhaal van de vorige bezoeker over de brief van de gemeente.';
    await tellShortStory(page, text);
    await page.getByRole('button', { name: 'Verhaal versturen' }).click();

    await page.getByText('Dank je wel! Je verhaal is ontvangen.').waitFor();
    await expect.poll(async () => (await storiesWithText(stack, 'Kioskverhaal van de vorige')).length).toBe(1);
    const [story] = await storiesWithText(stack, 'Kioskverhaal van de vorige');
    expect(story).toMatchObject({ channel: 'kiosk', teller_kind: 'client' });

    expect(await traces(page, 'Kioskverhaal')).toEqual({ local: false, session: false, page: false, historyState: null });
    await beginStory(page);
    expect(await page.locator('#v-text').inputValue()).toBe('');
    expect(await page.locator('input:checked').count()).toBe(0);

    // The kiosk adds no history entry per teller, so "back" leads out of the app (to the page
    // before the kiosk was opened), never to an earlier teller's story.
    expect(await page.evaluate(() => history.length)).toBe(historyAtStart);
    await page.goBack();
    expect(page.url()).toBe(`${stack.baseUrl}/`);
    expect(await page.content()).not.toContain('Kioskverhaal');
    await page.goForward();
    await page.getByRole('button', { name: 'Beginnen' }).waitFor();
    expect(await traces(page, 'Kioskverhaal')).toEqual({ local: false, session: false, page: false, historyState: null });
    await context.close();
  });

  it('after the idle timeout everything is wiped and the welcome returns', async () => {
    const context = await browser.newContext({ viewport: { width: 768, height: 1024 } });
    const page = await context.newPage();
    await page.goto(pairingLink.replace('/kiosk#', '/kiosk?idle=2#'));
    await beginStory(page);
    expect(await page.getByText('Na 2 seconden zonder activiteit wordt alles gewist.').isVisible()).toBe(true);
    await page.locator('#v-text').fill('Half verteld en toen weggelopen uit de wachtruimte.');
    await page.getByLabel('Huisvesting').check();
    expect(await traces(page, 'weggelopen')).toMatchObject({ page: true });

    await page.getByRole('button', { name: 'Beginnen' }).waitFor({ timeout: 5_000 });
    expect(await page.getByText('Dank je wel').count()).toBe(0);
    expect(await traces(page, 'weggelopen')).toEqual({ local: false, session: false, page: false, historyState: null });
    await beginStory(page);
    expect(await page.locator('#v-text').inputValue()).toBe('');
    expect(await page.getByLabel('Huisvesting').isChecked()).toBe(false);
    expect(await storiesWithText(stack, 'weggelopen')).toHaveLength(0);
    await context.close();
  });

  it('a recording made at the kiosk arrives as an audio attachment of the stored story', async () => {
    // Chromium's synthetic microphone (a beeping tone), granted without a prompt.
    const media = await launchBrowser({ fakeMedia: true });
    try {
      const page = await media.newPage({ viewport: { width: 768, height: 1024 } });
      await page.goto(pairingLink);
      await beginStory(page);
      await tellShortStory(page, 'Kioskverhaal met een opname over de lange wachttijd aan de balie.');
      await page.getByRole('button', { name: 'Opname starten' }).click();
      await page.getByText('Bezig met opnemen…').waitFor();
      await page.waitForTimeout(1500);
      await page.getByRole('button', { name: 'Opname stoppen' }).click();
      await page.getByText(/Opname van \d+ seconden wordt meegestuurd/).waitFor();
      expect(await page.locator('audio').count()).toBe(1);
      await page.getByRole('button', { name: 'Verhaal versturen' }).click();
      await page.getByText('Dank je wel! Je verhaal is ontvangen.').waitFor();

      // The story first, then its recording, from the kiosk's outbox.
      await expect.poll(async () => (await storiesWithText(stack, 'lange wachttijd aan de balie')).length).toBe(1);
      const [story] = await storiesWithText(stack, 'lange wachttijd aan de balie');
      expect(story).toMatchObject({ channel: 'kiosk', teller_kind: 'client' });
      const rows = () => stack.database.db.select().from(schema.attachments).where(eq(schema.attachments.storyId, story!.id));
      await expect.poll(async () => (await rows()).length, { timeout: 10_000 }).toBe(1);
      const [row] = await rows();
      expect(row).toMatchObject({ kind: 'audio', mimeType: 'audio/webm', organisationId: stack.organisationId });
      expect(row!.sizeBytes).toBeGreaterThan(1000);

      // What an analyst downloads is the recording itself: WebM (EBML) or Ogg, byte for byte.
      const { cookie } = await adminSession(stack);
      const res = await fetch(`${stack.baseUrl}/api/orgs/${stack.organisationId}/stories/${story!.id}/attachments/${row!.id}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^audio\/webm/);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.length).toBe(row!.sizeBytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(row!.sha256);
      const magic = bytes.subarray(0, 4).toString('hex');
      expect(['1a45dfa3', Buffer.from('OggS').toString('hex')]).toContain(magic);
      // Nothing of the teller stays behind: the outbox is empty again.
      await expect.poll(() => page.evaluate(async () => {
        const req = indexedDB.open('vertelpunt-capture');
        const db = await new Promise<IDBDatabase>((resolve) => (req.onsuccess = () => resolve(req.result)));
        const count = await new Promise<number>((resolve) => (db.transaction('outbox').objectStore('outbox').count().onsuccess = (e) => resolve((e.target as IDBRequest<number>).result)));
        db.close();
        return count;
      })).toBe(0);
    } finally {
      await media.close();
    }
  });
});
