"""Ingest throughput and memory on a generated help-desk chat export.

Writes a CSV export (conversation id, ISO time, author type, author, message, channel, segment,
with some multi-line and ~1% empty messages) into a temporary folder, then reads it with
``iter_records`` (streaming) and ``read_corpus``. Prints records/s and the peak Python memory
(tracemalloc) while streaming 20k and 100k rows: the two peaks are about the same, i.e. memory
does not grow with the file size.

    python benchmarks/ingest.py            # 100k rows (and 20k for the memory comparison)
    python benchmarks/ingest.py --rows 50000
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.ingest import IngestConfig, iter_records, read_corpus  # noqa: E402

MESSAGES = [
    "Dzień dobry, kiedy przyjedzie mój narożnik? Zamówienie SOF-2026-{n}.",
    "Hello, the delivery window was not kept again, nobody called before arrival.",
    "Здравствуйте, курьер опоздал на три часа, а за подъём на этаж взяли 99 злотых.",
    "Sprawdzam status zamówienia, proszę o chwilę cierpliwości.",
    "The fabric colour is much darker than on the photos.\nCan I return it?",
    "Czy montaż jest w cenie?",
]


def make_export(path: Path, rows: int, seed: int = 0) -> None:
    rnd = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["conversation_id", "created_at", "author_type", "author_name", "message", "channel",
                    "customer_segment"])
        for i in range(rows):
            conv = i // 8
            role = ("customer", "agent", "bot")[rnd.randrange(3)]
            # about 1% empty messages (attachments, stickers): they go to quarantine
            msg = "" if rnd.random() < 0.01 else MESSAGES[rnd.randrange(len(MESSAGES))].format(n=100000 + i)
            w.writerow([f"C-{conv}", f"2026-{4 + i % 7:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z", role,
                        f"user{conv % 997}", msg, "web_chat", ("expat", "family with kids", "home office")[i % 3]])


def stream(folder: Path, chunk_size: int) -> tuple[int, int, float, int]:
    """Stream the folder; return (records, quarantined, seconds, peak bytes) keeping no chunk."""
    tracemalloc.start()
    t = time.perf_counter()
    s = iter_records(folder, IngestConfig(), chunk_size=chunk_size)
    n = 0
    for chunk in s:
        n += len(chunk)       # a consumer that writes each chunk out and forgets it
    dt = time.perf_counter() - t
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return n, int(s.files["quarantined"].sum()), dt, peak


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--small", type=int, default=20_000)
    ap.add_argument("--chunk-size", type=int, default=10_000)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        results = {}
        for rows in (a.small, a.rows):
            folder = Path(d) / f"c{rows}" / "chats"
            folder.mkdir(parents=True)
            make_export(folder / "export.csv", rows)
            size_mb = (folder / "export.csv").stat().st_size / 1e6
            # untraced timing run (tracemalloc slows Python down ~2x)
            t = time.perf_counter()
            n = sum(len(c) for c in iter_records(folder.parent, IngestConfig(), chunk_size=a.chunk_size))
            dt_plain = time.perf_counter() - t
            n2, q, dt, peak = stream(folder.parent, a.chunk_size)
            assert n == n2
            results[rows] = peak
            print(f"{rows:>7} rows ({size_mb:5.1f} MB): {n} records + {q} quarantined in {dt_plain:.2f}s "
                  f"= {rows / dt_plain:,.0f} rows/s; streaming peak memory {peak / 1e6:.1f} MB "
                  f"(chunk_size={a.chunk_size})")
        t = time.perf_counter()
        res = read_corpus(Path(d) / f"c{a.rows}", IngestConfig())
        dt = time.perf_counter() - t
        print(f"read_corpus (all records in one DataFrame): {len(res.records)} records in {dt:.2f}s = "
              f"{a.rows / dt:,.0f} rows/s")
        ratio = results[a.rows] / results[a.small]
        print(f"peak memory {a.rows} rows / {a.small} rows = {ratio:.2f} for {a.rows / a.small:.0f}x the rows "
              f"({'about flat' if ratio < 1.5 else 'GROWS with file size'}). What is kept between chunks is only "
              "one turn counter per conversation and the quarantine rows.")


if __name__ == "__main__":
    main()
