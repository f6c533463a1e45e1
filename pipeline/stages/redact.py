"""Replace personal data before anything is written, pseudonymise speakers, flag duplicates.

The redactor (:mod:`pipeline.redact`) replaces e-mails, phones, cards, IBANs, PESEL, NIP, URLs with
tokens, one-time codes, street addresses and person names by placeholders such as ``[EMAIL]``; speaker names become
role aliases ("Customer 7"), ids that hold personal data become aliases ("chat:chats/helpdesk.csv#1"),
and the channel, rating_raw and metadata columns are redacted too. Exact and near-duplicate texts
(copy-paste reviews, bot greetings, agent macros) are flagged on the redacted text; the first
occurrence stays canonical, so duplicates never inflate theme counts. With ``[redact] enabled = false`` the text is left as is.
"""

from __future__ import annotations

import pandas as pd

NAME = "redact"
VERSION = "53"
# config sections this stage reads (its checkpoint key covers them; see pipeline.checkpoints)
CONFIG = ('redact', 'run')
REQUIRES = ("text", "speaker", "role")
ASSIGNS = ("pii_found", "dup_group", "is_duplicate")
# exports may fill any column with e-mails or names: ids become aliases, channel, rating_raw and meta_* are redacted
MODIFIES = ("text", "speaker", "meta_*", "doc_id", "thread_id", "parent_id", "source_ref", "channel", "rating_raw")


def run(segments: pd.DataFrame, ctx) -> pd.DataFrame:
    from pipeline.redact import Redactor, flag_table_duplicates, redact_columns, redact_quarantine, redact_table

    cfg = ctx.cfg.redact
    if "redactor" not in ctx.artifacts:
        ctx.artifacts["redactor"] = Redactor(cfg)
    out = redact_table(segments, cfg, ctx.artifacts["redactor"], cache_dir=ctx.cfg.run.cache_dir)
    out = redact_columns(out, cfg, ctx.artifacts["redactor"], cache_dir=ctx.cfg.run.cache_dir)
    out = flag_table_duplicates(out, cfg).rename(columns={"is_dup": "is_duplicate"})
    if ctx.artifacts.get("quarantine") is not None:  # a quarantined record's own id may be the customer's e-mail
        ctx.artifacts["quarantine"] = redact_quarantine(ctx.artifacts["quarantine"], cfg, ctx.artifacts["redactor"],
                                                        cache_dir=ctx.cfg.run.cache_dir)
    ctx.stats.setdefault(NAME, {}).update({
        "enabled": bool(cfg.enabled),
        "segments_with_pii": int((out["pii_found"] != "").sum()),
        "duplicates": int(out["is_duplicate"].sum()),
    })
    return out
