import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, loginAs, seriousA11yViolations, startStack, type Browser, type Stack } from './harness.ts';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack(inject('pgTemplate'), { stories: 30 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('home page', () => {
  it('logs a staff member in, in Dutch, and switches to English', async () => {
    const page = await browser.newPage();
    await loginAs(page, stack.baseUrl, 'analist@demostad.nl');
    expect(await page.getByText('Sociale Dienst Demostad').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Laatste verhalen' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.getByRole('heading', { name: 'Latest stories' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.close();
  });

  it('shows a wrong password next to the form', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.baseUrl}/`);
    await page.getByLabel('E-mailadres').fill('analist@demostad.nl');
    await page.getByLabel('Wachtwoord').fill('fout');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Inloggen is niet gelukt');
    await page.close();
  });

  it('renders a stored script payload as inert text', async () => {
    const { queryRows } = await import('@vertelpunt/db');
    const { sql } = await import('drizzle-orm');
    const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    // Stored straight into the newest story, as if it had slipped past every check.
    await queryRows(stack.database.db, sql`update story set title = ${payload}, text = ${payload}, received_at = now() where id = (select id from story order by received_at desc limit 1)`);
    const page = await browser.newPage();
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    await loginAs(page, stack.baseUrl, 'analist@demostad.nl');
    await page.getByRole('heading', { name: payload }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toBe(0);
    await page.close();
  });

  it('has no serious or critical accessibility violation, logged out or in', async () => {
    const page = await browser.newPage();
    await page.goto(`${stack.baseUrl}/`);
    await page.getByLabel('E-mailadres').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await loginAs(page, stack.baseUrl, 'analist@demostad.nl');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.close();
  });
});
