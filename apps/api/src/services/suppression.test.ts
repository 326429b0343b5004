import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protect, TableBuilder } from './suppression.ts';

/** Whether some hidden value of a group can be worked out by subtraction from the rest. */
function derivable(values: number[], shown: (number | null)[], groups: { cells: number[]; sum: number }[]): boolean {
  return groups.some((g) => [...g.cells, g.sum].filter((i) => shown[i] === null).length === 1);
}

describe('complementary suppression', () => {
  it('hides a second count when one count of a group with a published total is hidden', () => {
    // channel counts web 40, tablet 12, kiosk 3 of a total of 55: kiosk = 55 - 40 - 12.
    const t = new TableBuilder();
    const cells = [40, 12, 3].map((n) => t.add(n));
    t.group(cells, t.add(55));
    expect(t.protect(5)).toEqual([40, null, null, 55]);
  });

  it('leaves a group with two hidden counts, and zeros, as they are', () => {
    const t = new TableBuilder();
    const cells = [40, 0, 3, 2].map((n) => t.add(n));
    t.group(cells, t.add(45));
    expect(t.protect(5)).toEqual([40, 0, null, null, 45]);
  });

  it('protects rows and columns of a table with margins, until no hidden count can be subtracted out', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(30), { minLength: 2, maxLength: 5 }), { minLength: 2, maxLength: 5 }), fc.integer({ min: 2, max: 10 }), (rows, minN) => {
        const width = Math.min(...rows.map((r) => r.length));
        const t = new TableBuilder();
        const cell = rows.map((r) => r.slice(0, width).map((n) => t.add(n)));
        const rowSums = rows.map((r) => t.add(r.slice(0, width).reduce((a, b) => a + b, 0)));
        const colSums = Array.from({ length: width }, (_, j) => t.add(rows.reduce((a, r) => a + r[j]!, 0)));
        const total = t.add(rows.reduce((a, r) => a + r.slice(0, width).reduce((x, y) => x + y, 0), 0));
        cell.forEach((r, i) => t.group(r, rowSums[i]!));
        for (let j = 0; j < width; j++) t.group(cell.map((r) => r[j]!), colSums[j]!);
        t.group(rowSums, total);
        t.group(colSums, total);
        const shown = protect({ values: t.values, groups: t.groups }, minN);
        // Nothing under minN is shown, zero always is, and no group gives a hidden count back.
        shown.forEach((n, i) => {
          const v = t.values[i]!;
          if (v > 0 && v < minN) expect(n).toBeNull();
          if (v === 0) expect(n).toBe(0);
          if (n !== null) expect(n).toBe(v);
        });
        expect(derivable(t.values, shown, t.groups)).toBe(false);
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
