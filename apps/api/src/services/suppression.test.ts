import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TableBuilder } from './suppression.ts';

/** Rank of a matrix (rows of numbers), by Gaussian elimination. */
function rank(matrix: number[][]): number {
  const m = matrix.map((r) => [...r]);
  let r = 0;
  for (let c = 0; c < (m[0]?.length ?? 0) && r < m.length; c++) {
    const p = m.findIndex((row, k) => k >= r && Math.abs(row[c]!) > 1e-9);
    if (p < 0) continue;
    [m[r], m[p]] = [m[p]!, m[r]!];
    for (let k = 0; k < m.length; k++) {
      if (k === r) continue;
      const f = m[k]![c]! / m[r]![c]!;
      for (let j = 0; j < m[k]!.length; j++) m[k]![j]! -= f * m[r]![j]!;
    }
    r++;
  }
  return r;
}

/**
 * The hidden counts under minN that the published values and the groups' equations determine:
 * x_i is determined when adding the unit equation x_i = c does not raise the rank of the
 * equations over the hidden values.
 */
function recoverable(values: number[], shown: (number | null)[], groups: { cells: number[]; sum: number }[], minN: number): number[] {
  const hiddenIdx = shown.flatMap((n, i) => (n === null ? [i] : []));
  const rows = groups.map((g) => hiddenIdx.map((h) => g.cells.filter((c) => c === h).length - (g.sum === h ? 1 : 0))).filter((row) => row.some((x) => x !== 0));
  const base = rank(rows);
  return hiddenIdx.filter((h, j) => values[h]! > 0 && values[h]! < minN && rank([...rows, hiddenIdx.map((_, k) => (k === j ? 1 : 0))]) === base);
}

/** A table of counts by row and column with both margins and the total, as the overview publishes. */
function withMargins(rows: number[][]) {
  const width = Math.min(...rows.map((r) => r.length));
  const t = new TableBuilder();
  const cell = rows.map((r) => r.slice(0, width).map((n) => t.add(n)));
  const rowSums = rows.map((r) => t.add(r.slice(0, width).reduce((a, b) => a + b, 0)));
  const colSums = Array.from({ length: width }, (_, j) => t.add(rows.reduce((a, r) => a + r[j]!, 0)));
  const total = t.add(rows.reduce((a, r) => a + r.slice(0, width).reduce((x, y) => x + y, 0), 0), true);
  cell.forEach((r, i) => t.group(r, rowSums[i]!));
  for (let j = 0; j < width; j++) t.group(cell.map((r) => r[j]!), colSums[j]!);
  t.group(rowSums, total);
  t.group(colSums, total);
  return t;
}

describe('complementary suppression', () => {
  it('hides a second count when one count of a group with a published total is hidden', () => {
    // channel counts web 40, tablet 12, kiosk 3 of a total of 55: kiosk = 55 - 40 - 12.
    const t = new TableBuilder();
    const cells = [40, 12, 3].map((n) => t.add(n));
    t.group(cells, t.add(55, true));
    expect(t.protect(5)).toEqual([40, null, null, 55]);
  });

  it('leaves a group with two hidden counts, and zeros, as they are', () => {
    const t = new TableBuilder();
    const cells = [40, 0, 3, 2].map((n) => t.add(n));
    t.group(cells, t.add(45, true));
    expect(t.protect(5)).toEqual([40, 0, null, null, 45]);
  });

  it('closes a combination of rows and columns that gives a hidden count back', () => {
    // Found in review: rows r0 and r1 less column c3 gave r0c4 + r1c4, then column c4 and row r3
    // gave two counts of 1, although no single group had one unknown.
    const t = withMargins([[0, 11, 0, 1, 5], [8, 10, 0, 6, 1], [2, 7, 1, 0, 0], [1, 10, 9, 0, 1], [6, 0, 4, 7, 0], [5, 3, 10, 0, 0]]);
    const shown = t.protect(5);
    expect(recoverable(t.values, shown, t.groups, 5)).toEqual([]);
  });

  it('protects rows and columns of a table with margins: no count under minN follows from what is shown', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(12), { minLength: 2, maxLength: 6 }), { minLength: 2, maxLength: 6 }), fc.integer({ min: 2, max: 8 }), (rows, minN) => {
        const t = withMargins(rows);
        const shown = t.protect(minN);
        shown.forEach((n, i) => {
          const v = t.values[i]!;
          if (v > 0 && v < minN) expect(n).toBeNull();
          if (v === 0) expect(n).toBe(0);
          if (n !== null) expect(n).toBe(v);
          if (t.fixed[i]) expect(n).toBe(v);
        });
        expect(recoverable(t.values, shown, t.groups, minN)).toEqual([]);
      }),
      { numRuns: 400, seed: 7 },
    );
  });
});
