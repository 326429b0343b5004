type Labels = ArrayLike<number | string>;

function entropy(counts: readonly number[], n: number): number {
  let h = 0;
  for (const x of counts) if (x > 0) h -= (x / n) * Math.log(x / n);
  return h;
}

/**
 * Normalised mutual information with the arithmetic-mean normalisation
 * (scikit-learn's default): MI / ((H(a) + H(b)) / 2). Two single-cluster labelings are
 * identical, hence 1.
 */
export function nmi(a: Labels, b: Labels): number {
  const { n, rowSums, colSums, cells } = contingency(a, b);
  if (n === 0) return 1;
  const ha = entropy(rowSums, n);
  const hb = entropy(colSums, n);
  if (ha === 0 && hb === 0) return 1;
  let mi = 0;
  for (const { count, row, col } of cells) mi += (count / n) * Math.log((count * n) / (row * col));
  const denom = (ha + hb) / 2;
  return denom > 0 ? Math.max(0, mi / denom) : 0;
}

/** Cell counts of the cross-tabulation, each with its row and column totals. */
function contingency(a: Labels, b: Labels) {
  if (a.length !== b.length) throw new RangeError(`label arrays differ in length: ${a.length} vs ${b.length}`);
  const n = a.length;
  const rowSum = new Map<number | string, number>();
  const colSum = new Map<number | string, number>();
  const cell = new Map<number | string, Map<number | string, number>>();
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    rowSum.set(x, (rowSum.get(x) ?? 0) + 1);
    colSum.set(y, (colSum.get(y) ?? 0) + 1);
    let row = cell.get(x);
    if (row === undefined) {
      row = new Map();
      cell.set(x, row);
    }
    row.set(y, (row.get(y) ?? 0) + 1);
  }
  const cells: { count: number; row: number; col: number }[] = [];
  for (const [x, row] of cell) {
    for (const [y, count] of row) cells.push({ count, row: rowSum.get(x)!, col: colSum.get(y)! });
  }
  return { n, rowSums: [...rowSum.values()], colSums: [...colSum.values()], cells };
}

const pairs = (x: number): number => (x * (x - 1)) / 2;

/** Adjusted Rand index (Hubert and Arabie): 1 for identical partitions, about 0 for chance. */
export function ari(a: Labels, b: Labels): number {
  const { n, rowSums, colSums, cells } = contingency(a, b);
  if (n < 2) return 1;
  const sumCells = cells.reduce((s, x) => s + pairs(x.count), 0);
  const sumRows = rowSums.reduce((s, x) => s + pairs(x), 0);
  const sumCols = colSums.reduce((s, x) => s + pairs(x), 0);
  const expected = (sumRows * sumCols) / pairs(n);
  const max = (sumRows + sumCols) / 2;
  // Both partitions trivial in the same way (all singletons or one cluster): identical.
  if (max === expected) return 1;
  return (sumCells - expected) / (max - expected);
}
