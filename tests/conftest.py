"""Shared fixtures: tiny corpora written into tmp folders, and a fast config using the fake embedder."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "sample"


def load_benchmark(name: str):
    """Import ``benchmarks/<name>.py`` (a script folder, not a package) as a module."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod

INTERVIEW = """---
participant: P01
segment: family with kids
---
Ewa: How did you first hear about the shop?
Marta: My sister recommended it, she bought a sofa there last year.
Ewa: And how was the delivery?
Marta: Terrible. The courier came four hours late and nobody called before. I waited the whole day.
Ewa: What did you do then?
Marta: I called the hotline and waited 40 minutes. Nobody answered my e-mail at marta.k@example.com either.
Ewa: Would you recommend the shop?
Marta: Honestly yes, the sofa itself is very comfortable and the price was fair.
"""

CHATS = """conversation_id,created_at,author_type,author_name,message,channel,customer_segment
C-1,2026-05-01T10:00:00Z,bot,Sofi,"Hi! I'm Sofi, how can I help?",web_chat,expat
C-1,2026-05-01T10:00:20Z,customer,John Smith,Where is my order SOF-2026-100001? It was supposed to arrive on Monday.,web_chat,expat
C-1,2026-05-01T10:01:00Z,agent,Kasia,"I'm sorry, let me check. The delivery is planned for Friday.",web_chat,expat
C-1,2026-05-01T10:02:00Z,customer,John Smith,This is the second delay. Nobody told me anything.,web_chat,expat
C-2,2026-05-02T09:00:00Z,bot,Sofi,"Cześć! Jestem Sofi, w czym mogę pomóc?",web_chat,first apartment
C-2,2026-05-02T09:00:30Z,customer,Ola,Gdzie jest moje zamówienie? Miało być w poniedziałek.,web_chat,first apartment
C-2,2026-05-02T09:01:00Z,agent,Tomek,"Przepraszam, sprawdzę. Dostawa planowana jest na piątek.",web_chat,first apartment
C-2,2026-05-02T09:02:00Z,customer,Ola,Kurier nie przyjechał i nikt nie zadzwonił. Czekałam cały dzień.,web_chat,first apartment
C-3,2026-05-03T09:00:00Z,customer,Дмитрий,Где мой заказ? Курьер так и не приехал.,app_chat,family with kids
C-3,2026-05-03T09:01:00Z,agent,Olga,"Извините, проверю. Доставка в пятницу.",app_chat,family with kids
"""

REVIEWS = """review_id,date,platform,product,rating,title,body,customer_segment
R-1,2026-06-01,Google,Sofa Lento,1,Late again,The sofa arrived three weeks late and the courier did not call.,first apartment
R-2,2026-06-02,Ceneo,Sofa Lento,5,Super,"Bardzo wygodna sofa, polecam! Dostawa na czas.",family with kids
R-3,2026-06-03,Trustpilot,Szafa Linea,2,,"Kurier spóźnił się o cztery godziny, nikt nie zadzwonił.",
R-4,2026-06-04,Google,Łóżko Nord,5,Love it,"Comfortable bed, great price. I already recommended it to my friend.",expat
R-5,2026-06-05,Opineo,Sofa Lento,1,Ужас,"Курьер опоздал на полдня и даже не позвонил.",
"""

SOCIAL = """platform,post_id,comment_id,parent_id,author,created_at,likes,text
instagram,IG-1,c1,,kasia.w,2026-07-01T10:00:00Z,3,Ile kosztuje dostawa do Krakowa?
instagram,IG-1,c2,c1,sofino_official,2026-07-01T11:00:00Z,0,Dostawa kosztuje 99 zł. Napisz do nas na priv!
instagram,IG-1,c3,,anna_k,2026-07-01T12:00:00Z,1,Do you ship to Germany?
instagram,IG-1,c4,,dmitry_pl,2026-07-01T12:30:00Z,0,Сколько стоит доставка в Гданьск?
"""


def write_corpus(root: Path) -> Path:
    """A small four-source corpus in three languages (one interview, 3 chats, 5 reviews, 4 comments)."""
    (root / "interviews").mkdir(parents=True)
    (root / "chats").mkdir()
    (root / "reviews").mkdir()
    (root / "social").mkdir()
    (root / "interviews" / "p01.txt").write_text(INTERVIEW, encoding="utf-8")
    (root / "chats" / "chats.csv").write_text(CHATS, encoding="utf-8")
    (root / "reviews" / "reviews.csv").write_text(REVIEWS, encoding="utf-8")
    (root / "social" / "comments.csv").write_text(SOCIAL, encoding="utf-8")
    (root / "qsynth.toml").write_text('[ingest]\nbrand_authors = ["sofino_official"]\n', encoding="utf-8")
    return root


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


FAST = {"embed": {"embedder": "fake"}, "run": {"cache_dir": ""}, "cluster": {"min_cluster_size": 2}}


@pytest.fixture
def fast_overrides(tmp_path: Path) -> dict:
    """Config overrides for unit/integration tests: fake embedder, no cache, tiny themes allowed."""
    return {k: dict(v) for k, v in FAST.items()}


@pytest.fixture
def fake_config(tmp_path: Path) -> Path:
    """The :data:`FAST` overrides as a config file, for the CLI's ``--config``."""
    p = tmp_path / "fast.toml"
    p.write_text("".join(f"[{section}]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in keys.items())
                         for section, keys in FAST.items()), encoding="utf-8")
    return p
