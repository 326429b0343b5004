import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, loginAs, seriousA11yViolations, startStack, type Browser, type Page, type Stack } from './harness.ts';
import { canvasPoint, centreOf, drag, fillShortStory, showWidget, storiesWithText, tabTo, triadScreenPoint } from './capture-helpers.ts';

let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack(inject('pgTemplate'), { stories: 20 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openForm(path = '/vertellen'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
  await loginAs(page, stack.baseUrl, 'consulent@demostad.nl');
  await page.getByRole('link', { name: 'Verhaal vertellen' }).click();
  if (path !== '/vertellen') await page.goto(`${stack.baseUrl}${path}`);
  await page.locator('#v-text').waitFor();
  return page;
}

const submitted = (page: Page) => page.getByText('Dank je wel, je verhaal is opgeslagen.').waitFor();

describe('web capture', () => {
  it('a caseworker fills every question kind with the mouse; the stored answers are what was entered', async () => {
    const page = await openForm();
    const text = 'Met de muis verteld: een klant kreeg uitstel van betaling na een huisbezoek met extra tijd.';
    await page.getByLabel('Vertel over een moment waarop je twijfelde').check();
    await page.locator('#v-text').click();
    await page.locator('#v-text').fill(text);
    await page.locator('#v-title').fill('Uitstel na huisbezoek');

    // Triad: drag the marker from the centre to 50/30/20.
    const centre = await triadScreenPoint(page, 'doorslag', [1 / 3, 1 / 3, 1 / 3]);
    await page.mouse.click(centre.x, centre.y);
    await drag(page, centre, await triadScreenPoint(page, 'doorslag', [0.5, 0.3, 0.2]));
    expect(await page.locator('#v-doorslag-pct0').inputValue()).toBe('50');

    // Dyads: click on the slider, and "not applicable".
    await showWidget(page, 'beleid_praktijk');
    const dyad = (await page.locator('#v-beleid_praktijk').boundingBox())!;
    await page.mouse.click(dyad.x + dyad.width * 0.8, dyad.y + dyad.height / 2);
    const beleid = Number(await page.locator('#v-beleid_praktijk').inputValue()) / 100;
    await page.locator('#v-maatwerk_regels-na').click();
    await showWidget(page, 'snel_gedegen');
    const snel = (await page.locator('#v-snel_gedegen').boundingBox())!;
    await page.mouse.click(snel.x + snel.width * 0.25, snel.y + snel.height / 2);
    const snelValue = Number(await page.locator('#v-snel_gedegen').inputValue()) / 100;

    // Stones: two dragged onto the field, one dragged on and off again, the rest left off.
    await showWidget(page, 'krachtenveld');
    await drag(page, await centreOf(page, '#v-krachtenveld-tray-klant'), await canvasPoint(page, 'krachtenveld', 0.8, 0.8));
    await drag(page, await centreOf(page, '#v-krachtenveld-tray-regels'), await canvasPoint(page, 'krachtenveld', 0.2, 0.3));
    await drag(page, await centreOf(page, '#v-krachtenveld-tray-team'), await canvasPoint(page, 'krachtenveld', 0.5, 0.5));
    await drag(page, await centreOf(page, '#v-krachtenveld-canvas-team'), await centreOf(page, '#v-krachtenveld-tray-netwerk'));
    expect(await page.locator('#v-krachtenveld-canvas-team').count()).toBe(0);

    // Choices: single with "other", multiple, scale.
    await page.locator('#v-situatie-other').click();
    await page.locator('#v-situatie-other-text').fill('Energierekening');
    await page.getByLabel('Huisbezoek').click();
    await page.getByLabel('Extra tijd genomen').click();
    await page.getByLabel('Situatie verbeterd').click();
    await page.locator('label[for="v-effect-4"]').click();
    await page.getByLabel('Klantmanager werk en inkomen').click();

    await page.getByRole('button', { name: 'Verhaal versturen' }).click();
    await submitted(page);
    await page.waitForFunction(() => !Object.keys(localStorage).some((k) => k.startsWith('vp.draft.')));

    const [story] = await storiesWithText(stack, 'Met de muis verteld');
    expect(story).toMatchObject({ channel: 'web', teller_kind: 'staff', prompt_id: 'twijfel', title: 'Uitstel na huisbezoek', text });
    const a = story!.answers as Record<string, { weights?: number[]; value?: number; placements?: Record<string, { x: number; y: number }> }>;
    const w = a.doorslag!.weights!;
    [0.5, 0.3, 0.2].forEach((v, i) => expect(w[i]).toBeCloseTo(v, 1));
    expect(w.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
    expect(a.beleid_praktijk).toEqual({ value: beleid });
    expect(beleid).toBeGreaterThan(0.6);
    expect(a.maatwerk_regels).toEqual({ notApplicable: true });
    expect(a.snel_gedegen).toEqual({ value: snelValue });
    expect(Object.keys(a.krachtenveld!.placements!).sort()).toEqual(['klant', 'regels']);
    expect(a.krachtenveld!.placements!.klant!.x).toBeCloseTo(0.8, 1);
    expect(a.krachtenveld!.placements!.klant!.y).toBeCloseTo(0.8, 1);
    expect(a.krachtenveld!.placements!.regels!.x).toBeCloseTo(0.2, 1);
    expect(a.krachtenveld!.placements!.regels!.y).toBeCloseTo(0.3, 1);
    expect(a.situatie).toEqual({ other: 'Energierekening' });
    expect(a.interventie).toEqual({ optionIds: ['huisbezoek', 'extra_tijd'] });
    expect(a.uitkomst).toEqual({ optionId: 'verbeterd' });
    expect(a.effect).toEqual({ value: 4 });
    expect(a.verteller).toEqual({ optionId: 'klantmanager' });
    expect(a.ervaring).toBeUndefined();
    await page.close();
  });

  it('the same story can be told by keyboard only', async () => {
    const page = await openForm();
    await page.locator('a.skip').focus();
    const text = 'Met het toetsenbord verteld: samen met het wijkteam een oplossing gevonden voor de huur.';
    await tabTo(page, 'v-promptId');
    await page.keyboard.press('Space');
    await tabTo(page, 'v-text');
    await page.keyboard.type(text);
    await tabTo(page, 'v-title');
    await page.keyboard.type('Huur betaald');

    // Triad: arrow keys place and move the marker; then the linked percentages.
    await tabTo(page, 'v-doorslag');
    await page.keyboard.press('ArrowUp');
    expect(await page.locator('#v-doorslag').getAttribute('aria-valuetext')).toContain('Vakbekwaamheid 3');
    await tabTo(page, 'v-doorslag-pct0');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('60');
    await page.keyboard.press('Tab');
    expect(await page.locator('#v-doorslag-pct1').inputValue()).toBe('20');

    await tabTo(page, 'v-beleid_praktijk');
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await tabTo(page, 'v-maatwerk_regels-na');
    await page.keyboard.press('Space');
    await tabTo(page, 'v-snel_gedegen');
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowLeft');

    // Stones: Enter puts one on the field, arrows move it; a second one placed and taken off.
    await tabTo(page, 'v-krachtenveld-tray-klant');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('v-krachtenveld-canvas-klant');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowUp');
    await tabTo(page, 'v-krachtenveld-tray-team');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Delete');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('v-krachtenveld-tray-team');

    await tabTo(page, 'v-situatie');
    await page.keyboard.press('ArrowDown');
    await tabTo(page, 'v-interventie');
    await page.keyboard.press('Space');
    await tabTo(page, 'v-interventie-wijkteam');
    await page.keyboard.press('Space');
    await tabTo(page, 'v-interventie-other');
    await page.keyboard.press('Space');
    await tabTo(page, 'v-interventie-other-text');
    await page.keyboard.type('Samen met de buurvrouw');
    await tabTo(page, 'v-uitkomst');
    await page.keyboard.press('Space');
    await tabTo(page, 'v-effect');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await tabTo(page, 'v-verteller');
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    await submitted(page);

    const [story] = await storiesWithText(stack, 'Met het toetsenbord verteld');
    expect(story).toMatchObject({ channel: 'web', prompt_id: 'trots', title: 'Huur betaald', text });
    expect(story!.answers).toEqual({
      doorslag: { weights: [0.6, 0.2, 0.2] },
      beleid_praktijk: { value: 0.6 },
      maatwerk_regels: { notApplicable: true },
      snel_gedegen: { value: 0.3 },
      krachtenveld: { placements: { klant: { x: 0.7, y: 0.6 } } },
      situatie: { optionId: 'huisvesting' },
      interventie: { optionIds: ['huisbezoek', 'wijkteam'], other: 'Samen met de buurvrouw' },
      uitkomst: { optionId: 'verbeterd' },
      effect: { value: 3 },
      verteller: { optionId: 'klantmanager' },
    });
    await page.close();
  });

  it('shows what is missing inline and in a summary, and the server\'s verdict next to the field it names', async () => {
    const page = await openForm();
    await page.locator('#v-text').fill('Te kort');
    await page.locator('#v-text').blur();
    expect(await page.locator('#v-text-error').textContent()).toContain('Schrijf minstens 20 tekens');
    expect(await page.locator('#v-text').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#v-text').getAttribute('aria-describedby')).toContain('v-text-error');

    await page.getByRole('button', { name: 'Verhaal versturen' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Er is iets niet goed ingevuld' });
    await summary.waitFor();
    expect(await summary.getByRole('link').count()).toBeGreaterThanOrEqual(8);
    expect(await page.locator('#v-doorslag-error').textContent()).toContain('Vul dit in');
    expect(await page.locator('#v-krachtenveld-error').count()).toBe(0);

    // A verdict only the server can give (say a newer framework rule) lands next to its field.
    await page.route('**/api/stories', (route) =>
      route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ statusCode: 400, error: 'Bad Request', message: 'invalid', issues: [{ path: '/answers/uitkomst/optionId', message: 'must be one of the question\'s options' }] }) }),
    );
    await page.locator('#v-text').fill('Een verhaal dat lang genoeg is om te versturen.');
    await page.locator('#v-doorslag-na').check();
    await page.locator('#v-beleid_praktijk-na').check();
    await page.locator('#v-maatwerk_regels-na').check();
    await page.locator('#v-snel_gedegen-na').check();
    await page.getByLabel('Schulden en geldzorgen').check();
    await page.getByLabel('Budgetcoaching').check();
    await page.getByLabel('Nog onbekend').check();
    await page.locator('#v-effect-na').check();
    await page.getByLabel('Schuldhulpverlener').check();
    await page.getByRole('button', { name: 'Verhaal versturen' }).click();
    await page.locator('#v-uitkomst-error').waitFor();
    expect(await page.locator('#v-uitkomst-error').textContent()).toContain('must be one of the question\'s options');
    expect(await page.locator('#v-uitkomst-field').getAttribute('aria-describedby')).toContain('v-uitkomst-error');
    await page.close();
  });

  it('keeps a draft on the device while typing, and clears it after sending', async () => {
    const page = await openForm();
    await page.locator('#v-text').fill('Een concept dat de herlaadknop overleeft.');
    await page.getByLabel('Huisbezoek').check();
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('vp.draft.web.')));
    await page.reload();
    await page.locator('#v-text').waitFor();
    expect(await page.locator('#v-text').inputValue()).toBe('Een concept dat de herlaadknop overleeft.');
    expect(await page.getByLabel('Huisbezoek').isChecked()).toBe(true);
    await page.close();
  });

  it('switches to English, question labels included', async () => {
    const page = await openForm();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Tell a story' }).waitFor();
    expect(await page.locator('#v-doorslag-label').textContent()).toBe('What made the difference?');
    expect(await page.getByLabel('Home visit').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Send story' }).isVisible()).toBe(true);
    await page.close();
  });

  it('an interview is stored as the client\'s story, with a panel code', async () => {
    const page = await openForm('/interview');
    expect(await page.getByRole('heading', { name: 'Verhaal opnemen in een gesprek' }).isVisible()).toBe(true);
    await page.locator('#v-panelCode').fill('K 12');
    await page.locator('#v-panelCode').blur();
    expect(await page.locator('#v-panelCode-error').isVisible()).toBe(true);
    await page.locator('#v-panelCode').fill('K-2041');
    await page.locator('#v-text').fill('In het gesprek vertelde de klant dat de brief eindelijk duidelijk was.');
    for (const q of ['doorslag', 'beleid_praktijk', 'maatwerk_regels', 'snel_gedegen', 'effect']) await page.locator(`#v-${q}-na`).check();
    await page.getByLabel('Taal en begrijpen van brieven').check();
    await page.getByLabel('Tolk of taalmaatje ingezet').check();
    await page.getByLabel('Situatie verbeterd').check();
    await page.getByLabel('Inwoner of klant').check();
    await page.getByRole('button', { name: 'Verhaal versturen' }).click();
    await submitted(page);
    const [story] = await storiesWithText(stack, 'eindelijk duidelijk');
    expect(story).toMatchObject({ channel: 'interview', teller_kind: 'client', panel_code: 'K-2041' });
    await page.close();
  });

  it('a stone put at the edge is drawn inside the field, while its answer is the edge', async () => {
    const page = await openForm();
    await showWidget(page, 'krachtenveld');
    const inside = async () => {
      const field = (await page.locator('#v-krachtenveld').boundingBox())!;
      const stone = (await page.locator('#v-krachtenveld-canvas-klant').boundingBox())!;
      const border = 2;
      return {
        left: stone.x - (field.x + border),
        top: stone.y - (field.y + border),
        right: field.x + field.width - border - (stone.x + stone.width),
        bottom: field.y + field.height - border - (stone.y + stone.height),
      };
    };
    const flushAgainst = (gaps: Record<string, number>, edges: string[]) =>
      Object.entries(gaps).every(([edge, gap]) => gap >= -0.5 && (!edges.includes(edge) || gap <= 0.5));

    // Top left: x 0, y 1.
    await page.locator('#v-krachtenveld-tray-klant').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('v-krachtenveld-canvas-klant');
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowLeft');
    for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowUp');
    await expect.poll(async () => flushAgainst(await inside(), ['left', 'top'])).toBe(true);
    expect(await page.locator('#v-krachtenveld-list-klant-x').inputValue()).toBe('0');
    expect(await page.locator('#v-krachtenveld-list-klant-y').inputValue()).toBe('100');

    // Bottom right: x 1, y 0.
    for (let i = 0; i < 24; i++) await page.keyboard.press('ArrowRight');
    for (let i = 0; i < 24; i++) await page.keyboard.press('ArrowDown');
    await expect.poll(async () => flushAgainst(await inside(), ['right', 'bottom'])).toBe(true);
    expect(await page.locator('#v-krachtenveld-list-klant-x').inputValue()).toBe('100');
    expect(await page.locator('#v-krachtenveld-list-klant-y').inputValue()).toBe('0');
    await page.close();
  });

  it('a scale of 0 to 100 is a slider with its value in sight, worked by keyboard', async () => {
    const page = await browser.newPage({ viewport: { width: 1024, height: 900 } });
    // The demo framework's scale runs from 1 to 5; this page gets one from 0 to 100.
    await page.route('**/api/orgs/*/collections/*', async (route) => {
      const response = await route.fetch();
      const json = (await response.json()) as { frameworkVersion: { definition: { questions: { id: string }[] } } };
      Object.assign(json.frameworkVersion.definition.questions.find((q) => q.id === 'effect')!, { min: 0, max: 100, step: 1 });
      await route.fulfill({ response, json });
    });
    await loginAs(page, stack.baseUrl, 'consulent@demostad.nl');
    await page.goto(`${stack.baseUrl}/vertellen`);
    const slider = page.locator('#v-effect');
    await slider.waitFor();
    expect(await slider.getAttribute('type')).toBe('range');
    expect(await page.locator('#v-effect-field input[type="radio"]').count()).toBe(0);
    expect(await page.getByRole('slider', { name: 'Hoeveel verschil maakte de aanpak voor de klant?' }).count()).toBe(1);
    expect(await slider.getAttribute('aria-valuetext')).toBe('Nog niet ingevuld');
    expect(await page.locator('#v-effect-poles').textContent()).toBe('0 = Geen verschil100 = Heel veel verschil');

    await page.locator('a.skip').focus();
    await tabTo(page, 'v-effect');
    await page.keyboard.press('ArrowRight');
    expect(await slider.getAttribute('aria-valuetext')).toBe('51');
    expect(await page.locator('#v-effect-value').textContent()).toBe('Gekozen: 51');
    await page.keyboard.press('End');
    expect(await page.locator('#v-effect-value').textContent()).toBe('Gekozen: 100');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.locator('#v-effect-na').check();
    expect(await slider.isDisabled()).toBe(true);
    expect(await page.locator('#v-effect-value').textContent()).toBe('Nog niet ingevuld');
    await page.close();
  });

  it('a story kept on the device while the session was gone is sent once it is back, and waits in sight till then', async () => {
    const page = await openForm();
    const text = 'Zonder sessie verteld: de klant kreeg na het gesprek eindelijk een betalingsregeling.';
    await fillShortStory(page, text, ['Schulden en geldzorgen', 'Budgetcoaching', 'Nog onbekend', 'Schuldhulpverlener']);

    // No network for the story: it waits on the device.
    await page.route('**/api/stories', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Verhaal versturen' }).click();
    await page.getByText('Je verhaal staat klaar en wordt verstuurd zodra er verbinding is.').waitFor();
    await page.getByText('1 verhaal wacht op verzending').waitFor();

    // The page starts again without its session (as after a reload while offline): without
    // the session's CSRF token the story cannot go, so it waits, and says what it waits for.
    await page.route('**/api/auth/session', (route) => route.abort('internetdisconnected'));
    await page.unroute('**/api/stories');
    await page.reload();
    await page.getByText('Log eerst in om een verhaal te vertellen.').waitFor();
    await page.getByText('1 verhaal wacht op verzending').waitFor();
    expect(await page.getByText('Wordt verstuurd zodra je (weer) bent ingelogd.').isVisible()).toBe(true);
    expect(await page.getByText('Niet verzonden').count()).toBe(0);
    expect(await storiesWithText(stack, 'Zonder sessie verteld')).toHaveLength(0);

    // The network returns: the outbox fetches the session again, and the story goes with it.
    await page.unroute('**/api/auth/session');
    await page.context().setOffline(true);
    await page.context().setOffline(false);
    await expect.poll(async () => (await storiesWithText(stack, 'Zonder sessie verteld')).length, { timeout: 10_000 }).toBe(1);
    const [story] = await storiesWithText(stack, 'Zonder sessie verteld');
    expect(story).toMatchObject({ channel: 'web', teller_kind: 'staff', text });
    await page.locator('#v-text').waitFor();
    // The row is stored before the response reaches the page; the outbox clears on the 201.
    await expect.poll(() => page.getByText('wacht op verzending').count(), { timeout: 5_000 }).toBe(0);
    await page.close();
  });
  it('reads the session again when the network returns, with nothing queued', async () => {
    const page = await openForm();
    await page.route('**/api/auth/session', (route) => route.abort('internetdisconnected'));
    await page.reload();
    await page.getByText('Log eerst in om een verhaal te vertellen.').waitFor();
    await page.unroute('**/api/auth/session');
    await page.context().setOffline(true);
    await page.context().setOffline(false);
    await page.locator('#v-text').waitFor({ timeout: 10_000 });
    expect(await page.getByText('Log eerst in om een verhaal te vertellen.').count()).toBe(0);
    await page.close();
  });
});
