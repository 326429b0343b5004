import { describe, expect, it } from 'vitest';
import { chooseK, silhouette, sphericalKMeans, summarizeClusters } from './cluster.ts';
import type { KMeansOptions } from './cluster.ts';
import { referenceKMeans } from './kmeans-reference.ts';
import { nmi } from './metrics.ts';
import { createRng } from './random.ts';
import { denseFeatures, tfidf } from './tfidf.ts';
import type { CsrMatrix } from './tfidf.ts';

/** Documents from `topics` planted topics: 40% topic words, the rest shared noise words. */
function planted(n: number, topics: number, seed: number): { docs: string[][]; labels: number[] } {
  const rng = createRng(seed);
  const docs: string[][] = [];
  const labels: number[] = [];
  for (let d = 0; d < n; d++) {
    const topic = d % topics;
    const doc: string[] = [];
    for (let t = 0; t < 12; t++) {
      doc.push(rng() < 0.4 ? `t${topic}w${Math.floor(rng() * 15)}` : `ruis${Math.floor(rng() * 200)}`);
    }
    docs.push(doc);
    labels.push(topic);
  }
  return { docs, labels };
}

function csrFromDense(rows: readonly (readonly number[])[]): CsrMatrix {
  const indptr = [0];
  const indices: number[] = [];
  const data: number[] = [];
  for (const row of rows) {
    const norm = Math.hypot(...row);
    row.forEach((v, j) => {
      if (v !== 0) {
        indices.push(j);
        data.push(v / norm);
      }
    });
    indptr.push(indices.length);
  }
  return {
    rows: rows.length,
    cols: rows[0]!.length,
    indptr: Int32Array.from(indptr),
    indices: Int32Array.from(indices),
    data: Float32Array.from(data),
  };
}

describe('sphericalKMeans', () => {
  const { docs, labels } = planted(400, 4, 7);
  const model = tfidf(docs);

  it('recovers planted topics', () => {
    const result = sphericalKMeans(model.matrix, { k: 4, seed: 1 });
    expect(result.k).toBe(4);
    expect(nmi(labels, result.labels)).toBeGreaterThan(0.9);
    for (let c = 0; c < 4; c++) {
      let norm = 0;
      for (let j = 0; j < model.matrix.cols; j++) norm += result.centroids[c * model.matrix.cols + j]! ** 2;
      expect(norm).toBeCloseTo(1, 9);
    }
  });

  it('is deterministic for a seed and keeps the best of its restarts', () => {
    const a = sphericalKMeans(model.matrix, { k: 4, seed: 3, restarts: 4 });
    const b = sphericalKMeans(model.matrix, { k: 4, seed: 3, restarts: 4 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    const single = sphericalKMeans(model.matrix, { k: 4, seed: 3, restarts: 1 });
    expect(a.objective).toBeGreaterThanOrEqual(single.objective - 1e-9);
  });

  it('labels rows without terms -1 and caps k at the rows available', () => {
    const x = csrFromDense([
      [1, 0],
      [0, 0],
      [0.9, 0.1],
    ]);
    const result = sphericalKMeans(x, { k: 5, seed: 0 });
    expect(result.k).toBe(2);
    expect(result.labels[1]).toBe(-1);
  });
});

describe('sphericalKMeans against the plain algorithm', () => {
  // The column renumbering, the column-wise seeding and the bounds only save work: the
  // clustering must be the one plain k-means++ and Lloyd give (kmeans-reference.ts).
  const same = (x: CsrMatrix, options: KMeansOptions) => {
    const fast = sphericalKMeans(x, options);
    const plain = referenceKMeans(x, options);
    expect(Array.from(fast.labels)).toEqual(Array.from(plain.labels));
    expect(fast.iterations).toBe(plain.iterations);
    expect(fast.objective).toBeCloseTo(plain.objective, 9);
    let largest = 0;
    for (let j = 0; j < plain.centroids.length; j++) {
      largest = Math.max(largest, Math.abs(fast.centroids[j]! - plain.centroids[j]!));
    }
    expect(largest).toBeLessThan(1e-12);
  };

  it('gives the same clustering for few and for many clusters, one run or several', () => {
    const { docs } = planted(600, 6, 21);
    const x = tfidf(docs).matrix;
    // k = 3 and 6 take the remainder loop of the blocks of four; 13 both; 9 restarts of one.
    for (const [k, restarts] of [[3, 3], [6, 3], [9, 1], [13, 3]] as const) {
      for (const seed of [0, 1]) same(x, { k, seed, restarts });
    }
  });

  it('keeps the bounds valid when rows are not of unit length', () => {
    const rng = createRng(4);
    const rows = Array.from({ length: 120 }, (_, i) =>
      Array.from({ length: 15 }, (_, j) => (rng() < 0.35 || j === i % 15 ? (1 + (i % 4)) * rng() : 0)),
    );
    const x = csrFromDense(rows);
    // Rows of length 0.5 to 30 (csrFromDense makes them unit length): a bound that ignored
    // the length would skip centroids that win.
    const data = Float32Array.from(x.data);
    for (let i = 0; i < x.rows; i++) for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) data[p]! *= [0.5, 3, 10, 30][i % 4]!;
    for (const k of [4, 11]) for (const seed of [0, 1, 2]) same({ ...x, data }, { k, seed, restarts: 2 });
  });
});

describe('silhouette', () => {
  it('matches scikit-learn on a small hand-made case', () => {
    const x = csrFromDense([
      [1, 0, 0],
      [0.9, 0.1, 0],
      [0, 1, 0.2],
      [0, 0.8, 0.6],
      [0.1, 0, 1],
    ]);
    // sklearn.metrics.silhouette_score(X, [0, 0, 1, 1, 1], metric='cosine')
    expect(silhouette(x, [0, 0, 1, 1, 1])).toBeCloseTo(0.7154545814557328, 6);
  });
});

describe('chooseK', () => {
  it('finds the planted number of topics', () => {
    const { docs } = planted(300, 5, 11);
    const chosen = chooseK(tfidf(docs).matrix, { kMin: 2, kMax: 8, seed: 0 });
    expect(chosen.k).toBe(5);
    expect(chosen.scores.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('summarizeClusters', () => {
  it('labels clusters with their topic words and averages the features', () => {
    const { docs, labels } = planted(200, 2, 5);
    const model = tfidf(docs);
    const result = sphericalKMeans(model.matrix, { k: 2, seed: 0 });
    // A feature that is 1 for topic 0 and 0 for topic 1, missing for every tenth row.
    const features = denseFeatures(labels.map((l, i) => [i % 10 === 0 ? null : l === 0 ? 1 : 0]));
    const summaries = summarizeClusters(model.matrix, result, {
      terms: model.terms,
      label: (t) => t.toUpperCase(),
      features,
      keywords: 5,
      representatives: 4,
    });
    expect(summaries.reduce((s, c) => s + c.size, 0)).toBe(200);
    for (const summary of summaries) {
      const topic = summary.keywords[0]!.slice(0, 2).toLowerCase();
      expect(summary.keywords).toHaveLength(5);
      expect(summary.keywords.every((w) => w.startsWith(topic.toUpperCase()))).toBe(true);
      expect(summary.representatives).toHaveLength(4);
      for (const r of summary.representatives) expect(result.labels[r]).toBe(summary.index);
      // A stray noisy document may land in the other cluster.
      expect(summary.profile![0]).toBeCloseTo(topic === 't0' ? 1 : 0, 1);
      expect(Object.keys(summary.terms).length).toBeGreaterThan(5);
    }
  });
});
