// Test-only (imported by cluster.test.ts, not by the package): spherical k-means in its
// plain form, without the column renumbering, the column-wise seeding and the bounds of
// cluster.ts, which are only there for speed and must give the same clustering.
import { createRng } from './random.ts';
import type { KMeansOptions, KMeansResult } from './cluster.ts';
import type { CsrMatrix } from './tfidf.ts';

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

  for (;;) {
    let total = 0;
    let changed = 0;
    for (let q = 0; q < active.length; q++) {
      const i = active[q]!;
      const start = indptr[i]!;
      const end = indptr[i + 1]!;
      let arg = 0;
      let top = -Infinity;
      for (let c = 0, offset = 0; c < k; c++, offset += cols) {
        let s = 0;
        for (let p = start; p < end; p++) s += data[p]! * centroids[offset + indices[p]!]!;
        if (s > top) {
          top = s;
          arg = c;
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

function activeRows(x: CsrMatrix): Int32Array {
  const rows: number[] = [];
  for (let i = 0; i < x.rows; i++) if (x.indptr[i + 1]! > x.indptr[i]!) rows.push(i);
  return Int32Array.from(rows);
}

/** sphericalKMeans as first written: what the bounded, re-laid-out version must reproduce. */
export function referenceKMeans(x: CsrMatrix, options: KMeansOptions): KMeansResult {
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
