import { describe, expect, it } from 'vitest';
import { createRng } from './random.ts';
import { studentTQuantile } from './stats.ts';
import { groupOutcomes, whatWorks, whatWorksFromGroups } from './whatworks.ts';
import type { OutcomeRow, WhatWorksCell } from './whatworks.ts';

/**
 * Three situations, five interventions. Baseline chance of a good outcome 0.4; planted:
 * "budgetcoach" works in "schulden" (0.85), "brief sturen" does not (0.05); "huisbezoek"
 * lifts the outcome value in "eenzaamheid". "maatje" is rare (3 rows) in "schulden".
 */
function simulate(): OutcomeRow[] {
  const rng = createRng(42);
  const rows: OutcomeRow[] = [];
  const situations = ['schulden', 'eenzaamheid', 'werk'];
  const interventions = ['budgetcoach', 'brief sturen', 'huisbezoek', 'doorverwijzing'];
  for (const situation of situations) {
    for (const intervention of interventions) {
      for (let i = 0; i < 60; i++) {
        let p = 0.4;
        if (situation === 'schulden' && intervention === 'budgetcoach') p = 0.85;
        if (situation === 'schulden' && intervention === 'brief sturen') p = 0.05;
        const valueShift = situation === 'eenzaamheid' && intervention === 'huisbezoek' ? 2 : 0;
        rows.push({
          situation,
          intervention,
          // Some outcomes are unknown, as in real registrations.
          outcomePositive: rng() < 0.1 ? null : rng() < p,
          outcomeValue: rng() < 0.1 ? null : 5 + valueShift + (rng() + rng() + rng() - 1.5) * 2,
        });
      }
    }
  }
  for (let i = 0; i < 3; i++) {
    rows.push({ situation: 'schulden', intervention: 'maatje', outcomePositive: true, outcomeValue: 9 });
  }
  return rows;
}

const find = (cells: WhatWorksCell[], situation: string, intervention: string) =>
  cells.find((c) => c.situation === situation && c.intervention === intervention)!;

describe('whatWorks', () => {
  const result = whatWorks(simulate());

  it('finds the planted effective and ineffective interventions', () => {
    const scored = result.cells.flatMap((c) => (!c.suppressed && c.lift !== null ? [c] : []));
    const byLift = [...scored].sort((a, b) => b.lift! - a.lift!);
    const best = byLift[0]!;
    const worst = byLift[byLift.length - 1]!;
    expect([best.situation, best.intervention]).toEqual(['schulden', 'budgetcoach']);
    expect([worst.situation, worst.intervention]).toEqual(['schulden', 'brief sturen']);
    // The intervals separate the planted cells from the situation's baseline.
    const schulden = result.baselines.find((b) => b.situation === 'schulden')!;
    if (schulden.suppressed) throw new Error('baseline unexpectedly suppressed');
    expect(best.positive!.low).toBeGreaterThan(schulden.share);
    expect(worst.positive!.high).toBeLessThan(schulden.share);
  });

  it('finds the planted effect on the outcome value', () => {
    const huisbezoek = find(result.cells, 'eenzaamheid', 'huisbezoek');
    const brief = find(result.cells, 'eenzaamheid', 'brief sturen');
    if (huisbezoek.suppressed || brief.suppressed) throw new Error('unexpectedly suppressed');
    expect(huisbezoek.value!.low).toBeGreaterThan(brief.value!.high);
    expect(huisbezoek.value!.mean).toBeGreaterThan(huisbezoek.value!.low);
  });

  it('keeps lifts near 1 where nothing was planted', () => {
    for (const c of result.cells) {
      if (c.suppressed || c.situation === 'schulden') continue;
      expect(c.lift!).toBeGreaterThan(0.5);
      expect(c.lift!).toBeLessThan(1.6);
    }
  });

  it('suppresses cells under min n without any numbers', () => {
    const maatje = find(result.cells, 'schulden', 'maatje');
    expect(maatje).toEqual({ situation: 'schulden', intervention: 'maatje', suppressed: true });
    expect(Object.values(maatje).filter((v) => typeof v === 'number')).toEqual([]);
    // The situation total would give the suppressed n away by subtraction.
    const schulden = result.baselines.find((b) => b.situation === 'schulden')!;
    expect('detail' in schulden).toBe(false);
    const werk = result.baselines.find((b) => b.situation === 'werk')!;
    expect(!werk.suppressed && werk.detail?.n).toBeGreaterThan(200);
  });

  it('honours minN and suppresses everything below it', () => {
    const strict = whatWorks(simulate(), { minN: 61 });
    expect(strict.cells.every((c) => c.suppressed)).toBe(true);
  });

  it('withholds an estimate that rests on fewer than minN outcomes', () => {
    const rows: OutcomeRow[] = Array.from({ length: 6 }, (_, i) => ({
      situation: 's',
      intervention: 'i',
      outcomePositive: i < 2 ? true : null,
      outcomeValue: i + 1,
    }));
    const [cell] = whatWorks(rows).cells;
    if (!cell || cell.suppressed) throw new Error('expected a visible cell');
    expect(cell.positive).toBeNull();
    expect(cell.value!.mean).toBeCloseTo(3.5, 12);
    expect(cell.n).toBe(6);
  });

  it('gives from summed groups what the rows give, the value interval as the two-pass formula does', () => {
    const rng = createRng(11);
    const rows: OutcomeRow[] = Array.from({ length: 3000 }, () => ({
      situation: `s${Math.floor(rng() * 4)}`,
      intervention: `i${Math.floor(rng() * 5)}`,
      outcomePositive: rng() < 0.2 ? null : rng() < 0.6,
      outcomeValue: rng() < 0.1 ? null : Math.round(rng() * 4) / 4,
    }));
    const direct = whatWorks(rows, { minN: 5 });
    // The groups arrive in any order and split in parts, as rows grouped by the database also by outcome do.
    const groups = groupOutcomes(rows).flatMap((g) => {
      const half = { ...g, n: Math.floor(g.n / 2), known: 0, positive: 0, valueN: 0, valueSum: 0, valueSumSq: 0 };
      return [half, { ...g, n: g.n - half.n }];
    });
    expect(whatWorksFromGroups(groups.reverse(), { minN: 5 })).toEqual(direct);
    for (const cell of direct.cells) {
      if (cell.suppressed || !cell.value) continue;
      const values = rows.filter((r) => r.situation === cell.situation && r.intervention === cell.intervention && r.outcomeValue !== null).map((r) => r.outcomeValue!);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1));
      expect(cell.value.mean).toBeCloseTo(mean, 12);
      expect(cell.value.high - cell.value.mean).toBeCloseTo(studentTQuantile(0.975, values.length - 1) * sd / Math.sqrt(values.length), 10);
    }
  });
});
