import { router } from '../lib/router.svelte.ts';

/** The filters every dashboard view shares; the API takes them under the same names. */
export const FILTER_KEYS = ['from', 'to', 'collection', 'team', 'channel', 'teller', 'a'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** Ternary projection, as the API's: corner 1 top, corner 2 bottom left, corner 3 bottom right. */
export const TRIAD_HEIGHT = Math.sqrt(3) / 2;
export const project = (w: number[]): [number, number] => [w[0]! / 2 + w[2]!, TRIAD_HEIGHT * (1 - w[0]!)];

/** The question (and stone) an answer condition is about: `q:…`, `q@…`, `q/item@…`. */
export const conditionSubject = (c: string) => /^[^:@]+/.exec(c)?.[0] ?? c;

const round = (x: number) => Math.round(x * 1000) / 1000;
export const rect = (x0: number, y0: number, x1: number, y1: number) => [x0, y0, x1, y1].map(round).join(',');

/**
 * Filters live in the URL (shareable views, the back button works); this reads and writes them.
 * Answer conditions (`a`) hold at most one condition per question or stone: a new brush on a
 * chart replaces the old one.
 */
class DashboardFilters {
  get(key: FilterKey | 'grain' | 'split' | 'pcol'): string | null {
    return router.query.get(key);
  }
  all(key: FilterKey): string[] {
    return router.query.getAll(key);
  }
  /** The filter part of the URL, for the API. */
  apiQuery = $derived.by(() => {
    const p = new URLSearchParams();
    for (const k of FILTER_KEYS) for (const v of router.query.getAll(k)) p.append(k, v);
    return p.toString();
  });
  /** The filters as a JSON body (the export). */
  body(): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const k of FILTER_KEYS) {
      const vs = router.query.getAll(k);
      if (vs.length) out[k] = k === 'from' || k === 'to' ? vs[0]! : vs;
    }
    return out;
  }
  active = $derived(FILTER_KEYS.some((k) => router.query.has(k)));

  private update(change: (p: URLSearchParams) => void) {
    const p = new URLSearchParams(router.query);
    change(p);
    router.setQuery(p);
  }
  set(key: FilterKey | 'grain' | 'split' | 'pcol', value: string | null) {
    this.update((p) => (value === null || value === '' ? p.delete(key) : p.set(key, value)));
  }
  toggle(key: FilterKey, value: string) {
    this.update((p) => {
      const vs = p.getAll(key);
      p.delete(key);
      for (const v of vs.includes(value) ? vs.filter((x) => x !== value) : [...vs, value]) p.append(key, v);
    });
  }
  /** Sets (or with null removes) the condition on one question or stone. */
  answer(subject: string, condition: string | null) {
    this.update((p) => {
      const rest = p.getAll('a').filter((c) => conditionSubject(c) !== subject);
      p.delete('a');
      for (const c of condition ? [...rest, condition] : rest) p.append('a', c);
    });
  }
  remove(key: FilterKey, value: string) {
    this.update((p) => {
      const vs = p.getAll(key).filter((x) => x !== value);
      p.delete(key);
      for (const v of vs) p.append(key, v);
    });
  }
  clear() {
    this.update((p) => FILTER_KEYS.forEach((k) => p.delete(k)));
  }
}

export const filters = new DashboardFilters();
