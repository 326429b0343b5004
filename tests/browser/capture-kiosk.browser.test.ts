import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, loginAs, startStack, type Browser, type Page, type Stack } from './harness.ts';
import { storiesWithText } from './capture-helpers.ts';

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
    await page.locator('#v-text').fill(text);
    for (const q of ['doorslag', 'beleid_praktijk', 'maatwerk_regels', 'snel_gedegen', 'effect']) await page.locator(`#v-${q}-na`).check();
    await page.getByLabel('Taal en begrijpen van brieven').check();
    await page.getByLabel('Extra tijd genomen').check();
    await page.getByLabel('Situatie verbeterd').check();
    await page.getByLabel('Inwoner of klant').check();
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
});
