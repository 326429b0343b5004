"""scikit-learn baseline for scripts/bench/patterns.ts.

Usage: patterns_sklearn.py --seeds 0,1,2 [--n-init 3] [--single-init] FILE.jsonl

Runs the reference pipeline from shared/data/README.md on one JSONL file (one
{"text", "label"} object a line): TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.5)
and KMeans with k = number of labels. One timed run per seed: vectorising plus
KMeans(n_init=N, random_state=seed), which keeps the best of N initialisations by inertia,
as our findPatterns keeps the best of its restarts by objective (file reading excluded).
With --single-init it also reports, untimed, the NMI of KMeans(n_init=1) per seed: the
figure the README quotes. Prints one JSON object.
"""
import json
import resource
import sys
import time
import warnings

from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score


def main():
    warnings.simplefilter("ignore")
    args = sys.argv[1:]
    seeds = [0, 1, 2]
    n_init = 3
    single_init = False
    while args and args[0].startswith("--"):
        flag = args.pop(0)
        if flag == "--seeds":
            seeds = [int(s) for s in args.pop(0).split(",")]
        elif flag == "--n-init":
            n_init = int(args.pop(0))
        elif flag == "--single-init":
            single_init = True
        else:
            sys.exit(f"unknown flag {flag}")
    (path,) = args
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    texts = [r["text"] for r in rows]
    labels = [r["label"] for r in rows]
    k = len(set(labels))
    out = {"file": path, "n": len(texts), "k": k, "seconds": [], "nmi": [], "ari": []}
    matrix = None
    for seed in seeds:
        start = time.perf_counter()
        matrix = TfidfVectorizer(sublinear_tf=True, min_df=2, max_df=0.5).fit_transform(texts)
        pred = KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit(matrix).labels_
        out["seconds"].append(time.perf_counter() - start)
        out["nmi"].append(normalized_mutual_info_score(labels, pred))
        out["ari"].append(adjusted_rand_score(labels, pred))
    if single_init:
        out["nmi_single_init"] = [
            normalized_mutual_info_score(labels, KMeans(n_clusters=k, n_init=1, random_state=s).fit(matrix).labels_)
            for s in seeds
        ]
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
