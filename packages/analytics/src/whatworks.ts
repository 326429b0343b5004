import { studentTQuantile, wilsonInterval } from './stats.ts';

export interface OutcomeRow {
  readonly situation: string;
  readonly intervention: string;
  readonly outcomePositive: boolean | null;
  readonly outcomeValue: number | null;
}

export interface WhatWorksOptions {
  /** Cells with fewer rows than this are suppressed (default 5). */
  readonly minN?: number;
  readonly confidence?: number;
}

export interface ShareEstimate {
  /** Rows with a known yes/no outcome. */
  readonly n: number;
  readonly share: number;
  /** Wilson score interval. */
  readonly low: number;
  readonly high: number;
}

export interface MeanEstimate {
  /** Rows with a numeric outcome. */
  readonly n: number;
  readonly mean: number;
  /** Student t interval with n - 1 degrees of freedom. */
  readonly low: number;
  readonly high: number;
}

export type WhatWorksCell =
  | { readonly situation: string; readonly intervention: string; readonly suppressed: true }
  | {
      readonly situation: string;
      readonly intervention: string;
      readonly suppressed: false;
      readonly n: number;
      /** Null when fewer than minN rows have a yes/no outcome. */
      readonly positive: ShareEstimate | null;
      /** Null when fewer than minN rows have a numeric outcome. */
      readonly value: MeanEstimate | null;
      /** positive.share divided by the situation's baseline share. */
      readonly lift: number | null;
    };

export type SituationBaseline =
  | { readonly situation: string; readonly suppressed: true }
  | {
      readonly situation: string;
      readonly suppressed: false;
      readonly share: number;
      /**
       * Present only when no cell of the situation is suppressed: with the totals and the
       * visible cells one could subtract one's way to a suppressed cell.
       */
      readonly detail?: ShareEstimate;
    };

export interface WhatWorksResult {
  readonly cells: WhatWorksCell[];
  readonly baselines: SituationBaseline[];
}

interface Tally {
  n: number;
  known: number;
  positive: number;
  values: number[];
}

const tally = (): Tally => ({ n: 0, known: 0, positive: 0, values: [] });

function add(t: Tally, row: OutcomeRow): void {
  t.n++;
  if (row.outcomePositive !== null) {
    t.known++;
    if (row.outcomePositive) t.positive++;
  }
  if (row.outcomeValue !== null && Number.isFinite(row.outcomeValue)) t.values.push(row.outcomeValue);
}

function shareEstimate(t: Tally, confidence: number): ShareEstimate {
  const { low, high } = wilsonInterval(t.positive, t.known, confidence);
  return { n: t.known, share: t.positive / t.known, low, high };
}

function meanEstimate(values: readonly number[], confidence: number): MeanEstimate {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = values.reduce((s, v) => s + (v - mean) * (v - mean), 0) / (n - 1);
  const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * Math.sqrt(variance / n);
  return { n, mean, low: mean - half, high: mean + half };
}

/**
 * What works per situation x intervention: how often the outcome was positive (Wilson
 * interval, which behaves at small n and near 0 or 1, unlike the normal approximation),
 * the mean outcome value (Student t interval, since cells are small), and lift against
 * the situation's baseline (all interventions in that situation together).
 *
 * Privacy: a cell with fewer than minN rows is reported as `{ suppressed: true }` only, so
 * neither its numbers nor its size can be read; an estimate inside a visible cell that
 * rests on fewer than minN rows is null for the same reason.
 */
export function whatWorks(rows: readonly OutcomeRow[], options: WhatWorksOptions = {}): WhatWorksResult {
  const minN = options.minN ?? 5;
  const confidence = options.confidence ?? 0.95;
  const situations = new Map<string, { total: Tally; cells: Map<string, Tally> }>();
  for (const row of rows) {
    let s = situations.get(row.situation);
    if (s === undefined) {
      s = { total: tally(), cells: new Map() };
      situations.set(row.situation, s);
    }
    add(s.total, row);
    let cell = s.cells.get(row.intervention);
    if (cell === undefined) {
      cell = tally();
      s.cells.set(row.intervention, cell);
    }
    add(cell, row);
  }

  const cells: WhatWorksCell[] = [];
  const baselines: SituationBaseline[] = [];
  for (const [situation, s] of [...situations].sort(([a], [b]) => a.localeCompare(b))) {
    const baseline = s.total.known >= minN ? shareEstimate(s.total, confidence) : null;
    let anySuppressed = false;
    for (const [intervention, t] of [...s.cells].sort(([a], [b]) => a.localeCompare(b))) {
      if (t.n < minN) {
        anySuppressed = true;
        cells.push({ situation, intervention, suppressed: true });
        continue;
      }
      const positive = t.known >= minN ? shareEstimate(t, confidence) : null;
      const value = t.values.length >= minN ? meanEstimate(t.values, confidence) : null;
      const lift = positive && baseline && baseline.share > 0 ? positive.share / baseline.share : null;
      cells.push({ situation, intervention, suppressed: false, n: t.n, positive, value, lift });
    }
    if (baseline === null) baselines.push({ situation, suppressed: true });
    else if (anySuppressed) baselines.push({ situation, suppressed: false, share: baseline.share });
    else baselines.push({ situation, suppressed: false, share: baseline.share, detail: baseline });
  }
  return { cells, baselines };
}
