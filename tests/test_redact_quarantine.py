"""A quarantined record's own id and a platform user's numeric id are personal data like any other."""
import pandas as pd

from pipeline.api import run_pipeline


def _corpus(tmp_path):
    (tmp_path / "reviews").mkdir(parents=True)
    pd.DataFrame({"review_id": ["jan.kowalski@wp.pl", "R2217", "anna.nowak@gmail.com"], "rating": [2, 5, 4],
                  "body": ["", "Sofa przyszła szybko, polecam.", "Kurier spóźnił się dwa dni."]}).to_csv(
        tmp_path / "reviews" / "r.csv", index=False)
    return tmp_path


def test_a_quarantined_records_id_that_is_an_email_is_redacted(tmp_path):
    out = tmp_path / "out"
    res = run_pipeline(_corpus(tmp_path / "c"), out=out, overrides={"run": {"cache_dir": ""}, "embed": {"embedder": "fake"},
                                                                    "cluster": {"min_cluster_size": 2}})
    q = pd.read_csv(out / "quarantine.csv", keep_default_na=False)
    assert q["record_id"].tolist() == ["[EMAIL]"], q
    everything = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in out.iterdir() if p.is_file())
    assert "jan.kowalski" not in everything and "anna.nowak" not in everything
    assert res.ctx.artifacts["quarantine"]["record_id"].tolist() == ["[EMAIL]"]


def test_a_platform_users_short_numeric_id_gets_an_alias(tmp_path):
    from pipeline.config import load_config
    from pipeline.redact import Redactor, redact_columns

    cfg = load_config().redact
    seg = pd.DataFrame({"text": ["a", "b"], "source_file": ["vk.csv"] * 2, "source_type": ["social"] * 2,
                        "meta_author_id": ["11001", "R22"], "meta_ticket_id": ["11001", "11002"]})
    out = redact_columns(seg, cfg, Redactor(cfg))
    assert "11001" not in out["meta_author_id"].tolist() and out["meta_author_id"].tolist()[1] == "R22"
    assert out["meta_ticket_id"].tolist()[1] == "11002"  # a ticket's number is no person's
