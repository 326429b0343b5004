/**
 * Minimum n with complementary suppression. Hiding a count of 1..minN-1 (primary suppression)
 * is not enough when the counts it belongs with are published with their sum: a total, a
 * bucket's count, a pattern's size. With one hidden count in such a group, subtraction gives it
 * back. So in every group with exactly one unknown (a hidden count, or a hidden sum), the
 * smallest other non-zero count is hidden too (secondary suppression), and again until no group
 * has a single unknown: the usual rule of statistical offices for tables with margins. It does
 * not defend against every combination of tables (that takes linear programming); it closes the
 * subtraction that anyone can do by hand.
 */
export interface CountTable {
  /** Every count that may be published. */
  values: number[];
  /** Groups of indexes into `values` whose cells add up to the value at `sum`. */
  groups: { cells: number[]; sum: number }[];
}

/** Which values to publish: `null` for a hidden count. Zero is never hidden (it tells about no one). */
export function protect(table: CountTable, minN: number): (number | null)[] {
  const hidden = table.values.map((n) => n > 0 && n < minN);
  for (let changed = true; changed; ) {
    changed = false;
    for (const g of table.groups) {
      let unknown = hidden[g.sum] ? 1 : 0;
      for (const i of g.cells) if (hidden[i]) unknown++;
      if (unknown !== 1) continue;
      // The smallest shown non-zero cell of the group (the sum itself only if no cell is left).
      let pick = -1;
      for (const i of g.cells) if (!hidden[i] && table.values[i]! > 0 && (pick < 0 || table.values[i]! < table.values[pick]!)) pick = i;
      if (pick < 0 && !hidden[g.sum] && table.values[g.sum]! > 0) pick = g.sum;
      if (pick >= 0) {
        hidden[pick] = true;
        changed = true;
      }
    }
  }
  return table.values.map((n, i) => (hidden[i] ? null : n));
}

/** A flat table of values with groups, built up cell by cell. */
export class TableBuilder {
  readonly values: number[] = [];
  readonly groups: CountTable['groups'] = [];
  add(n: number): number {
    this.values.push(n);
    return this.values.length - 1;
  }
  /** `cells` add up to the value at `sum`. */
  group(cells: number[], sum: number): void {
    if (cells.length > 0) this.groups.push({ cells, sum });
  }
  protect(minN: number): (number | null)[] {
    return protect({ values: this.values, groups: this.groups }, minN);
  }
}
