"""Spam and bot comments under social posts and on review sites: kept, but not customer evidence.

Comment sections collect "link in bio" offers, follower sellers, fake giveaways, get-rich
schemes and other shops advertising themselves. Counted as customers, they become "praise" and "requests" in the map. A comment or review
is spam when it has one strong cue or two weak ones (en / pl / ru); the rules are written for
precision: a customer who mentions a link or a giveaway in passing is not spam.

Spam keeps its row (role ``spam``, in ``segments.csv``) and is left out of every customer count,
like the brand's own replies.

Example:
    >>> is_spam("WIN an iPhone 17!!! 👉 click link in my bio"), is_spam("Where is the link to the size chart?")
    (True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

__all__ = ["is_spam", "spam_cues", "SPAM_SOURCES"]

SPAM_SOURCES = ("social", "review")  # where strangers post; chats and interviews have a known speaker

_STRONG = [
    r"link (?:is )?in (?:my |the )?(?:bio|profile)", r"link w (?:bio|profilu|opisie)",
    r"ссылк\w* (?:в|у меня в) (?:био|профиле|шапке|описании)",
    r"(?:free|buy|cheap|real) (?:instagram |tiktok |ig )?(?:followers|likes|views)|(?:want|get) more (?:followers|likes)\b(?! than)",
    r"(?:darmowi|tani|prawdziwi|więcej) (?:obserwujący|obserwatorzy|followersi)|kup(?:ię|uj)? (?:obserwujących|lajki)",
    r"накрут\w* (?:подписчик|лайк|просмотр)|(?:бесплатн|дешёв|дешев|живы)\w* подписчик",
    r"(?:make|earn) \$?\d[\d,.]*\s*(?:\$|usd|€|eur|zł|pln)?\s*(?:/|a |per )(?:day|hour|week)",
    r"zarab(?:iaj|iam|iać) (?:nawet |od )?\d[\d\s]*\s*(?:zł|pln|€|\$) (?:dziennie|na dzień|tygodniowo)",
    r"(?:заработ\w*|доход\w*) (?:от |до )?\d[\d\s]*\s*(?:₽|руб\w*|\$|€) (?:в день|в сутки|в неделю)",
    r"\bwin an? (?:free )?(?:iphone|ipad|macbook|gift card|ps5)", r"wygraj (?:nowego |nowy )?(?:iphone|ipada|macbooka|bon)",
    r"выиграй(?:те)? (?:новый )?(?:iphone|айфон|macbook)",
    r"\b(?:crypto|bitcoin|forex) (?:signals|trading|investment)\b.*\b(?:dm|whatsapp|telegram)\b",
    # another business advertising itself under the brand's post
    r"visit (?:our|my) (?:profile|page|shop|store)",
    r"zapraszam(?:y)? (?:na|do) (?:nasz|naszego|mój|mojego) (?:profil|sklep)",
    r"заходите (?:к нам )?(?:в|на) (?:наш|мой) (?:профиль|магазин)|подписывайтесь на (?:наш|мой) (?:профиль|канал)",
]
_WEAK = [
    r"\bdm (?:me|us)\b", r"napisz (?:do mnie )?(?:na )?(?:priv|pw|dm)", r"пиш(?:и|ите) (?:мне )?в (?:лс|личку|директ)",
    r"click (?:the |my )?link", r"kliknij (?:w )?link", r"переход(?:и|ите) по ссылке",
    r"check (?:out )?my (?:profile|page|account)", r"(?:sprawdź|zajrzyj na) m[óo]j profil", r"загляни(?:те)? (?:ко мне )?в профиль",
    r"\bfollowers\b|\bobserwujących\b|\bподписчик", r"\bgiveaways?\b|\bpromo code in bio\b|\bkonkurs\b.*\blink\b",
    r"work(?:ing)? from home|praca (?:z domu|zdalna) bez doświadczenia|работа на дому",
    r"(?:whatsapp|telegram)\s*[:+]?\s*\+?\d", r"🚀.*🚀|💸|💰.*💰",
]


@lru_cache(maxsize=8)
def _compiled(extra: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    strong = re.compile("|".join(f"(?:{p})" for p in (*_STRONG, *extra)), re.IGNORECASE)
    weak = [re.compile(p, re.IGNORECASE) for p in _WEAK]
    return strong, weak


def spam_cues(text: str, extra: Iterable[str] = ()) -> tuple[bool, int]:
    """Whether ``text`` has a strong spam cue, and how many weak cues it has."""
    strong, weak = _compiled(tuple(extra))
    t = str(text)
    return bool(strong.search(t)), sum(bool(p.search(t)) for p in weak)


def is_spam(text: str, extra: Iterable[str] = ()) -> bool:
    """True for a comment with one strong spam cue or two weak ones (``extra``: more strong cues, regexes)."""
    has_strong, n_weak = spam_cues(text, extra)
    return has_strong or n_weak >= 2
