/**
 * Pattern-finding benchmark: our pipeline (findPatterns) against scikit-learn's TF-IDF +
 * KMeans, measured in the same run, on the labelled corpora in ../shared/data/corpora and a
 * 100k-document synthetic set with planted topics.
 *
 *   npx tsx scripts/bench/patterns.ts [--skip-synthetic]
 *
 * Both sides run once per seed (the same seeds, k = number of labels) with the same budget
 * of k-means initialisations, the best kept by objective: findPatterns with its 3 restarts
 * and KMeans(n_init=3). NMI and ARI are the mean (and spread) over the seeds. Times are the
 * median over all seeds and rounds of one whole run (input parsing excluded); the rounds
 * alternate which side goes first, so that load from other processes on this shared machine
 * hits both alike. Load averages are printed with the results. Peak RSS is each process's
 * high-water mark (ours accumulates over the data sets, so the last row is the 100k run).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ari, createRng, findPatterns, nmi } from '@vertelpunt/analytics';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const corporaDir = resolve(repoRoot, '../shared/data/corpora');
const SEEDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const SEEDS_LARGE = [0, 1, 2];
const ROUNDS = 3;
const RESTARTS = 3;
const SYNTHETIC_DOCS = 100_000;

interface Dataset {
  readonly name: string;
  readonly file: string;
  readonly texts: string[];
  readonly labels: string[];
}

function readJsonl(name: string, file: string): Dataset {
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { text: string; label: string });
  return { name, file, texts: rows.map((r) => r.text), labels: rows.map((r) => r.label) };
}

/**
 * Short Dutch-looking stories from a seeded vocabulary: each of 20 topics owns 150 words;
 * a document mixes its topic's words, words from the whole vocabulary (Zipf-distributed
 * background) and function words, so topics are findable but not trivially separable.
 */
function synthetic(n: number, dir: string): Dataset {
  const rng = createRng(20240611);
  const onsets = ['b', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'st', 'sch', 'kr', 'br'];
  const vowels = ['a', 'e', 'i', 'o', 'u', 'aa', 'ee', 'oo', 'ui', 'ij', 'oe'];
  const codas = ['', 'n', 'r', 'l', 'k', 't', 's', 'ng', 'cht'];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const vocabulary = new Set<string>();
  while (vocabulary.size < 20_000) {
    const syllables = 2 + Math.floor(rng() * 2);
    let word = '';
    for (let s = 0; s < syllables; s++) word += pick(onsets) + pick(vowels) + pick(codas);
    vocabulary.add(word);
  }
  const words = [...vocabulary];
  const topics = 20;
  const topicWords = Array.from({ length: topics }, (_, t) => words.slice(t * 150, (t + 1) * 150));
  const background = words.slice(topics * 150);
  // Zipf by inverse transform over a precomputed cumulative table.
  const cumulative = new Float64Array(background.length);
  let total = 0;
  for (let i = 0; i < background.length; i++) cumulative[i] = total += 1 / (i + 1);
  const zipf = (): string => {
    const target = rng() * total;
    let lo = 0;
    let hi = background.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return background[lo]!;
  };
  const functionWords = ['de', 'het', 'een', 'en', 'van', 'is', 'met', 'op', 'dat', 'niet', 'voor', 'ze', 'hij'];
  const texts: string[] = [];
  const labels: string[] = [];
  for (let d = 0; d < n; d++) {
    const topic = Math.floor(rng() * topics);
    const length = 8 + Math.floor(rng() * 23);
    const tokens: string[] = [];
    for (let t = 0; t < length; t++) {
      const r = rng();
      tokens.push(r < 0.3 ? pick(topicWords[topic]!) : r < 0.55 ? pick(functionWords) : zipf());
    }
    texts.push(tokens.join(' ') + '.');
    labels.push(`t${topic}`);
  }
  const file = join(dir, 'synthetic_100k.jsonl');
  writeFileSync(file, texts.map((text, i) => JSON.stringify({ text, label: labels[i] })).join('\n') + '\n');
  return { name: 'synthetic_100k', file, texts, labels };
}

interface SideResult {
  /** Seconds per run, one per seed per round. */
  readonly seconds: number[];
  /** Per seed (the same in every round: both sides are deterministic for a seed). */
  readonly nmi: number[];
  readonly ari: number[];
  readonly rssMb: number;
  /** scikit-learn only: NMI of KMeans(n_init=1) per seed, the README's reference figure. */
  readonly nmiSingleInit?: number[];
}

function runSklearn(file: string, seeds: readonly number[], singleInit: boolean): SideResult | string {
  const script = join(repoRoot, 'scripts/bench/patterns_sklearn.py');
  const args = [script, '--seeds', seeds.join(','), '--n-init', String(RESTARTS), ...(singleInit ? ['--single-init'] : []), file];
  const run = spawnSync('/usr/bin/python3', args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.error) return `could not start /usr/bin/python3 (${run.error.message})`;
  if (run.status !== 0) {
    return /No module named 'sklearn'/.test(run.stderr)
      ? 'scikit-learn is not installed (apt-get install -y python3-sklearn)'
      : run.stderr.trim().split('\n').slice(-3).join(' / ');
  }
  const r = JSON.parse(run.stdout) as {
    seconds: number[];
    nmi: number[];
    ari: number[];
    peak_rss_mb: number;
    nmi_single_init?: number[];
  };
  return {
    seconds: r.seconds,
    nmi: r.nmi,
    ari: r.ari,
    rssMb: r.peak_rss_mb,
    ...(r.nmi_single_init ? { nmiSingleInit: r.nmi_single_init } : {}),
  };
}

function runOurs(ds: Dataset, seeds: readonly number[]): SideResult {
  const k = new Set(ds.labels).size;
  const seconds: number[] = [];
  const nmis: number[] = [];
  const aris: number[] = [];
  for (const seed of seeds) {
    const start = performance.now();
    const { labels } = findPatterns(ds.texts, { k, seed, restarts: RESTARTS });
    seconds.push((performance.now() - start) / 1000);
    nmis.push(nmi(ds.labels, labels));
    aris.push(ari(ds.labels, labels));
  }
  return { seconds, nmi: nmis, ari: aris, rssMb: process.resourceUsage().maxRSS / 1024 };
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
const sd = (xs: readonly number[]): number => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / Math.max(1, xs.length - 1));
};
const loadavg = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

function main(): void {
  const datasets: Dataset[] = [];
  if (existsSync(corporaDir)) {
    for (const f of readdirSync(corporaDir).filter((f) => f.endsWith('.jsonl')).sort()) {
      datasets.push(readJsonl(f.replace(/\.jsonl$/, ''), join(corporaDir, f)));
    }
  } else {
    console.log(`corpora not found at ${corporaDir}; running the synthetic set only`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'vertelpunt-bench-'));
  try {
    if (!process.argv.includes('--skip-synthetic')) datasets.push(synthetic(SYNTHETIC_DOCS, tmp));
    let sklearnMissing: string | undefined;
    const header = [
      'data set', 'docs', 'k', 'ours s', 'sk s', 'time ratio', 'min ratio', 'ours NMI', 'sk NMI', 'NMI ratio',
      'sk NMI n_init=1', 'ours ARI', 'sk ARI', 'ours max s', 'ours RSS MB', 'sk RSS MB', 'load before/after',
    ];
    const rows: string[][] = [];
    const f = (x: number | undefined, digits: number) => (x === undefined ? 'n/a' : x.toFixed(digits));
    const spread = (xs: readonly number[] | undefined) => (xs ? `${mean(xs).toFixed(3)}±${sd(xs).toFixed(3)}` : 'n/a');
    for (const ds of datasets) {
      const large = ds.texts.length > 20_000;
      const seeds = large ? SEEDS_LARGE : SEEDS;
      const loadBefore = loadavg();
      const ours: SideResult[] = [];
      const sk: SideResult[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const sides = [
          () => ours.push(runOurs(ds, seeds)),
          () => {
            if (sklearnMissing !== undefined) return;
            const r = runSklearn(ds.file, seeds, round === 0);
            if (typeof r === 'string') {
              sklearnMissing = r;
              console.log(`scikit-learn baseline unavailable: ${r}\n`);
            } else sk.push(r);
          },
        ];
        if (round % 2 === 1) sides.reverse();
        for (const side of sides) side();
      }
      const oursSeconds = median(ours.flatMap((r) => r.seconds));
      const skSeconds = sk.length > 0 ? median(sk.flatMap((r) => r.seconds)) : undefined;
      const oursNmi = mean(ours[0]!.nmi);
      const skNmi = sk.length > 0 ? mean(sk[0]!.nmi) : undefined;
      rows.push([
        ds.name,
        String(ds.texts.length),
        String(new Set(ds.labels).size),
        f(oursSeconds, 3),
        f(skSeconds, 3),
        skSeconds ? `${(oursSeconds / skSeconds).toFixed(2)}x` : 'n/a',
        sk.length > 0
          ? `${(Math.min(...ours.flatMap((r) => r.seconds)) / Math.min(...sk.flatMap((r) => r.seconds))).toFixed(2)}x`
          : 'n/a',
        spread(ours[0]!.nmi),
        spread(sk[0]?.nmi),
        skNmi ? `${(oursNmi / skNmi).toFixed(2)}x` : 'n/a',
        spread(sk[0]?.nmiSingleInit),
        spread(ours[0]!.ari),
        spread(sk[0]?.ari),
        f(Math.max(...ours.flatMap((r) => r.seconds)), 2),
        f(ours[ours.length - 1]!.rssMb, 0),
        f(sk.length > 0 ? Math.max(...sk.map((r) => r.rssMb)) : undefined, 0),
        `${loadBefore} / ${loadavg()}`,
      ]);
      console.error(`done: ${ds.name}`);
    }
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
    console.log(line(header));
    for (const r of rows) console.log(line(r));
    console.log(
      `\n${os.availableParallelism()} CPUs. Seeds ${SEEDS[0]}-${SEEDS[SEEDS.length - 1]} ` +
        `(${SEEDS_LARGE[0]}-${SEEDS_LARGE[SEEDS_LARGE.length - 1]} for the 100k set), ${ROUNDS} rounds.\n` +
        `ours: findPatterns (detect language, stop words, Porter stem, TF-IDF min_df=2 max_df=0.5, ` +
        `spherical k-means++, ${RESTARTS} restarts kept by objective); sklearn: TfidfVectorizer(sublinear_tf, ` +
        `min_df=2, max_df=0.5) + KMeans(n_init=${RESTARTS}). NMI and ARI: mean±sd over the seeds; ` +
        `"sk NMI n_init=1" is the README's reference figure (one initialisation per seed, untimed). ` +
        `Times: median of one run over seeds and rounds ("min ratio": fastest against fastest, ` +
        `less sensitive to load); "ours max s" is our slowest run. ` +
        `Load: 1/5/15-minute load averages before and after the data set. ` +
        `Time ratio < 1 and NMI ratio > 1 favour ours.`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();
