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
    # a list item opened after text starts its own line (it had been glued to the text before it: "yz", 72e12b8)
    assert html_lines("x<br/>y<li>z</li>") == "x\ny\nz\n"


# --- one role order ----------------------------------------------------------------------------------

# one support chat: a customer, the shop's support account, an agent labelled by role word, and the researcher
# who joined it (named in interviewer_names)
CHAT = [("Ola", "Dzień dobry, gdzie moja sofa?"), ("BOK Sofino", "Sprawdzam status zamówienia."),
        ("Agent 2", "Kurier będzie jutro."), ("Marta", "Czy mogę dopytać o montaż?"), ("Ola", "Dziękuję!")]
CHAT_ROLES = [("Ola", "customer"), ("BOK Sofino", "agent"), ("Agent 2", "agent"), ("Marta", "agent"),
              ("Ola", "customer")]


def _role_corpus(root: Path) -> None:
    (root / "chats").mkdir(parents=True)
    with open(root / "chats" / "export.csv", "w", encoding="utf-8", newline="") as fh:   # no role column
        w = csv.writer(fh)
        w.writerow(["conversation_id", "created_at", "author", "message"])
        for k, (who, text) in enumerate(CHAT):
            w.writerow(["c1", f"2026-08-03T09:0{k}:00Z", who, text])
    (root / "chats" / "chat.txt").write_text("".join(f"{who}: {text}\n" for who, text in CHAT), encoding="utf-8")
    group = {"name": "Sofino", "type": "private_group", "id": 5, "messages": [
        {"id": k + 1, "type": "message", "date": f"2026-08-03T09:0{k}:00", "from": who, "from_id": f"user{who}",
         "text": text} for k, (who, text) in enumerate(CHAT)]}
    (root / "chats" / "result.json").write_text(json.dumps(group), encoding="utf-8")


def test_one_role_order_for_a_chat_table_a_chat_transcript_and_a_telegram_chat(tmp_path):
    _role_corpus(tmp_path)
    res = read_corpus(tmp_path, IngestConfig(interviewer_names=["Marta"]))
    for f in ("chats/export.csv", "chats/chat.txt", "chats/result.json"):
        d = res.records[res.records["source_file"] == f].sort_values("turn_index")
        # the table had made all four customers, Telegram 'Agent 2' and 'Marta'
        assert list(zip(d["speaker"], d["role"])) == CHAT_ROLES, f


def test_a_support_account_answering_social_comments_is_the_brand_and_speaker_roles_beat_a_vk_community(tmp_path):
    (tmp_path / "social").mkdir()
    with open(tmp_path / "social" / "comments.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["comment_id", "post_id", "parent_id", "author", "from_id", "text"])
        w.writerow(["1", "p1", "", "Anna", "11", "Gdzie moja sofa?"])
        w.writerow(["2", "p1", "1", "Sofino Obsługa Klienta", "12", "Napisaliśmy na priv."])   # had been a customer
        w.writerow(["3", "p1", "", "Мебельный клуб", "-300", "Отличная акция!"])   # a VK community, not the shop's
        w.writerow(["4", "p1", "", "Sofino", "-400", "Dziękujemy!"])
    cfg = IngestConfig(speaker_roles={"Мебельный клуб": "customer"})
    d = read_corpus(tmp_path, cfg).records.sort_values("record_index")
    assert d["role"].tolist() == ["customer", "brand", "customer", "brand"]


def test_the_export_s_author_type_beats_names_and_an_unknown_one_is_other():
    from pipeline.ingest._records import RoleMapper

    roles = RoleMapper(IngestConfig(agent_names=["Ola"], speaker_roles={"Jan": "bot"}))
    assert roles.decide("Ola", "chat", given="customer") == "customer"      # Intercom / a role column
    assert roles.decide("Ola", "chat", found="customer") == "agent"         # an e-mail domain: names correct it
    assert roles.decide("Jan", "chat", given="agent") == "bot"              # speaker_roles, in every source
    assert roles.decide("Ewa", "chat", default="other") == "other"
    assert roles.decide("Ewa", "chat", owner="Ewa") == "agent"
    assert roles.decide("Ola", "review") == "customer"                      # a reviewer who shares an agent's name


# --- JSON parsed once --------------------------------------------------------------------------------

def _intercom_conversation(cid: str, question: str, answer: str) -> dict:
    return {"type": "conversation", "id": cid, "created_at": 1756390327,
            "source": {"type": "conversation", "id": f"s{cid}", "body": f"<p>{question}</p>",
                       "author": {"type": "user", "name": "Ola"}},
            "conversation_parts": {"conversation_parts": [
                {"type": "conversation_part", "id": f"p{cid}", "part_type": "comment", "body": f"<p>{answer}</p>",
                 "created_at": 1756390400, "author": {"type": "admin", "name": "Sam"}}]}}


@pytest.mark.parametrize("name", ["conversations.jsonl", "conversations.json"])
def test_intercom_json_lines_are_read_as_conversations(tmp_path, name):
    (tmp_path / "chats").mkdir()
    lines = [json.dumps(_intercom_conversation("c1", "Charged twice?", "Refunded.")),
             '{"type": "conversation", "id": "c2", ',   # a line cut short
             json.dumps(_intercom_conversation("c3", "How do I cancel?", "Profile, then Subscription."))]
    (tmp_path / "chats" / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = read_corpus(tmp_path, IngestConfig())
    d = res.records.sort_values(["doc_id", "turn_index"])
    # one conversation a line had been a table: its source and parts metadata, 'empty text' or no text column
    assert list(zip(d["doc_id"], d["role"], d["text"])) == [
        ("chat:c1", "customer", "Charged twice?"), ("chat:c1", "agent", "Refunded."),
        ("chat:c3", "customer", "How do I cancel?"), ("chat:c3", "agent", "Profile, then Subscription.")]
    assert res.quarantine["line"].tolist() == [2] and res.quarantine["reason"].str.startswith("invalid JSON").all()
    assert "Intercom export: 2 conversation(s)" in res.files["reason"].iloc[0]


def test_a_json_file_is_parsed_once_whatever_the_detectors_look_for(tmp_path, monkeypatch):
    # a generic chat export whose keys the Telegram detector looks for ("messages", "from_id")
    export = [{"conversation_id": f"c{i}", "messages": [{"from_id": "u1", "author": "Ola", "text": "Gdzie sofa?"},
                                                       {"from_id": "a1", "author": "BOK Sofino", "text": "Jutro."}]}
              for i in range(3)]
    (tmp_path / "chats").mkdir()
    text = json.dumps(export)
    (tmp_path / "chats" / "export.json").write_text(text, encoding="utf-8")
    loads, whole = json.loads, []

    def counting(s, *a, **k):
        if s == text:
            whole.append(1)
        return loads(s, *a, **k)

    monkeypatch.setattr(json, "loads", counting)
    d = read_corpus(tmp_path, IngestConfig()).records
    assert len(d) == 6 and len(whole) == 1     # had been parsed twice: by the Telegram detector, then as a table


# --- Telegram reply chains in linear time ------------------------------------------------------------

def _chain_walk(chat, msgs):
    """The reply threads as each message's walk up its chain finds them (the quadratic reference)."""
    posts = {str(m.get("id")) for m in chat["messages"] if str(m.get("from_id", "")).startswith("channel")
             and not m.get("reply_to_message_id")}
    by_id = {m.msg_id: m for m in msgs if m.msg_id}
    out = {}
    for m in msgs:
        cur, seen = m, {m.msg_id}
        while cur.parent in by_id and cur.parent not in posts and cur.parent not in seen:
            cur = by_id[cur.parent]
            seen.add(cur.msg_id)
        root = cur.msg_id or f"#{m.index}"
        post = cur.msg_id if cur.msg_id in posts else cur.parent if cur.parent in posts else ""
        out.setdefault(root, (post, []))[1].append(m.index)
    return [(root, post, group) for root, (post, group) in out.items()]


def _telegram_group(parents: list[int | None], ids: list[int] | None = None) -> dict:
    ids = ids or list(range(1, len(parents) + 1))
    return {"name": "g", "type": "public_supergroup", "id": 1, "messages": [
        {"id": i, "type": "message", "date": "2026-08-03T09:00:00", "text": "x",
         "from": "Sofino" if p == 0 else f"u{i % 7}", "from_id": "channel1" if p == 0 else f"user{i % 7}",
         **({"reply_to_message_id": p} if p else {})} for i, p in zip(ids, parents)]}


@pytest.mark.parametrize("seed", range(20))
def test_reply_threads_are_the_chain_walk_s_threads_with_loops_and_repeated_ids(seed):
    import random

    from pipeline.ingest._telegram import messages, reply_threads

    rnd = random.Random(seed)
    n = 60
    parents = [rnd.choice([0, None, rnd.randint(1, n + 3)]) if k % 9 == 0 else rnd.randint(1, n + 3)
               for k in range(n)]   # posts (0), roots, replies (some to missing or later messages: loops)
    ids = [rnd.randint(1, n) if k % 13 == 5 else k + 1 for k in range(n)]   # a few ids repeated
    chat = _telegram_group(parents, ids)
    msgs = messages(chat)
    got = [(root, post, [m.index for m in group]) for root, post, group in reply_threads(chat, msgs)]
    assert got == _chain_walk(chat, msgs)


def test_a_reply_chain_of_20000_messages_is_resolved_in_linear_time():
    import time

    from pipeline.ingest._telegram import messages, reply_threads

    chat = _telegram_group([None] + list(range(1, 20000)))   # each message answers the one before
    msgs = messages(chat)
    t = time.perf_counter()
    threads = reply_threads(chat, msgs)
    # every message had walked up to the first: 200 million steps, over a minute
    assert time.perf_counter() - t < 5 and [(r, len(g)) for r, _, g in threads] == [("1", 20000)]


# --- a headerless table's first row: redaction's shapes ------------------------------------------------

@pytest.mark.parametrize("cell", ["ul. Długa 5, Warszawa", "sofino.pl/konto/jan.k", "SW1A 1AA"])
def test_a_first_row_with_an_address_a_bare_link_or_a_postcode_is_no_header_and_is_not_printed(tmp_path, cell):
    from pipeline.errors import InputError

    (tmp_path / "chats").mkdir()
    (tmp_path / "chats" / "export.csv").write_text(f'C-1,"{cell}",Gdzie sofa\nC-2,"{cell}",Halo\n', encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_corpus(tmp_path, IngestConfig())
    # had been printed as one of 'the file's columns'
    assert "no header row" in str(exc.value) and cell not in str(exc.value)
