"""Social-media comment exports: one record per comment, threaded by post id and parent id (the comment it answers:
a ``parent_id`` column, VK's ``reply_to_comment``, else the top of its ``parents_stack``, else the comment a JSON
export nests it in).

Authors listed in ``[ingest] brand_authors`` (the brand's own accounts) get role ``brand``, and so do
a VK community (a negative ``from_id``) and a support-named account ("Sofino Obsługa Klienta"); everyone else
is a customer unless ``speaker_roles`` says otherwise (the order: :meth:`pipeline.ingest._records.RoleMapper.decide`). VK's mention markup ("[id777|Ольга]") is reduced to the name, which redaction then sees.
An author is one name across posts: a VK response asked for with ``extended=1`` names each comment's author from its
``profiles`` and ``groups`` (first and last name: :func:`pipeline.ingest._tables.vk_extended`), and a nickname written
after a name ("Ольга Ли (olga_li)") is left out (:func:`author_name`).
"""

from __future__ import annotations

import re

from pipeline.ingest._records import clean_text
from pipeline.ingest._tables import TableMapper

__all__ = ["SocialMapper", "author_name"]

_NO_PARENT = {"", "0", "-1", "null", "none", "nan", "n/a", "-"}
# VK writes a mention as "[id777|Ольга]" (a person) or "[club123|Sofino]" (a community): keep the name only
_VK_MENTION = re.compile(r"\[(?:id|club|public|event)\d+\|([^\]\[|]{1,80})\]")
# VK gives a community (the brand's page) a negative id: "from_id": -12345
_VK_COMMUNITY = re.compile(r"^-\d+$")
# a nickname or handle after a name, as VK export tools write an extended name: "Ольга Ли (olga_li)", "Ольга Ли (Оля)"
_NICKNAME = re.compile(r"\s*[(\[]\s*@?[^\s()\[\]]{1,40}\s*[)\]]\s*$")


def author_name(name: str) -> str:
    """A commenter's name without the nickname an export writes after it, so that "Ольга Ли (olga_li)" on one post and
    "Ольга Ли" on another are one author; a name that is only a nickname stays.

    Example:
        >>> author_name("Ольга Ли (olga_li)"), author_name("Ольга Ли [@olga]"), author_name("(olga_li)"), author_name("Jan Nowak")
        ('Ольга Ли', 'Ольга Ли', '(olga_li)', 'Jan Nowak')
    """
    return _NICKNAME.sub("", name) or name


class SocialMapper(TableMapper):
    """Rows of a comments export -> records with ``doc_id = "social:<file>:<comment id or row>"``."""

    kind = "social"

    def map_row(self, row: dict[str, str], line: int | None, idx: int) -> None:
        meta = self.meta(row)
        cid = self.get(row, "id") or str(idx)
        thread = self.get(row, "thread_id") or self.stats.file
        # a list of parents (VK's parents_stack, flattened "501; 502") names the nearest last
        parent = self.get(row, "parent_id").rsplit(";", 1)[-1].strip()
        if parent.lower() in _NO_PARENT:
            parent = ""
        written = self.get(row, "speaker")
        speaker = author_name(written)
        turn = self.turns.get(thread, 0)
        # a VK community answering under its own post is the brand; a brand account may be listed with its nickname
        community = "brand" if _VK_COMMUNITY.match((row.get("from_id") or "").strip()) else ""
        role = self.role(speaker, "", found=community)
        if role == "customer" and written != speaker:
            role = self.role(written, "", found=community)
        if self.buf.add(self.stats, doc_id=f"social:{self.stats.file}:{cid}", source_type="social", line=line,
                        record_index=idx, turn_index=turn, text=_VK_MENTION.sub(r"\1", clean_text(self.get(row, "text"))),
                        thread_id=thread, parent_id=parent, speaker=speaker,
                        role=role, timestamp=self.timestamp(row, meta),
                        channel=self.get(row, "channel") or "social", meta=meta):
            self.turns[thread] = turn + 1
