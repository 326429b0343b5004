/** Sparse term weights of a centroid (ClusterSummary.terms), comparable across runs. */
export type TermWeights = Readonly<Record<string, number>>;

export interface PreviousPattern {
  readonly id: string;
  readonly terms: TermWeights;
}

export interface MatchOptions {
  /** Minimum cosine similarity for a new cluster to inherit an old id (default 0.3). */
  readonly threshold?: number;
  /** Id for an unmatched cluster; default "p<n>" numbered past the largest existing p<n>. */
  readonly newId?: () => string;
}

export interface MatchResult {
  /** Id per new cluster, in input order. */
  readonly ids: string[];
  /** Similarity to the previous pattern whose id was inherited; null for new ids. */
  readonly similarity: (number | null)[];
  /** Previous ids that no new cluster took over. */
  readonly retired: string[];
}

/** Raw term counts of one document's stems: the sparse vector enrichment and matching compare. */
export function termCounts(stems: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of stems) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

export function cosine(a: TermWeights, b: TermWeights): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [term, w] of Object.entries(a)) {
    na += w * w;
    const v = b[term];
    if (v !== undefined) dot += w * v;
  }
  for (const w of Object.values(b)) nb += w * w;
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/**
 * Gives this run's clusters the ids of last run's patterns, so a pattern keeps its id (and
 * its history) when the clustering is recomputed. Centroids are compared as term-weight
 * maps because column numbers change between runs. The pairing maximises the total cosine
 * similarity (Hungarian algorithm), and a pair below the threshold is not a match: the new
 * cluster gets a fresh id and the old pattern is retired.
 */
export function matchClusters(
  previous: readonly PreviousPattern[],
  next: readonly TermWeights[],
  options: MatchOptions = {},
): MatchResult {
  const threshold = options.threshold ?? 0.3;
  const newId = options.newId ?? defaultIdGenerator(previous.map((p) => p.id));
  const sims = next.map((terms) => previous.map((p) => cosine(terms, p.terms)));
  const assignment = maximumAssignment(sims, next.length, previous.length);
  const ids: string[] = [];
  const similarity: (number | null)[] = [];
  const taken = new Set<number>();
  next.forEach((_, i) => {
    const j = assignment[i]!;
    const s = j >= 0 ? sims[i]![j]! : 0;
    if (j >= 0 && s >= threshold) {
      ids.push(previous[j]!.id);
      similarity.push(s);
      taken.add(j);
    } else {
      ids.push(newId());
      similarity.push(null);
    }
  });
  return { ids, similarity, retired: previous.filter((_, j) => !taken.has(j)).map((p) => p.id) };
}

function defaultIdGenerator(existing: readonly string[]): () => string {
  let n = 0;
  for (const id of existing) {
    const m = /^p(\d+)$/.exec(id);
    if (m) n = Math.max(n, Number(m[1]));
  }
  return () => `p${++n}`;
}

/**
 * Hungarian algorithm (potentials form, O(n^3)) on the square padding of a rows x cols
 * similarity matrix, maximising total similarity. Returns the column per row, -1 where a
 * row was paired with padding.
 */
export function maximumAssignment(sims: readonly (readonly number[])[], rows: number, cols: number): Int32Array {
  const n = Math.max(rows, cols);
  const cost = (i: number, j: number): number => (i < rows && j < cols ? -sims[i]![j]! : 0);
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const p = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Float64Array(n + 1).fill(Infinity);
    const used = new Uint8Array(n + 1);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = cost(i0 - 1, j - 1) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[p[j]!]! += delta;
          v[j]! -= delta;
        } else {
          minv[j]! -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const result = new Int32Array(rows).fill(-1);
  for (let j = 1; j <= n; j++) {
    const i = p[j]! - 1;
    if (i >= 0 && i < rows && j - 1 < cols) result[i] = j - 1;
  }
  return result;
}
