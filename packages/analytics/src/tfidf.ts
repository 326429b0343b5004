/** Sparse rows in compressed sparse row form; row i is indices/data[indptr[i]..indptr[i+1]). */
export interface CsrMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float32Array;
}

export interface TfidfOptions {
  /** Keep terms in at least this many documents (an integer count; default 2). */
  readonly minDf?: number;
  /** Drop terms in more than this share of documents (0..1; default 0.5). */
  readonly maxDf?: number;
  /** 1 + ln(tf) instead of raw counts (default true). */
  readonly sublinearTf?: boolean;
}

export interface TfidfModel {
  readonly matrix: CsrMatrix;
  /** Column j of the matrix is terms[j]. */
  readonly terms: string[];
  readonly idf: Float64Array;
  /** Document frequency per column. */
  readonly df: Int32Array;
}

/**
 * TF-IDF with the same definitions as scikit-learn's TfidfVectorizer (smooth idf
 * ln((1+n)/(1+df)) + 1, optional sublinear tf, rows L2-normalised), so that results can be
 * compared with it directly. Documents that keep no term become all-zero rows.
 */
export function tfidf(docs: readonly (readonly string[])[], options: TfidfOptions = {}): TfidfModel {
  // Intern the terms, then weigh as tfidfFromIds does.
  let totalTokens = 0;
  for (const doc of docs) totalTokens += doc.length;
  const termIds = new Map<string, number>();
  const vocabulary: string[] = [];
  const ids = new Int32Array(totalTokens);
  const offsets = new Int32Array(docs.length + 1);
  let t = 0;
  for (let d = 0; d < docs.length; d++) {
    for (const term of docs[d]!) {
      let id = termIds.get(term);
      if (id === undefined) {
        id = vocabulary.length;
        termIds.set(term, id);
        vocabulary.push(term);
      }
      ids[t++] = id;
    }
    offsets[d + 1] = t;
  }
  return tfidfFromIds(ids, offsets, vocabulary, options);
}

/**
 * tfidf over documents given as term ids: document d is ids[offsets[d]..offsets[d+1]),
 * an id is an index into `vocabulary` (distinct terms). The result does not depend on how
 * the ids were numbered.
 */
export function tfidfFromIds(
  ids: Int32Array,
  offsets: Int32Array,
  vocabulary: readonly string[],
  options: TfidfOptions = {},
): TfidfModel {
  const minDf = options.minDf ?? 2;
  const maxDf = options.maxDf ?? 0.5;
  const sublinear = options.sublinearTf ?? true;
  const n = offsets.length - 1;

  // Pass 1: document frequency. lastDoc marks whether a term was already counted for the
  // current document, which avoids a Set per document.
  const df = new Int32Array(vocabulary.length);
  const lastDoc = new Int32Array(vocabulary.length).fill(-1);
  for (let d = 0; d < n; d++) {
    const end = offsets[d + 1]!;
    for (let t = offsets[d]!; t < end; t++) {
      const id = ids[t]!;
      if (lastDoc[id] !== d) {
        lastDoc[id] = d;
        df[id]!++;
      }
    }
  }
  const totalTokens = offsets[n]!;

  // Pass 2: choose columns. Sorting the kept terms makes column order independent of
  // document order, which keeps results stable when the same corpus arrives reshuffled.
  const maxCount = maxDf <= 1 ? Math.floor(maxDf * n) : maxDf;
  const kept: number[] = [];
  for (let id = 0; id < vocabulary.length; id++) {
    const f = df[id]!;
    if (f >= minDf && f <= maxCount) kept.push(id);
  }
  kept.sort((a, b) => (vocabulary[a]! < vocabulary[b]! ? -1 : 1));
  const column = new Int32Array(vocabulary.length).fill(-1);
  const terms: string[] = new Array<string>(kept.length);
  const keptDf = new Int32Array(kept.length);
  const idf = new Float64Array(kept.length);
  kept.forEach((id, j) => {
    column[id] = j;
    terms[j] = vocabulary[id]!;
    keptDf[j] = df[id]!;
    idf[j] = Math.log((1 + n) / (1 + df[id]!)) + 1;
  });

  // Pass 3: weighted, normalised rows. counts is a dense scratch row reset after each doc.
  const counts = new Int32Array(kept.length);
  const touched = new Int32Array(kept.length);
  const indptr = new Int32Array(n + 1);
  // A document has no more distinct terms than tokens, so totalTokens bounds the non-zeros.
  const indices = new Int32Array(totalTokens);
  const data = new Float32Array(totalTokens);
  let nnz = 0;
  for (let d = 0; d < n; d++) {
    let unique = 0;
    const end = offsets[d + 1]!;
    for (let t = offsets[d]!; t < end; t++) {
      const j = column[ids[t]!]!;
      if (j < 0) continue;
      if (counts[j] === 0) touched[unique++] = j;
      counts[j]!++;
    }
    let norm = 0;
    for (let u = 0; u < unique; u++) {
      const j = touched[u]!;
      const tf = counts[j]!;
      const w = (sublinear ? 1 + Math.log(tf) : tf) * idf[j]!;
      indices[nnz + u] = j;
      data[nnz + u] = w;
      norm += w * w;
      counts[j] = 0;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let u = 0; u < unique; u++) data[nnz + u]! *= scale;
    nnz += unique;
    indptr[d + 1] = nnz;
  }

  return {
    matrix: { rows: n, cols: kept.length, indptr, indices: indices.slice(0, nnz), data: data.slice(0, nnz) },
    terms,
    idf,
    df: keptDf,
  };
}

/** Dense per-document features: row-major, rows x cols; NaN marks a missing value. */
export interface DenseFeatures {
  readonly rows: number;
  readonly cols: number;
  readonly values: Float64Array;
  /** Optional names for reporting (e.g. "triad1.a", "choice.werk=ja"). */
  readonly names?: readonly string[];
}

/** Builds DenseFeatures from plain arrays (null or undefined become NaN). */
export function denseFeatures(
  rows: readonly (readonly (number | null | undefined)[])[],
  names?: readonly string[],
): DenseFeatures {
  const cols = names?.length ?? rows[0]?.length ?? 0;
  const values = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => {
    for (let j = 0; j < cols; j++) values[i * cols + j] = row[j] ?? Number.NaN;
  });
  return names === undefined ? { rows: rows.length, cols, values } : { rows: rows.length, cols, values, names };
}

/**
 * Appends signifier features (triad weights, dyad values, choice one-hots) to the text
 * vectors so they take `weight` (0..1) of the cosine similarity:
 * cos = (1 - weight) * cos_text + weight * cos_features. Features are centred per column
 * first, because raw proportions are all positive and would make every pair look alike;
 * a missing value becomes the column mean. A row with no text (or no feature signal) is
 * rescaled so it still has unit length.
 */
export function appendDense(matrix: CsrMatrix, features: DenseFeatures, weight: number): CsrMatrix {
  if (features.rows !== matrix.rows) {
    throw new RangeError(`features have ${features.rows} rows, matrix has ${matrix.rows}`);
  }
  if (!(weight >= 0 && weight <= 1)) throw new RangeError(`weight must be in [0, 1], got ${weight}`);
  const { rows, cols: f } = features;
  const means = new Float64Array(f);
  const present = new Int32Array(f);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < f; j++) {
      const v = features.values[i * f + j]!;
      if (!Number.isNaN(v)) {
        means[j]! += v;
        present[j]!++;
      }
    }
  }
  for (let j = 0; j < f; j++) means[j] = present[j]! > 0 ? means[j]! / present[j]! : 0;

  const textScale = Math.sqrt(1 - weight);
  const featureScale = Math.sqrt(weight);
  const nnzText = matrix.indptr[rows]!;
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(nnzText + rows * f);
  const data = new Float32Array(nnzText + rows * f);
  const centred = new Float64Array(f);
  let nnz = 0;
  for (let i = 0; i < rows; i++) {
    let featureNorm = 0;
    for (let j = 0; j < f; j++) {
      const v = features.values[i * f + j]!;
      const c = Number.isNaN(v) ? 0 : v - means[j]!;
      centred[j] = c;
      featureNorm += c * c;
    }
    featureNorm = Math.sqrt(featureNorm);
    const start = matrix.indptr[i]!;
    const end = matrix.indptr[i + 1]!;
    const hasText = end > start;
    const hasFeatures = featureNorm > 1e-12 && weight > 0;
    const ts = hasText ? (hasFeatures ? textScale : 1) : 0;
    const fs = hasFeatures ? (hasText ? featureScale : 1) / featureNorm : 0;
    for (let p = start; p < end; p++) {
      indices[nnz] = matrix.indices[p]!;
      data[nnz++] = matrix.data[p]! * ts;
    }
    if (hasFeatures) {
      for (let j = 0; j < f; j++) {
        if (centred[j] === 0) continue;
        indices[nnz] = matrix.cols + j;
        data[nnz++] = centred[j]! * fs;
      }
    }
    indptr[i + 1] = nnz;
  }
  return { rows, cols: matrix.cols + f, indptr, indices: indices.slice(0, nnz), data: data.slice(0, nnz) };
}
