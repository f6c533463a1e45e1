"""Touchpoints and channels mentioned in customer text, with who controls them.

Each touchpoint has word patterns in en, pl and ru and a control class: ``owned`` (the company
runs it), ``partly`` (partly controlled: review sites, social media, marketplaces) or
``uncontrolled`` (word of mouth, forums, press). The source a segment came from is a touchpoint too
(a Google review happened on a review site).
"""

from __future__ import annotations

import re

__all__ = ["TOUCHPOINTS", "detect_touchpoints", "source_touchpoint", "DROP_OFF", "is_drop_off"]

# id -> (label, control, pattern)
TOUCHPOINTS: dict[str, tuple[str, str, str]] = {
    "website": ("Website", "owned", r"website|web ?site|site|online shop|webpage|product page|filters?|"
                r"stron(a|ie|y|ę)|witryn|sklep(ie)? internetow|na stronie|сайт|на сайте|страниц"),
    "app": ("Mobile app", "owned", r"\bapp\b|mobile app|application|aplikacj|apk(a|i|ce)|приложени"),
    "email": ("E-mail", "owned", r"e-?mails?|newsletter|inbox|mail(a|e|em|u)?\b|мейл|письм|почт"),
    "phone": ("Phone / hotline", "owned", r"phone|hotline|call cent|called|calling|infolini|telefon|dzwoni|zadzwon|"
              r"звон|позвон|телефон|горяч(ая|ей) лини|дозвон"),
    "chat": ("Chat / bot", "owned", r"\bchat|live chat|\bbot\b|czat|chatbot|чат|бот"),
    "store": ("Store / showroom", "owned", r"showroom|store|shop floor|salon|sklep stacjonarn|шоурум|салон|магазин"),
    "delivery": ("Delivery & courier", "owned", r"courier|delivery|deliver|driver|crew|kurier|dostaw|przywie|ekip|"
                 r"курьер|доставк|привез|грузчик"),
    "assembly": ("Assembly & installation", "owned", r"assembl|instructions?|screws?|montaż|instrukcj|śrub|skręca|"
                 r"сборк|собра|инструкци|винт|шуруп"),
    "checkout": ("Checkout & payment", "owned", r"checkout|payment|pay|card|blik|instal(l)?ments?|promo code|"
                 r"płatno|zapłac|kart(a|ą|y)|raty|rat\b|kod rabatow|оплат|рассрочк|промокод|карт(а|ой|у)"),
    "packaging": ("Packaging", "owned", r"packag|box|cardboard|opakowani|karton|упаковк|коробк"),
    "review_sites": ("Review sites", "partly", r"reviews?|trustpilot|ceneo|opineo|google maps|opini|recenzj|"
                     r"отзыв"),
    "social": ("Social media", "partly", r"instagram|facebook|tiktok|insta\b|\bfb\b|social media|post|ad\b|ads\b|reklam|"
               r"соцсет|инстаграм|реклам"),
    "word_of_mouth": ("Word of mouth", "uncontrolled", r"friend|sister|brother|colleague|neighbou?r|recommended (to )?me|"
                      r"znajom|przyjaci|siostr|koleżank|kolega|sąsiad|poleci(ł|ła)|подруг|друз|друг|сестр|коллег|"
                      r"соседк|посоветова"),
}
_COMPILED = {k: re.compile(v[2], re.IGNORECASE) for k, v in TOUCHPOINTS.items()}

_SOURCE_MAP = {"chat": "chat", "social": "social", "review": "review_sites"}

DROP_OFF = re.compile(
    r"(gave up|give up|cancel+ed (my|the) order|cancel+ing (my|the) order|went (to|with) (another|a competitor|someone else)|"
    r"never (again|buy|order)|won'?t (buy|order) (again|here)|bought (it )?elsewhere|"
    r"zrezygnow|anulowa(ł|łam|łem|liśmy)|poszł(am|em|iśmy) do konkurencji|kupi(łam|łem|liśmy) gdzie indziej|nigdy więcej|"
    r"więcej nie (kupię|zamówię)|передумал|отказал(ся|ась|ись)|отменил(а|и)? заказ|больше (не (буду|закажу|куплю))|"
    r"купил(а|и)? в другом)",
    re.IGNORECASE)


def is_drop_off(text: str) -> bool:
    """True when the customer says they gave up, cancelled or left ("zrezygnowałam", "я передумал")."""
    return bool(DROP_OFF.search(text))


def detect_touchpoints(text: str) -> list[str]:
    """Touchpoint ids mentioned in a text, in the order of :data:`TOUCHPOINTS`."""
    return [k for k, rx in _COMPILED.items() if rx.search(text)]


def source_touchpoint(source_type: str, channel: str) -> str:
    """The touchpoint a record itself came through ('' for interviews and plain tables)."""
    ch = (channel or "").lower()
    if source_type == "chat" and "messenger" in ch:
        return "social"
    if source_type == "chat" and "app" in ch:
        return "app"
    return _SOURCE_MAP.get(source_type, "")
