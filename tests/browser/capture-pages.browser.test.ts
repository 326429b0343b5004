import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, loginAs, seriousA11yViolations, startStack, type Browser, type Page, type Stack } from './harness.ts';
import { canvasPoint, centreOf, drag, fillShortStory, pairDevice, showWidget, triadScreenPoint } from './capture-helpers.ts';

/**
 * Every capture page at tablet and phone size: no serious or critical axe-core violation,
 * and no sideways scrolling. With CAPTURE_SCREENSHOTS=1 it also writes a screenshot of each to
 * docs/screenshots/ (capture-<page>-<size>.png); an ordinary run changes no committed file.
 */
const SIZES = { tablet: { width: 768, height: 1024 }, phone: { width: 390, height: 844 } } as const;
const SHOTS = process.env.CAPTURE_SCREENSHOTS === '1' ? path.resolve(import.meta.dirname, '../../docs/screenshots') : null;

let stack: Stack;
let browser: Browser;
let tabletToken: string;
let kioskToken: string;

beforeAll(async () => {
  stack = await startStack(inject('pgTemplate'), { stories: 10 });
  browser = await launchBrowser();
  tabletToken = await pairDevice(stack, 'tablet', 'Praktijkverhalen medewerkers');
  kioskToken = await pairDevice(stack, 'kiosk', 'Vertelpunt wachtruimte');
  if (SHOTS) await mkdir(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function check(page: Page, name: string, size: keyof typeof SIZES) {
  expect(await seriousA11yViolations(page), `${name} at ${size}`).toEqual([]);
  // Reflow (WCAG 1.4.10): nothing wider than the screen, so no sideways scrolling.
  expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth), `${name} at ${size} scrolls sideways`).toBeLessThanOrEqual(0);
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `capture-${name}-${size}.png`), fullPage: true });
}

/** A few answers, so the widgets show what they look like in use. */
async function fillSome(page: Page) {
  await page.locator('#v-text').fill('Bij het huisbezoek bleek dat de klant de brieven niet kon lezen; met een taalmaatje lukte het wel.');
  const centre = await triadScreenPoint(page, 'doorslag', [1 / 3, 1 / 3, 1 / 3]);
  await drag(page, centre, await triadScreenPoint(page, 'doorslag', [0.55, 0.15, 0.3]));
  await showWidget(page, 'beleid_praktijk');
  const dyad = (await page.locator('#v-beleid_praktijk').boundingBox())!;
  await page.mouse.click(dyad.x + dyad.width * 0.7, dyad.y + dyad.height / 2);
  await showWidget(page, 'krachtenveld');
  await drag(page, await centreOf(page, '#v-krachtenveld-tray-klant'), await canvasPoint(page, 'krachtenveld', 0.75, 0.8));
  await drag(page, await centreOf(page, '#v-krachtenveld-tray-regels'), await canvasPoint(page, 'krachtenveld', 0.3, 0.2));
  await page.getByLabel('Taal en begrijpen van brieven').check();
  await page.getByLabel('Tolk of taalmaatje ingezet').check();
  await page.evaluate(() => scrollTo(0, 0));
}

describe.each(Object.keys(SIZES) as (keyof typeof SIZES)[])('capture pages at %s size', (size) => {
  it('web: the form, filled in part, then with its errors', async () => {
    const page = await browser.newPage({ viewport: SIZES[size] });
    await loginAs(page, stack.baseUrl, 'consulent@demostad.nl');
    await page.goto(`${stack.baseUrl}/vertellen`);
    await page.locator('#v-text').waitFor();
    await fillSome(page);
    await check(page, 'web', size);
    await page.getByRole('button', { name: 'Verhaal versturen' }).click();
    await page.getByText('Er is iets niet goed ingevuld').waitFor();
    await check(page, 'web-errors', size);
    await page.close();
  });

  it('interview and device pairing', async () => {
    const page = await browser.newPage({ viewport: SIZES[size] });
    await loginAs(page, stack.baseUrl, 'admin@demostad.nl');
    await page.goto(`${stack.baseUrl}/interview`);
    await page.locator('#v-panelCode').waitFor();
    await check(page, 'interview', size);
    await page.goto(`${stack.baseUrl}/vertellen/apparaat`);
    await page.getByLabel('Naam van het apparaat').fill('Tablet wijkteam Noord');
    await check(page, 'pair', size);
    await page.getByRole('button', { name: 'Koppelcode maken' }).click();
    await page.locator('a.vp-pair-link').waitFor();
    await check(page, 'pair-done', size);
    await page.close();
  });

  it('tablet: the form with stories waiting offline, and an unpaired tablet', async () => {
    const context = await browser.newContext({ viewport: SIZES[size] });
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/tablet#koppel=${tabletToken}`);
    await page.getByText('Deze app werkt ook zonder verbinding.').waitFor();
    await context.setOffline(true);
    await fillShortStory(page, 'Een verhaal van onderweg dat nog moet worden verstuurd.', ['Huisvesting', 'Huisbezoek', 'Nog onbekend', 'Medewerker wijkteam']);
    await page.getByRole('button', { name: 'Verhaal versturen' }).click();
    await page.getByText('1 verhaal wacht op verzending').waitFor();
    await check(page, 'tablet-queued', size);
    await page.getByRole('button', { name: 'Nog een verhaal vertellen' }).click();
    await check(page, 'tablet', size);
    await context.setOffline(false);
    await page.getByText('Alle verhalen zijn verzonden').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Ontkoppelen' }).click();
    await page.getByLabel('Koppelcode').waitFor();
    await check(page, 'tablet-unpaired', size);
    await context.close();
  });

  it('kiosk: welcome, consent and the form', async () => {
    const context = await browser.newContext({ viewport: SIZES[size] });
    const page = await context.newPage();
    await page.goto(`${stack.baseUrl}/kiosk#koppel=${kioskToken}`);
    await page.getByRole('button', { name: 'Beginnen' }).waitFor();
    await check(page, 'kiosk-welcome', size);
    await page.getByRole('button', { name: 'Beginnen' }).click();
    await page.getByRole('button', { name: 'Ik doe mee' }).waitFor();
    await check(page, 'kiosk-consent', size);
    await page.getByRole('button', { name: 'Ik doe mee' }).click();
    await page.locator('#v-text').waitFor();
    await check(page, 'kiosk-form', size);
    await context.close();
  });
});
