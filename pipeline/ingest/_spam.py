"""Spam and bot comments under social posts, on review sites and in a support inbox: kept, but not customer evidence.

Comment sections collect "link in bio" offers, follower sellers, fake giveaways, get-rich
schemes and other shops advertising themselves. Counted as customers, they become "praise" and "requests" in the map. A comment or review
is spam when it has one strong cue or two weak ones (en / pl / ru); the rules are written for
precision: a customer who mentions a link or a giveaway in passing is not spam.

Inboxes get offers too ("Darmowe iPhone 15!!! Kliknij link…", SEO audits, bought reviews, followers, likes and
backlinks, "we will promote your page", "Заработок от 5000₽ в день"): in chats and e-mail a whole conversation is judged (:func:`spam_conversations`), so a customer who
pastes a link to a broken page among messages of their own stays a customer.

Spam keeps its row (role ``spam``, in ``segments.csv``) and is left out of every customer count,
like the brand's own replies.

Example:
    >>> is_spam("WIN an iPhone 17!!! 👉 click link in my bio"), is_spam("Where is the link to the size chart?")
    (True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

__all__ = ["is_spam", "spam_cues", "spam_conversations", "SPAM_SOURCES", "CONVERSATION_SOURCES"]

SPAM_SOURCES = ("social", "review")  # where strangers post: each comment or review is judged on its own
CONVERSATION_SOURCES = ("chat",)     # chats and e-mail threads: judged by conversation (spam_conversations)

# what a seller of visibility offers (after "we offer", "oferujemy", "предлагаем")
_OFFERED_EN = (r"(?:seo|(?:google |positive |real |5[- ]star |five[- ]star )?(?:reviews|ratings)|followers|likes|"
               r"backlinks?|subscribers|traffic|promotion)\b")
_YOUR_PAGE_EN = r"(?:page|fanpage|business|profile|account|brand|shop|store|gym|company|website|site|channel)\b"
_OFFERED_PL = (r"(?:\bseo\b|pozycjonowani\w+|(?:pozytywn\w+ )?opini\w*|recenzj\w*|obserwując\w+|obserwujac\w+|"
               r"polubie\w+|lajk\w*|link\w* zwrotn\w+|backlink\w*|promocj\w+ (?:profilu|strony|fanpage))")
_OFFERED_RU = (r"(?:\bseo\b|\bсео\b|отзыв\w*|подписчик\w*|лайк\w*|обратн\w+ ссыл\w+|бэклинк\w*|продвижени\w+|"
               r"раскрутк\w+)")

_STRONG = [
    r"link (?:is )?in (?:my |the )?(?:bio|profile)", r"link w (?:bio|profilu|opisie)",
    r"ссылк\w* (?:в|у меня в) (?:био|профиле|шапке|описании)",
    r"(?:free|buy|cheap|real) (?:instagram |tiktok |ig )?(?:followers|likes|views)|(?:want|get) more (?:followers|likes)\b(?! than)",
    r"(?:darmowi|tani|prawdziwi|więcej) (?:obserwujący|obserwatorzy|followersi)|kup(?:ię|uj)? (?:obserwujących|lajki)",
    r"накрут\w* (?:подписчик|лайк|просмотр)|(?:бесплатн|дешёв|дешев|живы)\w* подписчик",
    r"(?:make|earn) \$?\d[\d,.]*\s*(?:\$|usd|€|eur|zł|pln)?\s*(?:/|a |per )(?:day|hour|week)",
    r"zarab(?:iaj|iam|iać) (?:nawet |od )?\d[\d\s]*\s*(?:zł|pln|€|\$) (?:dziennie|na dzień|tygodniowo)",
    r"(?:заработ\w*|доход\w*) (?:от |до )?\d[\d\s]*\s*(?:₽|руб\w*|\$|€) (?:в день|в сутки|в неделю)",
    r"\b(?:earn|make) (?:easy |quick |fast |real )?money (?:from home|online|fast)\b|\bzarabiaj (?:w domu|z domu|online)\b",
    r"\bwin an? (?:free )?(?:iphone|ipad|macbook|gift card|ps5)", r"wygraj (?:nowego |nowy )?(?:iphone|ipada|macbooka|bon)",
    r"выиграй(?:те)? (?:новый )?(?:iphone|айфон|macbook)",
    r"\b(?:crypto|bitcoin|forex) (?:signals|trading|investment)\b.*\b(?:dm|whatsapp|telegram)\b",
    # another business advertising itself under the brand's post
    r"visit (?:our|my) (?:profile|page|shop|store)",
    r"zapraszam(?:y)? (?:na|do) (?:nasz|naszego|mój|mojego) (?:profil|sklep)",
    r"заходите (?:к нам )?(?:в|на) (?:наш|мой) (?:профиль|магазин)|подписывайтесь на (?:наш|мой) (?:профиль|канал)",
    # subscribe to another account and follow the link ("Подпишись на @best_deals_kids — скидки до 90%… Переходи по
    # ссылке t.me/…"): the request opens a sentence, so "I can't subscribe to @lingvo, the link is broken" is not one
    r"(?:^|[.!?…:;\-—–👉🔥]\s*)(?:please )?(?:subscribe|follow) (?:to )?(?:@[\w.]+|(?:my|our) (?:channel|page|profile|account))\b"
    r".*(?:https?://|t\.me/|www\.|\blink\b)",
    r"\b(?:za)?(?:subskrybuj|obserwuj)(?:cie)?\b (?:@[\w.]+|(?:mój|moj|nasz|mojego|naszego) (?:kanał|kanal|profil)\w*)"
    r".*(?:https?://|t\.me/|www\.|\blink|\bw bio)",
    r"\bподпи(?:шись|шитесь|сывайся|сывайтесь)\b (?:на )?(?:@[\w.]+|(?:мой|наш) (?:канал|профиль|паблик|телеграм)\w*)"
    r".*(?:https?://|t\.me/|www\.|ссылк)",
    # offers sent to a business's inbox: search ranking, bought reviews, followers, likes, backlinks, promotion of its
    # page; what is offered follows a seller's verb in the same sentence ("We offer SEO audit and 1000 Google reviews
    # for your gym"), so a customer's "do you offer a discount?" or "I read 100 reviews" is none
    rf"\b(?:we|i)(?:'ll| will| can| could)? (?:offer|sell|provide|deliver)\b[^.!?\n]{{0,60}}?\b{_OFFERED_EN}",
    rf"\b(?:we|i)(?:'ll| will| can| could)? (?:promote|boost|grow)\b (?:your|ur) {_YOUR_PAGE_EN}",
    rf"\b(?:oferujemy|sprzedajemy|zapewniamy|zapewnimy|dostarczymy|proponujemy)\b[^.!?\n]{{0,60}}?{_OFFERED_PL}",
    r"\b(?:wypromujemy|wypozycjonujemy|promujemy|rozkręcimy|rozkrecimy)\b[^.!?\n]{0,20}?\b(?:twój|twoj|twoją|twoja|"
    r"wasz|waszą|wasza|państwa|panstwa)\b",
    rf"\b(?:предлагаем|продаём|продаем|обеспечим|накрутим)\b[^.!?\n]{{0,60}}?{_OFFERED_RU}",
    r"\b(?:продвинем|раскрутим|прокачаем)\b[^.!?\n]{0,20}?\b(?:ваш|вашу|ваше|ваши|твой|твою)\b",
    r"\bseo (?:expert|specialist|agency|audit|services?)\b|first page (?:of|on|in) google|pozycjonowanie (?:stron|sklep|aplikacj)"
    r"|pierwsz\w+ stron\w+ (?:w )?google|продвижение (?:сайт|в топ)|(?:на )?первую страницу (?:google|яндекс)",
    r"\b\d+\s*(?:five[- ]star|5[- ]star|positive) (?:reviews|ratings)\b|\d+\s*(?:pozytywnych|5-gwiazdkowych) (?:opinii|ocen)"
    r"|\d+\s*(?:положительных|пятизвёздочных|пятизвездочных) отзыв",
    r"\bguest post(?:ing)? (?:opportunit\w+|offers?|services?)|\bartykuł(?:y)? sponsorowan\w+ (?:na|w) (?:naszym|moim) blogu",
    r"\b(?:free|darmow\w*|бесплатн\w*) (?:new |nowy |nowe |новый )?(?:iphone|айфон|ipad|macbook|ps5)",
]
_CONTACT = r"(?:whatsapp|telegram)\s*[:+]?\s*\+?\d"
_WEAK = [
    r"\bdm (?:me|us)\b", r"napisz (?:do mnie )?(?:na )?(?:priv|pw|dm)", r"пиш(?:и|ите) (?:мне )?в (?:лс|личку|директ)",
    r"click (?:the |my )?link", r"kliknij (?:w )?link", r"переход(?:и|ите) по ссылке",
    r"check (?:out )?my (?:profile|page|account)", r"(?:sprawdź|zajrzyj na) m[óo]j profil", r"загляни(?:те)? (?:ко мне )?в профиль",
    r"\bfollowers\b|\bobserwujących\b|\bподписчик", r"\bgiveaways?\b|\bpromo code in bio\b|\bkonkurs\b.*\blink\b",
    r"work(?:ing)? from home|praca (?:z domu|zdalna) bez doświadczenia|работа на дому",
    r"🚀.*🚀|💸|💰.*💰",
    r"\bcollaborat(?:e|ion)\b|\bwspółprac\w*|\bсотрудничеств\w*", r"\bmy rates\b|\bmoje stawki\b|\bмои расценки\b",
    r"\b(?:claim|odbierz|забери(?:те)?) (?:your |swoją |swoja |свой )?(?:prize|reward|nagrodę|nagrode|приз|подарок)",
    # a sales pitch's urgency: one cue however many of its phrases a message has
    r"\b(?:special|exclusive|limited|best) (?:discount|offer|price|deal)\b|\b(?:only|just) today\b|\blimited time\b|"
    r"\b(?:wyjątkowa|wyjatkowa|specjalna|najlepsza) (?:oferta|cena|zniżka|znizka|promocja)\b|\btylko dziś\b|"
    r"\btylko dzis\b|\b(?:специальн\w+|лучш\w+|эксклюзивн\w+) (?:скидк\w+|предложени\w+|цен\w+)|\bтолько сегодня\b",
    _CONTACT,   # last: in a chat a customer gives support their number, so it does not count there
]


@lru_cache(maxsize=8)
def _compiled(extra: tuple[str, ...]) -> tuple[re.Pattern, list[re.Pattern]]:
    strong = re.compile("|".join(f"(?:{p})" for p in (*_STRONG, *extra)), re.IGNORECASE)
    weak = [re.compile(p, re.IGNORECASE) for p in _WEAK]
    return strong, weak


def spam_cues(text: str, extra: Iterable[str] = (), chat: bool = False) -> tuple[bool, int]:
    """Whether ``text`` has a strong spam cue, and how many weak cues it has (``chat``: a WhatsApp or Telegram
    number is not one)."""
    strong, weak = _compiled(tuple(extra))
    t = str(text)
    return bool(strong.search(t)), sum(bool(p.search(t)) for p in (weak[:-1] if chat else weak))


def is_spam(text: str, extra: Iterable[str] = (), chat: bool = False) -> bool:
    """True for a comment with one strong spam cue or two weak ones (``extra``: more strong cues, regexes;
    ``chat``: a message to support, see :func:`spam_cues`)."""
    has_strong, n_weak = spam_cues(text, extra, chat)
    return has_strong or n_weak >= 2


def spam_conversations(docs: Sequence[str], texts: Sequence[str], extra: Iterable[str] = ()) -> list[bool]:
    """Which customer messages of chats and e-mail threads are spam, given each one's document and text.

    A conversation is spam when one of its customer's messages is (:func:`is_spam`, without the contact-number
    cue) and every other one says little (three words at most: "Hello", "?") or is more of the pitch (a weak cue:
    "Special discount only today!!!"); then all of them are. A customer who pastes a link to a broken page, or
    quotes an offer among messages of their own, is not spam.

    Example:
        >>> spam_conversations(["a", "a", "b", "b"], ["Hello", "Darmowe iPhone 15!!! Kliknij link i odbierz nagrodę",
        ...                    "Darmowy iPhone? Dostałam taki SMS od was", "Czy to oszustwo? Boję się klikać w link"])
        [True, True, False, False]
        >>> spam_conversations(["a", "a"], ["Special discount only today!!!",
        ...                                 "Hello! We offer SEO audit and 1000 Google reviews for your gym"])
        [True, True]
    """
    extra = tuple(extra)
    spam: dict[str, bool] = {}
    for doc, text in zip(docs, texts):
        t = str(text)
        strong, weak = spam_cues(t, extra, chat=True)
        if strong or weak >= 2:
            spam.setdefault(doc, True)
        elif len(t.split()) > 3 and not weak:
            spam[doc] = False
    return [spam.get(doc, False) for doc in docs]
