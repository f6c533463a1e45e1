"""Throughput of the whole pipeline at 1k / 10k / 100k customer segments (issue 7).

Corpora are generated from the sample corpus's customer sentences: chat lines (1-2 sentences), reviews
(3-7 sentences, so long texts are split into chunks) and comments, each with its own details (order
numbers, days, prices) so that texts are mostly unique (the
distinct count is printed) - dedup does not make the benchmark trivial.

For each size, in a fresh process: the full pipeline (first run, empty cache), then a re-run of the
unchanged corpus (warm cache), a re-run after adding 10% new texts, and the raw embedder speed on the same segment texts, so the
pipeline's overhead over embedding shows as a ratio. Prints segments/s per stage and end to end and
peak memory (max RSS). With --bertopic also times clustering against BERTopic on the same vectors.

Usage:
    python benchmarks/throughput.py --sizes 1000,10000 [--embedder e5-small] [--bertopic]
    python benchmarks/throughput.py --sizes 1000000 --embedder fake --no-rerun   # memory at 1M segments
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def sentence_pool() -> list[str]:
    from pipeline.ingest import IngestConfig, read_corpus
    from pipeline.text import split_sentences

    rec = read_corpus(ROOT / "corpora" / "sample", IngestConfig(brand_authors=["sofino_official"])).records
    cust = rec[rec["role"] == "customer"]["text"]
    pool = sorted({s for t in cust for s in split_sentences(t) if 12 <= len(s) <= 260})
    return pool


def generate(n_segments: int, folder: Path, seed: int = 0) -> int:
    """Write a chat export, a review file and a comments file with about n_segments customer segments."""
    import csv

    rng = random.Random(seed)
    pool = sentence_pool()
    nums = re.compile(r"\d+")

    def vary(s: str) -> str:
        # new numbers make each text distinct without changing its meaning much
        return nums.sub(lambda m: str(rng.randint(1, 99)) if len(m.group()) < 4 else f"{rng.randint(100000, 999999)}", s)

    folder.mkdir(parents=True, exist_ok=True)
    made = 0
    n_chat = int(n_segments * 0.6)
    n_rev = int(n_segments * 0.25 / 2)  # reviews are ~2 segments each
    n_soc = n_segments - n_chat - n_rev * 2
    with open(folder / "chats.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["conversation_id", "created_at", "author_type", "author_name", "message"])
        for i in range(n_chat):
            conv = f"C{i // 6}" if not seed else f"C{seed}-{i // 6}"
            if i % 6 == 0:
                w.writerow([conv, "2026-05-01T10:00:00Z", "agent", "Kasia", "Dzień dobry, w czym mogę pomóc?"])
            w.writerow([conv, f"2026-05-01T10:{i % 60:02d}:00Z", "customer", f"user{i // 6}",
                        " ".join(vary(rng.choice(pool)) for _ in range(rng.choice((1, 2, 2))))])
            made += 1
    with open(folder / "reviews.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["review_id", "date", "platform", "rating", "title", "body"])
        for i in range(n_rev):
            body = " ".join(vary(rng.choice(pool)) for _ in range(rng.randint(3, 7)))
            w.writerow([f"R{i}" if not seed else f"R{seed}-{i}", "2026-06-01", "Google", rng.randint(1, 5), "", body])
            made += 2
    with open(folder / "comments.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["platform", "post_id", "comment_id", "parent_id", "author", "created_at", "likes", "text"])
        for i in range(n_soc):
            w.writerow(["instagram", f"P{i // 50}", f"c{i}" if not seed else f"c{seed}-{i}", "", f"fan{i}", "2026-07-01T10:00:00Z", 0,
                        " ".join(vary(rng.choice(pool)) for _ in range(rng.choice((1, 2))))])
            made += 1
    return made


def run_once(corpus: Path, out: Path, embedder: str, cache: Path) -> dict:
    """Child process: run the pipeline once and print stats as JSON."""
    from pipeline.api import run_pipeline

    t0 = time.perf_counter()
    res = run_pipeline(corpus, out=out, overrides={"embed": {"embedder": embedder}, "run": {"cache_dir": str(cache), "progress": False}})
    total = time.perf_counter() - t0
    cust = int(res.segments["is_customer"].sum())
    distinct = int(res.segments.loc[res.segments["is_customer"], "text"].nunique())
    # a stage whose saved result was reused took no time in this run
    stats = {k: 0.0 if v.get("reused") else v.get("seconds", 0.0) for k, v in res.ctx.stats.items()}
    return {"segments": int(len(res.segments)), "customer_segments": cust, "distinct": distinct, "seconds": total, "stages": stats,
            "embed": {k: v for k, v in res.ctx.stats.get("embed", {}).items() if k != "seconds"},
            # per-text stages: distinct inputs, and how many came from the cache
            "computed": {k: f"{v['computed']}/{v['unique']}" for k, v in res.ctx.stats.items()
                         if "computed" in v and not v.get("reused")},
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def raw_embed(corpus_out: Path, embedder: str, limit: int) -> dict:
    """Child process: the embedder alone on (up to ``limit``) segment texts of the run."""
    import pandas as pd

    from pipeline.embedders import get_embedder

    seg = pd.read_csv(corpus_out / "segments.csv", dtype=str, keep_default_na=False)
    texts = seg.loc[seg["is_customer"] == "True", "text"].tolist()[:limit]
    emb = get_embedder(embedder)
    emb.embed(texts[:8])
    t0 = time.perf_counter()
    emb.embed(texts)
    return {"texts": len(texts), "per_s": len(texts) / (time.perf_counter() - t0)}


def bertopic_compare(corpus_out: Path, embedder: str, cache: Path, limit: int) -> dict:
    """Child process: qsynth's clusterer vs BERTopic (fed the same vectors): time and peak memory."""
    import numpy as np
    import pandas as pd

    from pipeline.cache import VectorCache, cached_embed
    from pipeline.embedders import get_embedder
    from pipeline.themes import ThemeClusterer

    seg = pd.read_csv(corpus_out / "segments.csv", dtype=str, keep_default_na=False)
    texts = seg.loc[seg["is_customer"] == "True", "text"].tolist()[:limit]
    emb = get_embedder(embedder)
    X, _ = cached_embed(texts, emb.embed, emb.dim, VectorCache(cache, f"{emb.name}|{getattr(emb, 'version', '')}|{emb.dim}"))
    out = {"items": len(texts)}
    t0 = time.perf_counter()
    ThemeClusterer(max_themes=200).fit(X)
    out["qsynth_s"] = time.perf_counter() - t0
    out["qsynth_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        from bertopic import BERTopic
        from sklearn.feature_extraction.text import CountVectorizer
    except ImportError:
        out["bertopic"] = "not installed (pip install bertopic)"
        return out
    t0 = time.perf_counter()
    BERTopic(embedding_model=None, vectorizer_model=CountVectorizer(), calculate_probabilities=False).fit(texts, embeddings=np.asarray(X))
    out["bertopic_s"] = time.perf_counter() - t0
    out["peak_mb_after_bertopic"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def child(args: list[str]) -> dict:
    cmd = [sys.executable, __file__, "--child", json.dumps(args)]
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if res.returncode != 0:
        raise SystemExit(f"child failed: {res.stderr[-2000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--embedder", default=None, help="default: the pipeline's default embedder")
    ap.add_argument("--no-rerun", action="store_true")
    ap.add_argument("--bertopic", action="store_true")
    ap.add_argument("--keep", help="keep generated corpora and outputs in this folder")
    ap.add_argument("--child")
    a = ap.parse_args()
    if a.child:
        kind, *rest = json.loads(a.child)
        fn = {"run": lambda c, o, e, k: run_once(Path(c), Path(o), e, Path(k)),
              "raw": lambda o, e, n: raw_embed(Path(o), e, int(n)),
              "bertopic": lambda o, e, k, n: bertopic_compare(Path(o), e, Path(k), int(n))}[kind]
        print(json.dumps(fn(*rest)))
        return
    if a.embedder is None:
        from pipeline.config import load_config

        a.embedder = load_config().embed.embedder
    base = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="qsynth-bench-"))
    import os

    print(f"machine: {os.cpu_count()} cores; embedder: {a.embedder}")
    for n in [int(x) for x in a.sizes.split(",")]:
        corpus, out, cache = base / f"corpus{n}", base / f"out{n}", base / f"cache{n}"
        shutil.rmtree(cache, ignore_errors=True)
        generate(n, corpus)
        first = child(["run", str(corpus), str(out), a.embedder, str(cache)])
        cs = first["customer_segments"]
        print(f"\n== {n:,} requested / {cs:,} customer segments ({first['segments']:,} incl. agent turns; "
              f"{first['distinct']:,} distinct customer texts) ==")
        for st, s in first["stages"].items():
            print(f"  {st:<11} {s:8.2f} s  {cs / max(s, 1e-9):10.0f} segments/s")
        print(f"  end to end  {first['seconds']:8.2f} s  {cs / first['seconds']:10.1f} segments/s   peak RSS {first['peak_rss_mb']:.0f} MB")
        print(f"  embed: {first['embed']}")
        raw = child(["raw", str(out), a.embedder, str(min(cs, 2000))])
        pipe_rate = cs / first["seconds"]
        print(f"  raw embedder on {raw['texts']} of these texts: {raw['per_s']:.1f} texts/s; pipeline/raw = {pipe_rate / raw['per_s']:.2f}")
        if not a.no_rerun:
            second = child(["run", str(corpus), str(out), a.embedder, str(cache)])
            print(f"  re-run, unchanged corpus (warm cache): {second['seconds']:.2f} s = {first['seconds'] / second['seconds']:.1f}x faster"
                  f"   (stages: {', '.join(f'{k} {v:.1f}s' for k, v in second['stages'].items())})")
            # 10% new texts on top: per-text caches skip the known 90%, global stages run again
            generate(max(n // 10, 10), corpus / "new_round", seed=1)
            third = child(["run", str(corpus), str(out), a.embedder, str(cache)])
            print(f"  re-run with 10% new texts ({third['customer_segments'] - cs:,} more segments): {third['seconds']:.2f} s = "
                  f"{first['seconds'] / third['seconds']:.1f}x faster than the first run"
                  f"   (stages: {', '.join(f'{k} {v:.1f}s' for k, v in third['stages'].items())})")
            print(f"    computed / distinct inputs per cached stage: {third['computed']}")
        if a.bertopic:
            print(f"  clustering vs BERTopic: {child(['bertopic', str(out), a.embedder, str(cache), str(min(cs, 20000))])}")
    if not a.keep:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
