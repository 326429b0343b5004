import { describe, expect, it } from 'vitest';
import { appendDense, denseFeatures, tfidf, tfidfFromIds } from './tfidf.ts';
import type { CsrMatrix } from './tfidf.ts';

function rowOf(m: CsrMatrix, i: number): Map<number, number> {
  const row = new Map<number, number>();
  for (let p = m.indptr[i]!; p < m.indptr[i + 1]!; p++) row.set(m.indices[p]!, m.data[p]!);
  return row;
}

function cosineRows(m: CsrMatrix, a: number, b: number): number {
  const ra = rowOf(m, a);
  let dot = 0;
  for (const [j, v] of rowOf(m, b)) dot += v * (ra.get(j) ?? 0);
  return dot;
}

const docs = [
  ['schuld', 'schuld', 'brief'],
  ['schuld', 'werk'],
  ['werk', 'werk', 'werk', 'kind'],
  ['kind', 'brief'],
  ['eenmalig'],
];

describe('tfidf', () => {
  it('uses scikit-learn definitions: smooth idf, sublinear tf, unit rows', () => {
    const { matrix, terms, idf, df } = tfidf(docs, { minDf: 2, maxDf: 1 });
    expect(terms).toEqual(['brief', 'kind', 'schuld', 'werk']);
    expect(Array.from(df)).toEqual([2, 2, 2, 2]);
    // idf = ln((1 + n) / (1 + df)) + 1 with n = 5.
    expect(idf[0]).toBeCloseTo(Math.log(6 / 3) + 1, 12);
    const row0 = rowOf(matrix, 0);
    const schuld = (1 + Math.log(2)) * idf[2]!;
    const brief = 1 * idf[0]!;
    const norm = Math.hypot(schuld, brief);
    expect(row0.get(2)).toBeCloseTo(schuld / norm, 6);
    expect(row0.get(0)).toBeCloseTo(brief / norm, 6);
    for (let i = 0; i < 4; i++) {
      expect([...rowOf(matrix, i).values()].reduce((s, v) => s + v * v, 0)).toBeCloseTo(1, 6);
    }
    // "eenmalig" is below min_df, so its document is empty.
    expect(matrix.indptr[5]! - matrix.indptr[4]!).toBe(0);
  });

  it('applies max_df as a share of documents and raw counts when asked', () => {
    const common = [...docs, ['schuld'], ['schuld']];
    const { terms } = tfidf(common, { minDf: 1, maxDf: 0.5 });
    expect(terms).not.toContain('schuld');
    const raw = tfidf(docs, { minDf: 2, maxDf: 1, sublinearTf: false });
    const row2 = rowOf(raw.matrix, 2);
    const werk = 3 * raw.idf[3]!;
    const kind = 1 * raw.idf[1]!;
    expect(row2.get(3)).toBeCloseTo(werk / Math.hypot(werk, kind), 6);
  });

  it('does not depend on document order for its columns', () => {
    expect(tfidf([...docs].reverse()).terms).toEqual(tfidf(docs).terms);
  });

  it('gives the same model from term ids, however the ids are numbered', () => {
    const vocabulary = [...new Set(docs.flat())];
    const fromIds = (order: readonly string[]) => {
      const ids = Int32Array.from(docs.flat(), (term) => order.indexOf(term));
      const offsets = Int32Array.from([0, ...docs.map((_, d) => docs.slice(0, d + 1).flat().length)]);
      return tfidfFromIds(ids, offsets, order, { minDf: 1, maxDf: 1 });
    };
    const expected = tfidf(docs, { minDf: 1, maxDf: 1 });
    for (const order of [vocabulary, [...vocabulary].reverse()]) {
      const model = fromIds(order);
      expect(model.terms).toEqual(expected.terms);
      expect(Array.from(model.matrix.indptr)).toEqual(Array.from(expected.matrix.indptr));
      expect(Array.from(model.matrix.indices)).toEqual(Array.from(expected.matrix.indices));
      expect(Array.from(model.matrix.data)).toEqual(Array.from(expected.matrix.data));
    }
  });
});

describe('appendDense', () => {
  const text = tfidf(
    [
      ['schuld', 'brief'],
      ['schuld', 'brief'],
      ['werk', 'kind'],
      ['werk', 'kind'],
    ],
    { minDf: 1, maxDf: 1 },
  ).matrix;
  const features = denseFeatures([
    [0.8, 0.1, 0.1],
    [0.1, 0.1, 0.8],
    [0.8, 0.1, 0.1],
    [0.1, 0.1, 0.8],
  ]);

  it('splits the cosine between text and features by the weight', () => {
    const weight = 0.3;
    const combined = appendDense(text, features, weight);
    // Rows 0 and 1 share their words but not their features; rows 0 and 2 the reverse.
    // Centred features of rows 0 and 1 point in opposite directions (cosine -1).
    expect(cosineRows(combined, 0, 1)).toBeCloseTo((1 - weight) * 1 + weight * -1, 6);
    expect(cosineRows(combined, 0, 2)).toBeCloseTo((1 - weight) * 0 + weight * 1, 6);
    for (let i = 0; i < 4; i++) expect(cosineRows(combined, i, i)).toBeCloseTo(1, 6);
  });

  it('treats missing values as the column mean and keeps rows unit length', () => {
    const partial = denseFeatures([[0.8, null, 0.1], [null, null, null], [0.8, 0.1, 0.1], [0.1, 0.1, 0.8]]);
    const combined = appendDense(text, partial, 0.5);
    for (let i = 0; i < 4; i++) expect(cosineRows(combined, i, i)).toBeCloseTo(1, 6);
    expect(() => appendDense(text, partial, 1.5)).toThrow(RangeError);
  });
});
