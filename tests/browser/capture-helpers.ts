import pg from 'pg';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, type Stack } from './harness.ts';

/** Helpers shared by the capture browser tests: the database, device pairing, widget geometry. */

export interface StoredStory {
  id: string;
  channel: string;
  teller_kind: string;
  panel_code: string | null;
  prompt_id: string | null;
  title: string | null;
  text: string;
  device_id: string | null;
  answers: Record<string, unknown>;
}

export async function query<T extends object>(stack: Stack, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: stack.database.url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export const storiesWithText = (stack: Stack, needle: string) =>
  query<StoredStory>(stack, 'select id, channel, teller_kind, panel_code, prompt_id, title, text, device_id, answers from story where text like $1 order by received_at', [`%${needle}%`]);

export async function collectionId(stack: Stack, name: string): Promise<string> {
  const [row] = await query<{ id: string }>(stack, 'select id from collection where name = $1', [name]);
  if (!row) throw new Error(`no collection ${name}`);
  return row.id;
}

/** The demo administrator's session, for calls to the API from the test itself. */
export async function adminSession(stack: Stack): Promise<{ cookie: string; csrfToken: string }> {
  const login = await fetch(`${stack.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demostad.nl', password: DEMO_PASSWORD }),
  });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

/** Pairs a device the way an administrator does, through the API; returns its token. */
export async function pairDevice(stack: Stack, kind: 'tablet' | 'kiosk', collection: string): Promise<string> {
  const { cookie, csrfToken } = await adminSession(stack);
  const res = await fetch(`${stack.baseUrl}/api/orgs/${stack.organisationId}/devices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: `${kind} test`, kind, collectionId: await collectionId(stack, collection) }),
  });
  if (res.status !== 201) throw new Error(`pairing failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Where on screen the triad marker sits for the given weights (corner 0 top, 1 left, 2 right). */
export function triadScreenPoint(page: Page, questionId: string, w: [number, number, number]) {
  return page.evaluate(
    ({ id, w }) => {
      const svg = document.getElementById(`v-${id}`) as unknown as SVGSVGElement;
      svg.scrollIntoView({ block: 'center' });
      const h = Math.sqrt(3) / 2;
      const x = w[0] * 0.5 + w[1] * 0 + w[2] * 1;
      const y = w[0] * 0 + w[1] * h + w[2] * h;
      const p = new DOMPoint(x, y).matrixTransform(svg.getScreenCTM()!);
      return { x: p.x, y: p.y };
    },
    { id: questionId, w },
  );
}

/** Where on screen a stones canvas position lies (x right, y up, both in [0, 1]). */
export async function canvasPoint(page: Page, questionId: string, x: number, y: number) {
  const box = (await page.locator(`#v-${questionId}`).boundingBox())!;
  return { x: box.x + x * box.width, y: box.y + (1 - y) * box.height };
}

/**
 * The shortest valid story of the demo framework: its text, "not applicable" for the triad,
 * dyads and scale, and one choice (by label) for situation, intervention, outcome and teller.
 */
export async function fillShortStory(page: Page, text: string, choices: [string, string, string, string]) {
  await page.locator('#v-text').fill(text);
  for (const q of ['doorslag', 'beleid_praktijk', 'maatwerk_regels', 'snel_gedegen', 'effect']) await page.locator(`#v-${q}-na`).check();
  for (const label of choices) await page.getByLabel(label).check();
}

/** Scrolls a widget to the middle of the screen, so all of it can be reached with the mouse. */
export const showWidget = (page: Page, questionId: string) => page.locator(`#v-${questionId}-field`).evaluate((el) => el.scrollIntoView({ block: 'center' }));

/** Drags with the mouse, in steps, as a person would. */
export async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

/** Presses Tab until the element with this id has focus: proof it is reachable by keyboard. */
export async function tabTo(page: Page, id: string, max = 400) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((x) => document.activeElement?.id === x, id)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`#${id} was not reached with Tab`);
}

export const centreOf = async (page: Page, selector: string) => {
  const b = (await page.locator(selector).boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
};
