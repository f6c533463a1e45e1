"""Peak memory per stage of the whole pipeline on a generated corpus (issue 7: 1M segments < 6 GB).

Generates a corpus with ``throughput.generate`` (kept in ``--work`` for later runs), runs the
pipeline with the default config and prints, after each stage, its time and the peak resident
memory *of that stage* (Linux: ``VmHWM`` is reset after each stage through ``/proc/self/clear_refs``).

Usage:
    python benchmarks/memory.py --size 1000000 --work /data/qsynth-mem     # ~25 min the first time on 2 cores
    python benchmarks/memory.py --size 100000 --work /tmp/mem               # a quick look

Re-runs reuse ``--work``/cache: per-text results come from the cache, memory per stage is the same
except for the model work itself (pass ``--fresh-cache`` to measure that too).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))


def status(key: str) -> int:
    """A /proc/self/status value in MB (VmRSS, VmHWM)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) // 1024
    return -1


def reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=1_000_000, help="customer segments to generate (about)")
    ap.add_argument("--work", type=Path, required=True, help="folder for the corpus, cache and outputs")
    ap.add_argument("--fresh-cache", action="store_true", help="delete the cache first (measure the model work too)")
    a = ap.parse_args(argv)
    if not Path("/proc/self/clear_refs").exists():
        print("needs Linux (/proc/self/clear_refs)")
        return 2
    import throughput

    corpus, cache, out = a.work / f"corpus{a.size}", a.work / f"cache{a.size}", a.work / f"out{a.size}"
    t0 = time.time()
    if not corpus.exists():
        print(f"generated {throughput.generate(a.size, corpus)} in {time.time() - t0:.0f} s", flush=True)
    if a.fresh_cache:
        shutil.rmtree(cache, ignore_errors=True)
    from pipeline.api import run_pipeline

    peaks: dict[str, int] = {}

    def ticker():
        while True:
            time.sleep(120)
            print(f"  .. {time.time() - t0:6.0f} s  rss {status('VmRSS')} MB  peak of this stage so far {status('VmHWM')} MB",
                  flush=True)

    threading.Thread(target=ticker, daemon=True).start()
    t0 = time.time()
    reset_peak()

    def on_stage(name, seconds, rows):
        peaks[name] = status("VmHWM")
        print(f"{name:<11} {seconds:8.1f} s  rows {rows:>9,}  stage peak {peaks[name]:>6} MB  rss after {status('VmRSS')} MB",
              flush=True)
        reset_peak()

    res = run_pipeline(corpus, out=out, overrides={"run": {"cache_dir": str(cache), "progress": False}}, on_stage=on_stage)
    total = time.time() - t0
    cust = int(res.segments["is_customer"].sum())
    top = max(peaks, key=peaks.get)
    print(f"total {total:.0f} s, {cust:,} customer segments ({cust / total:.0f}/s); peak {peaks[top]} MB in {top}")
    computed = {k: f"{v['computed']}/{v['unique']}" for k, v in res.ctx.stats.items() if "computed" in v and not v.get("reused")}
    print(f"computed / distinct inputs per cached stage: {computed}")
    print(f"(ru_maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB; resets with the stage peaks on Linux)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
