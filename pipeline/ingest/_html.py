"""HTML bodies (help-desk exports, Intercom, HTML e-mail) as plain lines of text: the one place that reads HTML.

A paragraph, a line break, a list item, a heading, a table row and a ``<div>`` end a line, so a quoted reply and
a signature can still be cut line by line (:func:`pipeline.ingest._mail.strip_quoted`); a link or a bold word
stays in its sentence ("was a@b.pl.", not "was a@b.pl ."); ``<style>``, ``<script>`` and ``<head>`` are no
text; entities are decoded, once: :func:`plain_text` is where every reader turns a cell or a body into plain text, so
"&amp;lt;" reads "&lt;" whichever export holds it. A ``<blockquote>`` (an e-mail client's quoted earlier message) is
dropped when asked.
"""

from __future__ import annotations

import html
import re

__all__ = ["looks_like_html", "html_lines", "plain_text"]

# a cell or body is HTML when it has one of the tags help desks and mail clients write
_HTML_TAG = re.compile(r"</?(?:p|br|div|span|b|i|u|em|strong|a|ul|ol|li|img|h[1-6]|blockquote)\b[^>]*>", re.I)
_NO_TEXT = re.compile(r"(?is)<(style|script|head)\b[^>]*>.*?</\1\s*>|<!--.*?-->")
_LINE_END = re.compile(r"(?i)<br\s*/?>|</(?:p|div|li|h\d|tr)\s*>")
# the innermost quote: a reply to a reply nests them, and each pass removes one level
_BLOCKQUOTE = re.compile(r"(?is)<blockquote\b[^<>]{0,500}>(?:(?!<blockquote\b).)*?</blockquote\s*>")
# tags inside a sentence vanish
_INLINE = re.compile(r"(?i)</?(?:a|b|i|u|em|strong|span|code|font|mark|s|small|sub|sup)\b[^<>]{0,500}>")
# the opening tag of a block starts a line when text comes before it on the line: a block opened inside another
# ("<div>A odbiór?<div class="gmail_quote">W dniu … napisał(a):") had glued the reply to the quote's attribution line
_BLOCK_OPEN = re.compile(r"(?i)<(?:p|div|li|ul|ol|h\d|tr|table)\b[^<>]{0,500}>")
_OPEN = "\x00"
_ANY_TAG = re.compile(r"(?s)<[^<>]{0,500}>")


def looks_like_html(text: str) -> bool:
    """True for text with the tags of an HTML body (``<p>``, ``<br>``, ``<a href=…>`` …), not for "a <3 b".

    Example:
        >>> looks_like_html("<p>Hi</p>"), looks_like_html("1 < 2 and 3 > 2")
        (True, False)
    """
    return "<" in text and _HTML_TAG.search(text) is not None


def html_lines(body: str, drop_quotes: bool = False) -> str:
    """An HTML body as lines of text, entities decoded; with ``drop_quotes``, without its ``<blockquote>``s.

    Args:
        body: HTML (a fragment or a whole document).
        drop_quotes: Drop quoted blocks (an e-mail reply's quoted message, nested ones too).

    Returns:
        The text, one line per paragraph / line break / list item; spaces inside a line are as the HTML has them.

    Example:
        >>> html_lines('<p>Hi</p><p>My e-mail is <a href="mailto:a@b.pl">a@b.pl</a>.<br>Thanks &amp; bye</p>')
        'Hi\\nMy e-mail is a@b.pl.\\nThanks & bye\\n'
        >>> html_lines('<div>Still broken.</div><blockquote>On Mon, X wrote:<blockquote>old</blockquote></blockquote>',
        ...            drop_quotes=True)
        'Still broken.\\n\\n'
        >>> html_lines('<div>A odbiór?<div class="gmail_quote">W dniu pon. Sofino napisał(a):</div></div>')
        'A odbiór?\\nW dniu pon. Sofino napisał(a):\\n\\n'
    """
    body = _NO_TEXT.sub(" ", body)
    body = _LINE_END.sub("\n", body)
    if drop_quotes:
        n = 1
        while n:
            body, n = _BLOCKQUOTE.subn("\n", body)
    body = _ANY_TAG.sub(" ", _INLINE.sub("", _BLOCK_OPEN.sub(_OPEN, body)))
    body = re.sub(rf"(?<=[^\n{_OPEN}])[ \t]*{_OPEN}", "\n", body).replace(_OPEN, "")
    return html.unescape(body)


def plain_text(body: str, drop_quotes: bool = False, is_html: bool | None = None) -> str:
    """A cell or a message body as plain text, its markup read once: HTML as lines (:func:`html_lines`), any other
    text with its character references decoded (a scraper's "Tom &amp; Jerry"). What comes out is text, never
    decoded again: "&amp;lt;" is "&lt;", as a browser shows it.

    Args:
        body: The value as the export has it.
        drop_quotes: Drop an HTML body's quoted ``<blockquote>``s.
        is_html: Whether it is HTML (an e-mail's ``text/html`` part, an Intercom body); None: when it looks like it.

    Example:
        >>> plain_text("<p>Use &amp;lt;br&amp;gt; tags</p>"), plain_text("Tom &amp; Jerry"), plain_text("a &lt; b", is_html=False)
        ('Use &lt;br&gt; tags\\n', 'Tom & Jerry', 'a < b')
    """
    if is_html or (is_html is None and looks_like_html(body)):
        return html_lines(body, drop_quotes)
    return html.unescape(body) if "&" in body and ";" in body else body
