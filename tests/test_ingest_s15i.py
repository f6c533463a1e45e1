"""Session 15 ingest fixes: one HTML reader, one role order, JSON parsed once, Telegram reply chains in linear time."""

from __future__ import annotations

import csv
import json
from email.message import EmailMessage
from pathlib import Path

import pytest

from pipeline.ingest import IngestConfig, read_corpus


def _texts(res, source_file: str) -> list[str]:
    d = res.records[res.records["source_file"] == source_file]
    return d.sort_values(["doc_id", "turn_index"])["text"].tolist()


# --- one HTML reader ---------------------------------------------------------------------------------

# an HTML reply as a mail client writes it: a link in a sentence, an entity, a line break, a quoted earlier
# message in nested blockquotes (a reply to a reply), a style sheet in the head
HTML_BODY = ('<html><head><style>p {margin: 0}</style></head><body>'
             '<p>The legs still wobble &amp; the order is <a href="https://sofino.pl/z/1">SOF-2026-1</a>.<br>'
             'Can you send a technician?</p>'
             '<div class="gmail_quote">On Mon, 3 Aug 2026 at 09:00, Sofino &lt;help@sofino.pl&gt; wrote:'
             '<blockquote>We tightened them.<blockquote>My sofa wobbles.</blockquote>Anything else?</blockquote></div>'
             '</body></html>')
HTML_TEXT = "The legs still wobble & the order is SOF-2026-1. Can you send a technician?"


def _html_corpus(root: Path) -> None:
    (root / "chats").mkdir(parents=True)
    conv = {"type": "conversation", "id": "c1", "created_at": 1756390327,
            "source": {"type": "conversation", "id": "s1", "body": HTML_BODY,
                       "author": {"type": "user", "name": "Ola"}},
            "conversation_parts": {"conversation_parts": []}}
    (root / "chats" / "intercom.json").write_text(json.dumps([conv]), encoding="utf-8")
    with open(root / "chats" / "helpdesk.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["conversation_id", "author_type", "author", "body"])
        w.writerow(["t1", "customer", "Ola", HTML_BODY])
    (root / "email").mkdir()
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "Ola <ola@wp.pl>", "help@sofino.pl", "Re: zamówienie"
    msg["Message-ID"], msg["Date"] = "<m1@wp.pl>", "Tue, 04 Aug 2026 10:00:00 +0200"
    msg.set_content(HTML_BODY, subtype="html")
    (root / "email" / "reply.eml").write_bytes(bytes(msg))


def test_one_html_body_reads_the_same_from_intercom_an_eml_and_a_csv_cell(tmp_path):
    _html_corpus(tmp_path)
    res = read_corpus(tmp_path, IngestConfig(company_domains=["sofino.pl"]))
    got = {f: _texts(res, f) for f in ("chats/intercom.json", "chats/helpdesk.csv", "email/reply.eml")}
    # the .eml had kept "SOF-2026-1 ." and the CSS, the CSV cell every quoted line
    assert got == {f: [HTML_TEXT] for f in got}


def test_html_lines_keeps_lines_and_drops_nested_quotes_only_when_asked():
    from pipeline.ingest._html import html_lines

    body = "<p>A</p><blockquote>q1<blockquote>q2</blockquote>q3</blockquote><p>B</p>"
    assert html_lines(body, drop_quotes=True).split() == ["A", "B"]
    assert html_lines(body).split() == ["A", "q1", "q2", "q3", "B"]
    assert html_lines("x<br/>y<li>z</li>") == "x\nyz\n"
