"""scikit-learn baseline for scripts/bench/patterns.ts.

Usage: patterns_sklearn.py [--repeat N] FILE.jsonl...

For each JSONL file (one {"text", "label"} object a line) runs the reference pipeline from
shared/data/README.md: TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.5) and KMeans
with k = number of labels, once per seed (n_init=1 each, so the seeds are the restarts).
Prints one JSON object a line: the median over N repeats of the time for vectorising plus
all fits (file reading excluded), and NMI and ARI averaged over the seeds.
"""
import json
import sys
import time
import warnings

from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

SEEDS = (0, 1, 2)


def run(path, repeat):
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    texts = [r["text"] for r in rows]
    labels = [r["label"] for r in rows]
    k = len(set(labels))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        matrix = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.5).fit_transform(texts)
        fits = []
        for seed in SEEDS:
            model = KMeans(n_clusters=k, n_init=1, random_state=seed).fit(matrix)
            fits.append((model.inertia_, model.labels_))
        times.append(time.perf_counter() - start)
    seconds = sorted(times)[len(times) // 2]
    nmis = [normalized_mutual_info_score(labels, pred) for _, pred in fits]
    aris = [adjusted_rand_score(labels, pred) for _, pred in fits]
    best = min(range(len(fits)), key=lambda i: fits[i][0])
    return {
        "file": path,
        "n": len(texts),
        "k": k,
        "seconds": seconds,
        "nmi": sum(nmis) / len(nmis),
        "ari": sum(aris) / len(aris),
        "nmi_seeds": nmis,
        "nmi_best_inertia": nmis[best],
    }


def main():
    warnings.simplefilter("ignore")
    args = sys.argv[1:]
    repeat = 1
    if args[:1] == ["--repeat"]:
        repeat = int(args[1])
        args = args[2:]
    for path in args:
        print(json.dumps(run(path, repeat)), flush=True)


if __name__ == "__main__":
    main()
