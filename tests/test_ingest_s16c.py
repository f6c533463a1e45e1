"""Session 16 ingest fixes (c): review exports' owner replies with their dates (Apify's Google Maps reviews, the App
Store Connect API), a record's position and id in the quarantine, one reading of HTML entities, one rule for id
columns."""

from __future__ import annotations

from email.message import EmailMessage

from pipeline.ingest import IngestConfig, read_corpus


# --- HTML entities are decoded once -------------------------------------------------------------------------

def test_an_html_body_is_decoded_once_in_a_chat_table_and_an_e_mail(tmp_path):
    (tmp_path / "chats").mkdir()
    (tmp_path / "chats" / "desk.csv").write_text(
        "ticket_id,author_type,body\n"
        'T-1,end-user,"<p>Your page shows &amp;lt;br&amp;gt; in the title.</p>"\n'
        "T-1,agent,Tom &amp; Jerry fixed it.\n", encoding="utf-8")
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "Ola <ola@wp.pl>", "pomoc@sofino.pl", "Strona"
    msg["Date"], msg["Message-ID"] = "Mon, 03 Aug 2026 10:00:00 +0200", "<a1@wp.pl>"
    msg.set_content("<p>Na stronie widać &amp;lt;b&amp;gt; zamiast pogrubienia.</p>", subtype="html")
    (tmp_path / "email").mkdir()
    (tmp_path / "email" / "1.eml").write_bytes(bytes(msg))
    texts = read_corpus(tmp_path, IngestConfig()).records["text"].tolist()
    # the HTML's "&amp;lt;" is the text "&lt;" (had been "<br>", "<b>"); a plain cell's reference is read as before
    assert texts == ["Your page shows &lt;br&gt; in the title.", "Tom & Jerry fixed it.",
                     "Na stronie widać &lt;b&gt; zamiast pogrubienia."]
