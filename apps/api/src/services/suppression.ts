/**
 * Minimum n with complementary suppression. Hiding a count of 1..minN-1 (primary suppression)
 * is not enough when the counts it belongs with are published with their sum: a total, a
 * bucket's count, a pattern's size. With one hidden count in such a group, subtraction gives it
 * back; with several groups (the rows and columns of a table with margins), adding and
 * subtracting whole groups can. So more counts are hidden (secondary suppression) until no
 * count under the minimum follows from what is published by any combination of the groups'
 * equations: first the usual rule (no group with a single unknown), then an exact check of the
 * equations (reduced row echelon form over the hidden counts). It does not use that counts are
 * never negative (bounds, which take linear programming), nor differences between two
 * requests (a period and the same period less a day).
 */
export interface CountTable {
  /** Every count that may be published. */
  values: number[];
  /** Published whatever happens (a total the page shows anyway): never hidden to protect another. */
  fixed?: boolean[];
  /** Groups of indexes into `values` whose cells add up to the value at `sum`. */
  groups: { cells: number[]; sum: number }[];
}

const EPS = 1e-9;

/** Which values to publish: `null` for a hidden count. Zero is never hidden (it tells about no one). */
export function protect(table: CountTable, minN: number): (number | null)[] {
  const { values, groups } = table;
  const fixed = table.fixed ?? [];
  const primary = values.map((n) => n > 0 && n < minN);
  const hidden = [...primary];
  /** Hides the smallest shown non-zero count of the group (its sum included), never a fixed one. */
  const hideAnother = (g: CountTable['groups'][number]): boolean => {
    let pick = -1;
    for (const i of [...g.cells, g.sum]) if (!hidden[i] && !fixed[i] && values[i]! > 0 && (pick < 0 || values[i]! < values[pick]!)) pick = i;
    if (pick < 0) return false;
    hidden[pick] = true;
    return true;
  };
  const stuck = new Set<number>();
  for (;;) {
    // The rule by hand: no group with exactly one unknown.
    for (let changed = true; changed; ) {
      changed = false;
      for (const g of groups) {
        let unknown = hidden[g.sum] ? 1 : 0;
        for (const i of g.cells) if (hidden[i]) unknown++;
        if (unknown === 1 && hideAnother(g)) changed = true;
      }
    }
    // Any combination of groups: a hidden primary count that the equations determine. Hide the
    // smallest shown count of the groups linked to it through hidden counts (those are the
    // groups any such combination uses) and look again. A count with nothing left to hide there
    // is as hidden as it can be (its groups hold only hidden counts, zeros and fixed values).
    const determined = determinedHidden(values.length, groups, hidden).filter((i) => primary[i] && !stuck.has(i));
    if (determined.length === 0) break;
    const i = determined[0]!;
    const linked = linkedGroups(i, groups, hidden);
    let pick = -1;
    for (const g of linked) for (const j of [...g.cells, g.sum]) if (!hidden[j] && !fixed[j] && values[j]! > 0 && (pick < 0 || values[j]! < values[pick]!)) pick = j;
    if (pick < 0) stuck.add(i);
    else hidden[pick] = true;
  }
  return values.map((n, i) => (hidden[i] ? null : n));
}

/** The groups reachable from value `i` through groups and the hidden values they share. */
function linkedGroups(i: number, groups: CountTable['groups'], hidden: boolean[]): CountTable['groups'] {
  const seen = new Set<number>([i]);
  const found = new Set<CountTable['groups'][number]>();
  for (let queue = [i]; queue.length > 0; ) {
    const v = queue.pop()!;
    for (const g of groups) {
      if (found.has(g) || (g.sum !== v && !g.cells.includes(v))) continue;
      found.add(g);
      for (const j of [...g.cells, g.sum]) {
        if (!hidden[j] || seen.has(j)) continue;
        seen.add(j);
        queue.push(j);
      }
    }
  }
  return [...found];
}

/**
 * The hidden values that the groups' equations fix, whatever the other hidden values are: x_i
 * is determined when the unit vector e_i lies in the row space of the equations restricted to
 * the hidden values, i.e. when its pivot row in reduced row echelon form has no other entry.
 */
function determinedHidden(size: number, groups: CountTable['groups'], hidden: boolean[]): number[] {
  const columns: number[] = [];
  const column = new Int32Array(size).fill(-1);
  for (let i = 0; i < size; i++) if (hidden[i]) column[i] = columns.push(i) - 1;
  if (columns.length === 0) return [];
  const rows: Float64Array[] = [];
  for (const g of groups) {
    const row = new Float64Array(columns.length);
    let any = false;
    for (const i of [...g.cells, g.sum]) {
      if (column[i]! < 0) continue;
      row[column[i]!]! += i === g.sum ? -1 : 1;
      any = true;
    }
    if (any) rows.push(row);
  }
  // Reduced row echelon form.
  const pivotOf: number[] = [];
  let r = 0;
  for (let c = 0; c < columns.length && r < rows.length; c++) {
    let best = r;
    for (let k = r + 1; k < rows.length; k++) if (Math.abs(rows[k]![c]!) > Math.abs(rows[best]![c]!)) best = k;
    if (Math.abs(rows[best]![c]!) < EPS) continue;
    [rows[r], rows[best]] = [rows[best]!, rows[r]!];
    const p = rows[r]!;
    const scale = p[c]!;
    for (let j = c; j < columns.length; j++) p[j]! /= scale;
    for (let k = 0; k < rows.length; k++) {
      if (k === r) continue;
      const row = rows[k]!;
      const f = row[c]!;
      if (Math.abs(f) < EPS) continue;
      for (let j = c; j < columns.length; j++) row[j]! -= f * p[j]!;
    }
    pivotOf[r] = c;
    r++;
  }
  const determined: number[] = [];
  for (let k = 0; k < r; k++) {
    const row = rows[k]!;
    let others = 0;
    for (let j = 0; j < columns.length; j++) if (j !== pivotOf[k] && Math.abs(row[j]!) > EPS) others++;
    if (others === 0) determined.push(columns[pivotOf[k]!]!);
  }
  return determined;
}

/** A flat table of values with groups, built up cell by cell. */
export class TableBuilder {
  readonly values: number[] = [];
  readonly fixed: boolean[] = [];
  readonly groups: CountTable['groups'] = [];
  /** `fixed`: published anyway, so never hidden to protect another count. */
  add(n: number, fixed = false): number {
    this.values.push(n);
    this.fixed.push(fixed);
    return this.values.length - 1;
  }
  /** `cells` add up to the value at `sum`. */
  group(cells: number[], sum: number): void {
    if (cells.length > 0) this.groups.push({ cells, sum });
  }
  protect(minN: number): (number | null)[] {
    return protect({ values: this.values, fixed: this.fixed, groups: this.groups }, minN);
  }
}
