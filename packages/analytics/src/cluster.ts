import { createRng, sampleIndices } from './random.ts';
import type { CsrMatrix, DenseFeatures } from './tfidf.ts';

export interface KMeansOptions {
  readonly k: number;
  /** Independent seedings; the run with the best objective is kept (default 3). */
  readonly restarts?: number;
  readonly maxIterations?: number;
  /** Stop when the objective improves by less than this fraction (default 1e-6). */
  readonly tolerance?: number;
  readonly seed?: number;
}

export interface KMeansResult {
  readonly k: number;
  /** Cluster per row; -1 for rows without any non-zero value (nothing to compare). */
  readonly labels: Int32Array;
  /** Unit-length centroids, row-major k x cols. */
  readonly centroids: Float64Array;
  /** Sum over rows of the cosine similarity to their centroid (higher is better). */
  readonly objective: number;
  readonly iterations: number;
}

/** Cosine similarity of every row with row `r`, written to `out`. */
function similaritiesToRow(x: CsrMatrix, r: number, scratch: Float64Array, out: Float64Array): void {
  const { indptr, indices, data } = x;
  const rs = indptr[r]!;
  const re = indptr[r + 1]!;
  for (let p = rs; p < re; p++) scratch[indices[p]!] = data[p]!;
  for (let i = 0; i < x.rows; i++) {
    let s = 0;
    const end = indptr[i + 1]!;
    for (let p = indptr[i]!; p < end; p++) s += data[p]! * scratch[indices[p]!]!;
    out[i] = s;
  }
  for (let p = rs; p < re; p++) scratch[indices[p]!] = 0;
}

/** Index of the first cumulative weight above `target`. */
function pickWeighted(weights: Float64Array, target: number, rows: Int32Array): number {
  let acc = 0;
  for (let q = 0; q < rows.length; q++) {
    const i = rows[q]!;
    acc += weights[i]!;
    if (acc > target) return i;
  }
  return rows[rows.length - 1]!;
}

/**
 * Greedy k-means++ (as in scikit-learn: several candidates per step, keep the one that
 * lowers the potential most) with cosine distance 1 - cos, which for unit vectors is half
 * the squared Euclidean distance. Similarities come from scattering the candidate into a
 * dense scratch row, so no matrix rows are copied. Returns the chosen row indices.
 */
function seedPlusPlus(x: CsrMatrix, k: number, active: Int32Array, rng: () => number): Int32Array {
  const n = x.rows;
  const scratch = new Float64Array(x.cols);
  const minDist = new Float64Array(n);
  let candidate = new Float64Array(n);
  let best = new Float64Array(n);
  const sims = new Float64Array(n);
  const trials = 2 + Math.floor(Math.log(k));
  const chosen = new Int32Array(k);

  const first = active[Math.floor(rng() * active.length)]!;
  chosen[0] = first;
  similaritiesToRow(x, first, scratch, sims);
  let potential = 0;
  for (let q = 0; q < active.length; q++) {
    const i = active[q]!;
    minDist[i] = Math.max(0, 1 - sims[i]!);
    potential += minDist[i]!;
  }
  for (let c = 1; c < k; c++) {
    let bestRow = -1;
    let bestPotential = Infinity;
    for (let t = 0; t < trials; t++) {
      // With every point already on a centre the potential is 0; any row will do.
      const row =
        potential > 0 ? pickWeighted(minDist, rng() * potential, active) : active[Math.floor(rng() * active.length)]!;
      similaritiesToRow(x, row, scratch, sims);
      let p = 0;
      for (let q = 0; q < active.length; q++) {
        const i = active[q]!;
        const d = Math.min(minDist[i]!, Math.max(0, 1 - sims[i]!));
        candidate[i] = d;
        p += d;
      }
      if (p < bestPotential) {
        bestPotential = p;
        bestRow = row;
        const swap = best;
        best = candidate;
        candidate = swap;
      }
    }
    chosen[c] = bestRow;
    minDist.set(best);
    potential = bestPotential;
  }
  return chosen;
}

interface Run {
  labels: Int32Array;
  /** Unit centroids, row-major k x cols. */
  centroids: Float64Array;
  objective: number;
  iterations: number;
  converged: boolean;
}

function centroidsFromRows(x: CsrMatrix, rows: Int32Array): Float64Array {
  const centroids = new Float64Array(x.cols * rows.length);
  rows.forEach((r, c) => {
    for (let p = x.indptr[r]!; p < x.indptr[r + 1]!; p++) centroids[c * x.cols + x.indices[p]!] = x.data[p]!;
  });
  return centroids;
}

/** Lloyd iterations from the given centroids (which it takes over) until stable. */
function lloyd(
  x: CsrMatrix,
  k: number,
  active: Int32Array,
  initial: Float64Array,
  maxIterations: number,
  tolerance: number,
): Run {
  const { indptr, indices, data, cols } = x;
  let centroids = initial;
  let sums: Float64Array = new Float64Array(cols * k);
  const labels = new Int32Array(x.rows).fill(-1);
  const bestSim = new Float64Array(x.rows);
  const counts = new Int32Array(k);
  let objective = -Infinity;
  let iterations = 0;
  let converged = false;

  // Two layouts for the assignment loop, chosen by measurement: with few clusters, a dot
  // product per cluster over row-major centroids is fastest; with many, the k centroid
  // values of a term are better read together from a transposed copy (about 1.5x at k = 20
  // on 100k documents), which costs one transpose per iteration.
  const transposed = k >= TRANSPOSE_FROM_K ? new Float64Array(cols * k) : null;
  const sims = new Float64Array(k);

  for (;;) {
    let total = 0;
    let changed = 0;
    if (transposed) {
      for (let c = 0; c < k; c++) {
        const offset = c * cols;
        for (let j = 0; j < cols; j++) transposed[j * k + c] = centroids[offset + j]!;
      }
    }
    for (let q = 0; q < active.length; q++) {
      const i = active[q]!;
      const start = indptr[i]!;
      const end = indptr[i + 1]!;
      let arg = 0;
      let top = -Infinity;
      if (transposed) {
        sims.fill(0);
        for (let p = start; p < end; p++) {
          const v = data[p]!;
          const base = indices[p]! * k;
          for (let c = 0; c < k; c++) sims[c]! += v * transposed[base + c]!;
        }
        for (let c = 0; c < k; c++) {
          if (sims[c]! > top) {
            top = sims[c]!;
            arg = c;
          }
        }
      } else {
        for (let c = 0, offset = 0; c < k; c++, offset += cols) {
          let s = 0;
          for (let p = start; p < end; p++) s += data[p]! * centroids[offset + indices[p]!]!;
          if (s > top) {
            top = s;
            arg = c;
          }
        }
      }
      if (labels[i] !== arg) {
        labels[i] = arg;
        changed++;
      }
      bestSim[i] = top;
      total += top;
    }
    const improvement = total - objective;
    objective = total;
    iterations++;
    if (changed === 0 || improvement <= tolerance * Math.abs(total)) {
      converged = true;
      break;
    }
    if (iterations >= maxIterations) break;

    sums.fill(0);
    counts.fill(0);
    for (let q = 0; q < active.length; q++) {
      const i = active[q]!;
      const offset = labels[i]! * cols;
      counts[labels[i]!]!++;
      for (let p = indptr[i]!; p < indptr[i + 1]!; p++) sums[offset + indices[p]!]! += data[p]!;
    }
    // An emptied cluster restarts from the row that fits its own centre worst, which is
    // where the objective gains most.
    for (let c = 0; c < k; c++) {
      if (counts[c] !== 0) continue;
      let worst = -1;
      for (let q = 0; q < active.length; q++) {
        const i = active[q]!;
        if (counts[labels[i]!]! > 1 && (worst < 0 || bestSim[i]! < bestSim[worst]!)) worst = i;
      }
      if (worst < 0) break;
      const from = labels[worst]!;
      for (let p = indptr[worst]!; p < indptr[worst + 1]!; p++) {
        sums[from * cols + indices[p]!]! -= data[p]!;
        sums[c * cols + indices[p]!]! += data[p]!;
      }
      counts[from]!--;
      counts[c] = 1;
      labels[worst] = c;
      bestSim[worst] = Infinity;
    }
    for (let c = 0; c < k; c++) {
      const offset = c * cols;
      let norm = 0;
      for (let j = offset; j < offset + cols; j++) norm += sums[j]! * sums[j]!;
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let j = offset; j < offset + cols; j++) sums[j]! *= scale;
    }
    const swap = centroids;
    centroids = sums;
    sums = swap;
  }
  return { labels, centroids, objective, iterations, converged };
}

const PROBE_ITERATIONS = 5;
const TRANSPOSE_FROM_K = 10;

function activeRows(x: CsrMatrix): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < x.rows; i++) if (x.indptr[i + 1]! > x.indptr[i]!) rows.push(i);
  return Int32Array.from(rows);
}

/**
 * Spherical k-means: k-means with cosine similarity on L2-normalised rows, centroids
 * renormalised to unit length after each update. The usual choice for TF-IDF, where
 * direction matters and length does not. Deterministic for a given seed.
 */
export function sphericalKMeans(x: CsrMatrix, options: KMeansOptions): KMeansResult {
  const active = activeRows(x);
  const k = Math.min(options.k, active.length);
  if (!(k >= 1)) {
    return { k: 0, labels: new Int32Array(x.rows).fill(-1), centroids: new Float64Array(0), objective: 0, iterations: 0 };
  }
  const rng = createRng(options.seed ?? 0);
  const restarts = Math.max(1, options.restarts ?? 3);
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-6;
  // Objectives separate early: every restart gets a few iterations and only the most
  // promising is run to convergence, which costs a fraction of converging all of them.
  const probe = restarts > 1 ? Math.min(PROBE_ITERATIONS, maxIterations) : maxIterations;
  let best: Run | undefined;
  for (let r = 0; r < restarts; r++) {
    const seeds = seedPlusPlus(x, k, active, rng);
    const run = lloyd(x, k, active, centroidsFromRows(x, seeds), probe, tolerance);
    if (best === undefined || run.objective > best.objective) best = run;
  }
  if (!best!.converged && best!.iterations < maxIterations) {
    const rest = lloyd(x, k, active, best!.centroids, maxIterations - best!.iterations, tolerance);
    best = { ...rest, iterations: rest.iterations + best!.iterations };
  }
  const run = best!;
  return { k, labels: run.labels, centroids: run.centroids, objective: run.objective, iterations: run.iterations };
}

// ---------------------------------------------------------------------------------------
// Silhouette and the choice of k

/** Pairwise cosine similarities among the given rows (m x m, row-major). */
function sampleSimilarities(x: CsrMatrix, rows: Int32Array): Float32Array {
  const m = rows.length;
  const out = new Float32Array(m * m);
  const scratch = new Float64Array(x.cols);
  const { indptr, indices, data } = x;
  for (let a = 0; a < m; a++) {
    const ra = rows[a]!;
    for (let p = indptr[ra]!; p < indptr[ra + 1]!; p++) scratch[indices[p]!] = data[p]!;
    out[a * m + a] = 1;
    for (let b = a + 1; b < m; b++) {
      const rb = rows[b]!;
      let s = 0;
      for (let p = indptr[rb]!; p < indptr[rb + 1]!; p++) s += data[p]! * scratch[indices[p]!]!;
      out[a * m + b] = s;
      out[b * m + a] = s;
    }
    for (let p = indptr[ra]!; p < indptr[ra + 1]!; p++) scratch[indices[p]!] = 0;
  }
  return out;
}

/** Mean silhouette (cosine distance) of sampled rows given their labels. */
function silhouetteFromSimilarities(sims: Float32Array, labels: Int32Array): number {
  const m = labels.length;
  let k = 0;
  for (let i = 0; i < m; i++) k = Math.max(k, labels[i]! + 1);
  if (k < 2) return 0;
  const sizes = new Int32Array(k);
  for (let i = 0; i < m; i++) sizes[labels[i]!]!++;
  const dist = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < m; i++) {
    dist.fill(0);
    for (let j = 0; j < m; j++) dist[labels[j]!]! += 1 - sims[i * m + j]!;
    const own = labels[i]!;
    // Members of singleton clusters score 0, as in Rousseeuw's definition.
    if (sizes[own]! < 2) continue;
    const a = dist[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, dist[c]! / sizes[c]!);
    if (b === Infinity) continue;
    const denom = Math.max(a, b);
    total += denom > 0 ? (b - a) / denom : 0;
  }
  return total / m;
}

export interface SilhouetteOptions {
  /** Rows sampled (default 1000); the cost is quadratic in this. */
  readonly sampleSize?: number;
  readonly seed?: number;
}

/**
 * Mean silhouette coefficient with cosine distance, on a random sample of labelled rows
 * (like scikit-learn's silhouette_score with sample_size). Rows labelled -1 are ignored.
 */
export function silhouette(x: CsrMatrix, labels: ArrayLike<number>, options: SilhouetteOptions = {}): number {
  const labelled: number[] = [];
  for (let i = 0; i < x.rows; i++) if (labels[i]! >= 0) labelled.push(i);
  const pick = sampleIndices(labelled.length, options.sampleSize ?? 1000, createRng(options.seed ?? 0));
  const rows = pick.map((q) => labelled[q]!);
  const sampleLabels = compactLabels(Array.from(rows, (i) => labels[i]!));
  return silhouetteFromSimilarities(sampleSimilarities(x, rows), sampleLabels);
}

/** Renumbers labels to 0..m-1 in order of first appearance. */
function compactLabels(labels: readonly number[]): Int32Array {
  const ids = new Map<number, number>();
  return Int32Array.from(labels, (l) => {
    let id = ids.get(l);
    if (id === undefined) {
      id = ids.size;
      ids.set(l, id);
    }
    return id;
  });
}

export interface ChooseKOptions {
  readonly kMin?: number;
  readonly kMax?: number;
  readonly restarts?: number;
  readonly seed?: number;
  readonly sampleSize?: number;
}

export interface ChooseKResult {
  readonly k: number;
  readonly scores: readonly { k: number; silhouette: number }[];
  readonly result: KMeansResult;
}

/**
 * Picks k by the highest sampled cosine silhouette over [kMin, kMax] (default 2 to
 * min(15, sqrt(n/2))): the criterion rewards clusters that are both tight and apart,
 * and needs no labels. The sample's similarity matrix is computed once for all k.
 */
export function chooseK(x: CsrMatrix, options: ChooseKOptions = {}): ChooseKResult {
  const active = activeRows(x);
  const kMin = Math.max(2, options.kMin ?? 2);
  const kMax = Math.max(kMin, Math.min(options.kMax ?? Math.min(15, Math.floor(Math.sqrt(active.length / 2))), active.length));
  const seed = options.seed ?? 0;
  const rows = sampleIndices(active.length, options.sampleSize ?? 1000, createRng(seed)).map((q) => active[q]!);
  const sims = sampleSimilarities(x, rows);
  const scores: { k: number; silhouette: number }[] = [];
  let best: { k: number; score: number; result: KMeansResult } | undefined;
  for (let k = kMin; k <= kMax; k++) {
    const result = sphericalKMeans(x, { k, restarts: options.restarts ?? 3, seed });
    const score = silhouetteFromSimilarities(sims, compactLabels(Array.from(rows, (i) => result.labels[i]!)));
    scores.push({ k, silhouette: score });
    if (best === undefined || score > best.score) best = { k, score, result };
  }
  if (best === undefined) {
    const result = sphericalKMeans(x, { k: 1, seed });
    return { k: result.k, scores, result };
  }
  return { k: best.k, scores, result: best.result };
}

// ---------------------------------------------------------------------------------------
// Cluster summaries

export interface ClusterSummary {
  readonly index: number;
  readonly size: number;
  /** Readable words for the heaviest centroid terms, heaviest first. */
  readonly keywords: string[];
  /** The heaviest centroid weights by term (stem), kept for matching clusters across runs. */
  readonly terms: Record<string, number>;
  /** Row indices closest to the centroid, closest first. */
  readonly representatives: number[];
  /** Mean of each dense feature over the cluster's rows (null when all missing). */
  readonly profile: (number | null)[] | null;
}

export interface SummaryOptions {
  /** Column names of the text part of the matrix (TfidfModel.terms). */
  readonly terms: readonly string[];
  /** Readable word for a term (e.g. SurfaceForms.label); identity when absent. */
  readonly label?: (term: string) => string;
  /** Raw (uncentred) dense features whose per-cluster means become the profile. */
  readonly features?: DenseFeatures;
  readonly keywords?: number;
  readonly representatives?: number;
  /** How many centroid terms to keep in `terms` (default 50). */
  readonly termsKept?: number;
}

export function summarizeClusters(x: CsrMatrix, result: KMeansResult, options: SummaryOptions): ClusterSummary[] {
  const { k, labels, centroids } = result;
  const textCols = options.terms.length;
  const label = options.label ?? ((t: string) => t);
  const nKeywords = options.keywords ?? 8;
  const nReps = options.representatives ?? 3;
  const termsKept = options.termsKept ?? 50;

  const sizes = new Int32Array(k);
  const reps: { row: number; sim: number }[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < x.rows; i++) {
    const c = labels[i]!;
    if (c < 0) continue;
    sizes[c]!++;
    let s = 0;
    for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) s += x.data[p]! * centroids[c * x.cols + x.indices[p]!]!;
    const list = reps[c]!;
    if (list.length < nReps || s > list[list.length - 1]!.sim) {
      list.push({ row: i, sim: s });
      list.sort((a, b) => b.sim - a.sim || a.row - b.row);
      if (list.length > nReps) list.pop();
    }
  }

  const profiles = options.features ? featureMeans(options.features, labels, k) : null;
  const summaries: ClusterSummary[] = [];
  for (let c = 0; c < k; c++) {
    const order = Array.from({ length: textCols }, (_, j) => j)
      .filter((j) => centroids[c * x.cols + j]! > 0)
      .sort((a, b) => centroids[c * x.cols + b]! - centroids[c * x.cols + a]! || a - b);
    const keywords: string[] = [];
    for (const j of order) {
      if (keywords.length >= nKeywords) break;
      const word = label(options.terms[j]!);
      if (!keywords.includes(word)) keywords.push(word);
    }
    const terms: Record<string, number> = {};
    for (const j of order.slice(0, termsKept)) terms[options.terms[j]!] = centroids[c * x.cols + j]!;
    summaries.push({
      index: c,
      size: sizes[c]!,
      keywords,
      terms,
      representatives: reps[c]!.map((r) => r.row),
      profile: profiles?.[c] ?? null,
    });
  }
  return summaries;
}

function featureMeans(features: DenseFeatures, labels: Int32Array, k: number): (number | null)[][] {
  const f = features.cols;
  const sums = new Float64Array(k * f);
  const counts = new Int32Array(k * f);
  for (let i = 0; i < features.rows; i++) {
    const c = labels[i]!;
    if (c < 0) continue;
    for (let j = 0; j < f; j++) {
      const v = features.values[i * f + j]!;
      if (Number.isNaN(v)) continue;
      sums[c * f + j]! += v;
      counts[c * f + j]!++;
    }
  }
  return Array.from({ length: k }, (_, c) =>
    Array.from({ length: f }, (_, j) => (counts[c * f + j]! > 0 ? sums[c * f + j]! / counts[c * f + j]! : null)),
  );
}
