"""Touchpoints and channels mentioned in customer text, who controls them, and drop-off signals.

Each touchpoint has word patterns in en, pl and ru and a control class: ``owned`` (the company
runs it: website, app, hotline, couriers it hires), ``partly`` (partly controlled: review sites,
social media, marketplaces, search) or ``uncontrolled`` (word of mouth, forums). The source a
segment came from is a touchpoint too (a Google review happened on a review site).

Patterns are regular expressions anchored at the start of a word (``(?<!\\w)``) and matched
case-insensitively on text with Polish diacritics and Russian ё folded away, so ``'друг(а|у|ом)?\\b'``
finds "друга" but not "подруга" or "другой", and 'zaplacilam' typed without diacritics still
matches. Short English words that are greedy as substrings ("site", "post", "ad", "store") only
count in phrases that make them a touchpoint ("on your site", "in store").

The list is configurable: a TOML file (``[stages] touchpoints``) or ``[[touchpoint]]`` tables in the
stage file add touchpoints, change the name or control class of built-in ones, or add patterns::

    replace = false            # true: start from an empty list instead of the built-in one
    drop = ["packaging"]       # built-in ids to remove
    [[touchpoint]]
    id = "kiosk"               # new id: name, control and patterns are required
    name = "Self-service kiosk"
    control = "owned"          # owned | partly | uncontrolled
    patterns = ['kiosk', 'kiosk(u|iem)', 'киоск']
    [[touchpoint]]
    id = "store"               # built-in id: given fields override, patterns are ADDED
    patterns = ['pop-?up store']
    [[touchpoint]]
    id = "app_store"           # opt-in built-in id (OPT_IN_TOUCHPOINTS): naming it turns it on; fields as for a built-in one

A stage file removes built-in touchpoints that make no sense for its business with a top-level
``drop_touchpoints`` key (software has no assembly, packaging or courier; ids are checked against
the built-in list when the stage file is loaded, see :attr:`StageModel.drop_touchpoints`)::

    name = "SaaS journey"
    drop_touchpoints = ["assembly", "packaging", "delivery"]
    [[stage]]
    ...

Order of application: built-ins, the touchpoint file's ``replace`` and ``drop``, the stage file's
``drop_touchpoints``, the stage file's ``[[touchpoint]]`` tables (an id dropped there may be defined
anew), then the touchpoint file's ``[[touchpoint]]`` tables.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Container, Iterable, Sequence

from pipeline.errors import ConfigError
from pipeline.journey._stages import compile_keywords, fold

__all__ = ["Touchpoint", "TouchpointLexicon", "CONTROL_CLASSES", "BUILTIN_TOUCHPOINTS", "OPT_IN_TOUCHPOINTS", "TOUCHPOINTS",
           "load_touchpoints", "detect_touchpoints", "source_touchpoint", "published_on", "PUBLISHED_SOURCES", "MARKETPLACE",
           "DropOffReader", "is_drop_off", "drop_off_phrases"]

CONTROL_CLASSES = ("owned", "partly", "uncontrolled")
#: The touchpoint whose patterns name marketplaces: where a customer may buy instead (a drop-off target, :class:`DropOffReader`).
MARKETPLACE = "marketplace"


@dataclass(frozen=True)
class Touchpoint:
    """One touchpoint.

    Attributes:
        id: Lowercase id used in the ``touchpoints`` column (``;``-joined).
        name: Label shown in the map.
        control: ``owned``, ``partly`` or ``uncontrolled``.
        patterns: Regexes matched at the start of a word, case and diacritics ignored.
    """

    id: str
    name: str
    control: str
    patterns: tuple[str, ...]


_PEOPLE_EN = r"(friends?|sisters?|brothers?|colleagues?|co-?workers?|neighbou?rs?|cousins?|mum|mom|dad|wife|husband|partner|relatives?|boss|parents)"
_PEOPLE_PL = r"(znajom|przyjaci|koleżank|koleg|siostr|brat|szwagr|sąsiad|mam(a|y|ie|ą)\b|tat(a|y|o)\b|żon|mąż|męż|teściow|kuzyn|rodzin|szef)"
_PEOPLE_RU = (r"(подруг|друг(а|у|ом)?\b|друзь|друзей|знаком|коллег|сестр|брат|сосед|мам(а|ы|е|у|ой)\b|пап(а|ы|е|у)\b|жен(а|ы|е|у|ой)\b|"
              r"муж(а|у|ем|е)?\b|свекр|т[её]щ|родственн|начальни)")
# verbs of recommending / telling about (plain "said" or "told" is too common to count)
_TELL_EN = r"(recommend\w*|suggested|swears by|raved|told me (about|to)|mentioned (you|them|it|this|the)|showed me|introduced me|put me onto|got me (into|onto))"
_TELL_PL = r"(poleci|opowiada\w* (o|mi)|pokaza\w* mi|chwali|wspomnia\w* o|namówi|namawia|mówi\w* (mi )?o (was|nich|tym))"
_TELL_RU = r"(посовет|рассказ\w* (мне )?(о|про)|показал\w* мне|хвалил|упомян\w* (о|про)|рекомендова|подсказал)"

# Messengers by name: a conversation held in one is a chat ("I wrote to you on WhatsApp", a Telegram support chat's channel,
# :func:`source_touchpoint`); a messenger's channel or group is social media ("your Telegram channel", "телеграм-канал")
_MESSENGERS = r"(telegram|телеграм|whats ?app|ватсап|вотсап|viber|вайбер|(fb |facebook )?messenger|мессенджер)\w*"
_MESSENGER_GROUPS = r"(channel|kana(ł|l)|канал|group|grup|групп|чат\w* (сообществ|канала))"
_MESSENGER = re.compile(fold(r"(?<!\w)" + _MESSENGERS), re.IGNORECASE)
# Marketplaces by name ("temu" is Polish for "ago", "али" an old "or": left out): the built-in marketplace touchpoint's, whose
# patterns (with those a touchpoint file adds) also read a review's platform (:func:`source_touchpoint`), a drop-off to a
# marketplace ("закажу на вб, там дешевле") and a marketplace as a third party ("WB отменил заказ"), see DropOffReader.
_MARKETPLACES = (r"(allegro|amazon\w*|ebay\b|olx\b|ozon\w*|озон(е|а|у|ом)?\b|wildberries|вайлдберр?из\w*|wb\b|вб\b|"
                 r"(yandex|яндекс)[ .-]?(market|маркет)\w*|market\.yandex|мегамаркет\w*|megamarket|aliexpress\w*|алиэкспресс\w*|"
                 r"avito\b|авито\b|etsy\b|kaspi\b|каспи\b)")

# Booking, registering, cancelling or buying "online" is done on the website ("I gave up and booked online", "the online booking
# showed a slot", "wizyta zarezerwowana online", "Rejestracja online", "записалась онлайн"): the verb or noun before "online", or
# the booking after it. "Online" alone is no website, nor before the thing it qualifies: online lessons, "booked an online
# consultation", an online chat.
_ONLINE_NEXT = (r"(?:and|or|but|so|then|for|on|at|in|to|from|with|via|through|again|instead|too|myself|last|this|yesterday|today|"
                r"before|after|when|because|as|i|a|lub|albo|ale|bo|to|na|w|do|przez|już|wczoraj|ostatnio|sama|sam|potem|и|или|но|а|"
                r"на|в|через|уже|вчера|сама|сам|потом)")
_ONLINE_AFTER = rf"(?:\w+ ){{0,3}}?(?:online|on-line|przez internet|онлайн|через интернет)(?![\w-]| (?!{_ONLINE_NEXT}\b)\w)"
_ONLINE = (
    r"(?:book|booked|booking|register|registered|registering|reserv(?:e|ed|ing)|sign(?:ed)? up|cancel+(?:ed|ing)?|"
    r"renew(?:ed|ing)?|check(?:ed)? in|appl(?:y|ied)|order(?:ed)?|bought|buy) " + _ONLINE_AFTER,
    r"online (?:booking|registration|reservation|appointment|check-?in|form)",
    r"(?:zarejestrowa|zarezerwowa|zapisa|zapisuj|umówi|umawia|odwoła|anulowa|zrezygnowa|zamówi|zamawia|rezerwuj|rejestruj|kupi)\w* "
    + _ONLINE_AFTER,
    r"(?:rejestracj|rezerwacj|zapis|rezygnacj|umawiani|umówieni|anulowani|odwołani)\w* (?:online|przez internet)",
    r"(?:записал|записыва|записат|запишусь|забронирова|бронирова|зарегистрир|отменил|отменит|отменя|заказал|заказыва|купил)\w* "
    + _ONLINE_AFTER,
    r"(?:запис|бронирован|регистрац|отмен)\w* (?:онлайн|через интернет)",
    r"онлайн-?(?:запис|бронирован|регистрац)",
)

BUILTIN_TOUCHPOINTS: tuple[Touchpoint, ...] = (
    Touchpoint("website", "Website", "owned", (
        r"website", r"web ?site", r"web ?page", r"home ?page", r"product page", r"pricing page", r"landing page",
        r"(on|in|from|through|via) (your|their|the|its|our) (site|page)\b", r"online (shop|store)", r"e-?shop", r"www\.",
        r"na (waszej |ich |tej |waszą |ich )?stron(ie|ę)\b", r"stron(a|ie|y|ę|ą) (internetow|www|sklepu|produktu|główn)",
        r"witryn", r"sklep(ie|u|em)? internetow", r"сайт", r"на странице", r"страниц\w* (товара|сайта|магазина)",
        r"интернет-?магазин", *_ONLINE)),
    Touchpoint("app", "Mobile app", "owned", (
        r"apps?\b(?! ?store)", r"mobile application", r"the application", r"aplikacj", r"apk(a|i|ce|ę|ą)\b", r"приложени(е|и|ю|ем|я)\b(?! к)",
        r"мобильн\w* (приложени|банк)")),
    Touchpoint("email", "E-mail", "owned", (
        r"e-?mail", r"emailed", r"newsletter", r"inbox", r"mail(ed|s)?\b", r"mail(a|e|em|u|owo|ow\w*)\b", r"имейл", r"емейл",
        r"[иe]-?мейл", r"электронн\w* почт", r"на почту\b", r"письм(о|а|е|ом|у)\b", r"рассылк")),
    Touchpoint("phone", "Phone / hotline", "owned", (
        r"phoned", r"(on|by|over) the phone", r"by phone", r"phone (call|line|support|number)", r"hotline", r"helpline",
        r"call ?cent(er|re)", r"called (you|them|the|your|customer|support|back)", r"calling (you|them|support|the)",
        r"rang (you|them|the)", r"on hold",
        r"infolini", r"dzwoni(ł|ła|łam|łem|ć|ę|liśmy)", r"zadzwoni", r"oddzwoni", r"telefoniczn", r"przez telefon", r"dodzwoni",
        r"звонил", r"позвонил", r"перезвон", r"звоню", r"звонок", r"дозвон", r"по телефону", r"горяч\w* лини", r"колл-?центр")),
    Touchpoint("chat", "Chat / bot", "owned", (
        r"live chat", r"chat(bot|ted|ting)?\b", r"chat ?bot", r"bot\b", r"virtual assistant",
        _MESSENGERS + r"\b(?![- ]?" + _MESSENGER_GROUPS + ")",
        r"czat", r"czaci", r"chat(cie|a)?\b", r"bot(a|em)?\b", r"wirtualn\w* asystent",
        r"чат", r"бот(а|у|ом)?\b", r"онлайн-?консультант", r"виртуальн\w* помощник")),
    Touchpoint("store", "Store / branch / showroom", "owned", (
        r"showroom", r"shop floor", r"(physical|local|retail|bricks?[- ]and[- ]mortar) (store|shop)", r"in[- ]store",
        r"in (the|your|their) (store|shop|branch|showroom)", r"at (the|your|their) (store|shop|branch|counter|till)",
        r"(visited|went to|came to|walked into|popped into) (the|your|their|a) (store|shop|branch|showroom|office)", r"branch(es)?\b",
        r"salon(ie|u)?\b", r"sklep(ie|u)? stacjonarn", r"w sklepie(?! internetow)", r"oddzia(ł|le)", r"placówk", r"punkt(ie|u)? obsługi",
        r"шоурум", r"салон", r"в магазине(?! онлайн)", r"офлайн-?магазин", r"в отделени", r"офис(е)? продаж", r"на кассе")),
    Touchpoint("delivery", "Delivery & courier", "owned", (
        r"courier", r"deliver(y|ed|ies|ing)?\b", r"(delivery|the) (driver|guy|man|crew|team) (arrived|came|called|was|left|rang)",
        r"parcel", r"shipping", r"shipment", r"dpd\b", r"dhl\b", r"inpost", r"fedex", r"parcel locker",
        r"kurier", r"dostaw(?!c)", r"przesyłk", r"paczk", r"paczkomat", r"przywie", r"dowóz", r"dowoz",
        r"курьер", r"доставк", r"доставил", r"доставят", r"привез", r"посылк", r"грузчик", r"постамат", r"пункт выдачи")),
    Touchpoint("assembly", "Assembly & installation", "owned", (
        r"assembl", r"installer", r"installation", r"instructions", r"put (it|them) together", r"screws?\b",
        r"montaż", r"monter", r"instrukcj", r"śrub", r"skręca", r"instalac",
        r"сборк", r"сборщик", r"монтаж", r"установк", r"инструкци", r"шуруп", r"винт(ы|ов|ик)?\b")),
    Touchpoint("checkout", "Checkout & payment", "owned", (
        r"checkout", r"check out", r"payment (page|form|gateway|method|options|failed|declined)", r"card payment",
        r"paid (by|with) (card|paypal|blik|apple pay)", r"promo code", r"discount code", r"coupon", r"basket", r"cart\b",
        r"instal+ments?", r"blik\b", r"paypal", r"apple pay",
        r"koszyk", r"płatnoś", r"kod(u|em)? (rabatow|promocyjn)", r"na raty", r"rat(y|ach|ami)\b", r"kupon",
        r"оплат", r"корзин", r"промокод", r"рассрочк", r"купон")),
    Touchpoint("packaging", "Packaging", "owned", (
        # "packed" only as wrapping, not crowded ("the changing room is packed", "packed at 6pm", "packed with people")
        r"packaging",
        r"(well|badly|poorly|nicely|properly|carefully|securely|perfectly|neatly|sloppily|terribly|lovingly|professionally|individually|double)[- ]packed",
        r"packed (badly|poorly|nicely|properly|carefully|securely|perfectly|neatly|sloppily|terribly)\b",
        r"packed well\b(?! (before|beyond|over|past|into|after|above)\b)",
        r"packed (in|into) (an? |the |its |their |original |plastic |paper |foam |thick |thin |cardboard )*(box|boxes|carton|cardboard|bubble|foam|plastic|paper|film|foil|crate|bag|pallet|polystyrene|styrofoam|layers?|wrap)",
        r"packed with (bubble|foam|cardboard|paper|padding|polystyrene|styrofoam|protect|care|corner|tape|plastic|wrap|air)",
        r"packed (it|them|this|these|everything|my (order|parcel|sofa|table|chair|item|items))\b", r"cardboard", r"bubble wrap", r"(the|a) box (was|arrived|came)", r"box(es)? (was|were) (damaged|crushed|torn|wet|open)",
        r"opakowa", r"karton", r"pudeł", r"pudl", r"zapakowan", r"упаковк", r"упакова", r"(?<!из )коробк")),
    Touchpoint("notifications", "SMS & push notifications", "owned", (
        r"sms", r"text message", r"texted me", r"push notification", r"notifications?\b",
        r"powiadomie", r"esem", r"смс", r"пуш", r"уведомлени")),
    Touchpoint("advertising", "Advertising", "owned", (
        # "ad" and "ads" as written in lower or title case: "Azure AD", "AD FS" are Active Directory; "ad hoc" is Latin
        r"(?-i:[aA]ds?)\b(?![- ]hoc\b)", r"advert", r"tv commercial", r"commercials\b", r"the commercial", r"billboard", r"flyer", r"leaflet", r"poster", r"banner", r"sponsored",
        r"reklam(?!ac)", r"ulotk", r"plakat", r"baner",
        r"реклам(?!аци)", r"билборд", r"баннер", r"листовк", r"флаер", r"плакат")),
    # where the customer bought, partly controlled (the company runs its listing, the platform the rest); a review
    # published there is a marketplace review, not a review site's (source_touchpoint)
    Touchpoint(MARKETPLACE, "Marketplace", "partly", (
        r"market ?places?\b", r"platform(a|ie|y|ę|ą)? (sprzedażow|zakupow)", r"маркетплейс", _MARKETPLACES)),
    Touchpoint("search", "Search engines", "partly", (
        r"googl(ed|ing)", r"(on|in) google\b", r"google search", r"search(ed|ing)? (for|online|the internet)", r"search engine", r"bing\b",
        r"w google\b", r"w googlu", r"wyszukiwar", r"wygooglowa", r"в гугле", r"загуглил", r"погуглил", r"в яндексе", r"поисковик")),
    Touchpoint("review_sites", "Review sites", "partly", (
        r"reviews\b", r"(one|two|three|four|five|\d)[- ]stars?", r"(left|leave|wrote|write|read|reading) (a |the )?reviews?",
        r"review (site|page)", r"trustpilot", r"google (reviews|maps)", r"yelp", r"tripadvisor", r"g2\b", r"capterra",
        r"opini(e|ę|ach|ami)\b", r"ceneo", r"opineo", r"recenzj", r"(jedn\w*|dwie|trzy|cztery|pięć|\d) gwiazd", r"znanylekarz",
        r"отзыв(?!чив)", r"отзовик", r"irecommend", r"яндекс\.?карт", r"2гис")),
    Touchpoint("social", "Social media", "partly", (
        r"instagram", r"insta\b", r"\big\b", r"facebook", r"fb\b", r"tiktok", r"tik tok", r"youtube", r"youtuber", r"twitter",
        r"linkedin", r"social media", r"influencer", r"reels?\b", r"(your|their|a|the) (post|tweet)\b", r"posted (on|in) (instagram|facebook|fb|tiktok|twitter|linkedin|reddit|the group)",
        r"(instagram|insta|ig) stor(y|ies)", _MESSENGERS + r"[- ]?" + _MESSENGER_GROUPS,
        r"fejs", r"grup(a|ie|y) na (fb|facebooku|fejsie)", r"social(ach|e)\b", r"media społecznościow", r"(wpis|post)(ie|a|cie)? na",
        r"stories",
        r"инстаграм", r"инст(а|е|у)\b", r"фейсбук", r"вконтакте", r"вк\b", r"тикток", r"ютуб", r"соцсет",
        r"сторис", r"в посте", r"пост (в|про)", r"блогер")),
    Touchpoint("forums", "Forums & communities", "uncontrolled", (
        r"forum", r"reddit", r"subreddit", r"wykop", r"forach", r"форум", r"пикабу")),
    Touchpoint("word_of_mouth", "Word of mouth", "uncontrolled", (
        r"word of mouth", r"recommended (it |them |you |this )?to me", r"(told|showed) me about", r"recommended by (a |my )?" + _PEOPLE_EN,
        _PEOPLE_EN + r"[^.!?\n]{0,40}\b" + _TELL_EN,
        r"(recommend|told|tell)\w* [^.!?\n]{0,30}(friends|family|colleagues|everyone|everybody)\b",
        _PEOPLE_PL + r"\w*[^.!?\n]{0,40}\b" + _TELL_PL,
        r"poleci(ł|ła|li) mi", r"z polecenia", r"pocztą pantoflową", r"z ust do ust", r"poleci(łam|łem|liśmy) (was|ich|to|go|ją)",
        _PEOPLE_RU + r"\w*[^.!?\n]{0,40}(?<!\w)" + _TELL_RU,
        r"по совету", r"по рекомендаци", r"сарафанн", r"посоветовал(а|и)? (вас|их|всем)")),
)

#: Built-in touchpoints that are off unless a stage file or touchpoint file names their id in a ``[[touchpoint]]`` table (the
#: app and banking templates): 'App Store' in a furniture shop's reviews is no touchpoint of its own, and without it a store
#: review is a review site's (:func:`source_touchpoint`).
OPT_IN_TOUCHPOINTS: tuple[Touchpoint, ...] = (
    # the store runs the listing, the reviews, in-app purchases, renewals and their refunds
    Touchpoint("app_store", "App Store & Google Play", "partly", (
        r"app ?store", r"apple store", r"google play", r"play store", r"play market", r"app ?gallery", r"itunes", r"sklep\w* (google )?play",
        r"гугл плей", r"google плей", r"плей ?маркет", r"эпп?л стор", r"апп? ?стор")),
)

_NAME_PARTS = re.compile(r"[\W_]+")   # separators in a channel or file name
# the customer selling their own things, earlier in the clause than a marketplace's name ("Starą kanapę sprzedałam na OLX", "I sold my
# old sofa on eBay", "старый диван продала на Авито"): first-person forms only, "the seller sold me a fake on Allegro" and "продали мне
# брак на Озоне" are the marketplace's moments
_SELLING = re.compile(fold(
    r"(?<!\w)(?:(?:od)?sprzeda(?:łam|łem|liśmy|łyśmy|m|my|ję|jemy)|wystawi(?:łam|łem|liśmy|łyśmy|ę|my)|"
    r"(?:i|we)(?:['’]ve|['’]ll|['’]m|['’]re| have| had| will| am| are| just| finally| then| also| already)* (?:re)?(?:sold|sell|selling|listed)|"
    r"(?:я|мы)(?: \w+)? (?:пере)?продал\w*|(?:пере)?продала|продам|продадим|продаю|продаём|продаем|выставила|выставлю|выставим"
    r")(?!\w)[^,;:.!?…\n]*$"), re.IGNORECASE)

# A contact given ("you can email him at [EMAIL]", "mój telefon to [PHONE], a mail [EMAIL]", "пишите мне на [EMAIL] или в телеграм"):
# the clause holding a redacted e-mail address or phone number offers a way to reach someone, no channel the customer experienced,
# unless it says it was or is being used ("I emailed [EMAIL] twice", "dzwoniłam na [PHONE]", "писала на [EMAIL]",
# "I keep calling [PHONE]", "dzwonię na [PHONE]", "звоню на [PHONE]"). The placeholder "[EMAIL]"
# reads as the word e-mail: it had made every contact sign-off an e-mail touchpoint.
_CONTACT_CLAUSE = re.compile(r"[^,;:.!?…\n]*\[(?:EMAIL|PHONE)\][^,;:.!?…\n]*")
_CONTACT_USED = re.compile(fold(
    r"(?<!\w)(?:e-?mailed|mailed|wrote|written|sent|called|rang|phoned|texted|messaged|contacted|"
    r"e-?mailing|writing|calling|ringing|phoning|texting|messaging|"
    r"(?:na|wy|za)?(?:pisa|wysła|dzwoni|kontaktowa)(?:ł|ła|łam|łem|li|ły|liśmy|łyśmy)|"
    r"(?:za)?dzwonię|dzwonimy|piszę|piszemy|wysyłam|"
    r"(?:на)?писал|отправил|(?:до|по)?звонил|обращал|связывал|звоню|звоним|пишу|пишем|отправляю|дозвони)\w*"),
    re.IGNORECASE)


def _without_contacts(text: str) -> str:
    """``text`` with the clauses that give a redacted e-mail address or phone number as a contact blanked out (offsets kept).

    Example:
        >>> _without_contacts("Or email him at [EMAIL]. I emailed [EMAIL] twice").strip()
        '. I emailed [EMAIL] twice'
    """
    return _CONTACT_CLAUSE.sub(lambda m: m.group(0) if _CONTACT_USED.search(fold(m.group(0))) else " " * len(m.group(0)), text)


class TouchpointLexicon:
    """A list of touchpoints with compiled patterns.

    Args:
        touchpoints: The touchpoints, in the order they are reported.

    Example:
        >>> lex = TouchpointLexicon(BUILTIN_TOUCHPOINTS)
        >>> lex.detect("The courier left it with a neighbour")
        ['delivery']
    """

    def __init__(self, touchpoints: Iterable[Touchpoint]):
        self.touchpoints = tuple(touchpoints)
        self._by_id = {t.id: t for t in self.touchpoints}
        self._rx = [(t.id, compile_keywords(list(t.patterns), f"touchpoint '{t.id}'")) for t in self.touchpoints]

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.touchpoints]

    def __contains__(self, tid: str) -> bool:
        return tid in self._by_id

    def label(self, tid: str) -> str:
        """Display name of a touchpoint id (the id itself if unknown)."""
        t = self._by_id.get(tid)
        return t.name if t else tid

    def control(self, tid: str) -> str:
        """Control class of a touchpoint id (``owned`` if unknown, e.g. a source touchpoint removed by the user)."""
        t = self._by_id.get(tid)
        return t.control if t else "owned"

    def detect(self, text: str) -> list[str]:
        """Touchpoint ids mentioned in ``text``, in lexicon order. A marketplace named only as where the customer sells
        their own things ("Starą kanapę sprzedałam na OLX") is none: no moment of the company's listing; nor is a redacted
        e-mail address or phone number given as a contact ("my email is [EMAIL]").

        Example:
            >>> lex = TouchpointLexicon(BUILTIN_TOUCHPOINTS)
            >>> lex.detect("Starą kanapę sprzedałam na OLX"), lex.detect("Kupiłam na Allegro, starą sprzedałam na OLX")
            ([], ['marketplace'])
            >>> lex.detect("Jakby co, mój telefon to [PHONE], a mail [EMAIL]"), lex.detect("Napisałam na [EMAIL], cisza")
            ([], ['email'])
        """
        if not isinstance(text, str) or not text:
            return []
        t = fold(_without_contacts(text))
        return [tid for tid, rx in self._rx if rx is not None
                and any(tid != MARKETPLACE or not _SELLING.search(t, max(0, m.start() - 60), m.start()) for m in rx.finditer(t))]

    def named(self, name: str, skip: str = "", controls: Container[str] = CONTROL_CLASSES) -> str:
        """The touchpoint a channel, platform name or file path names ('' for none).

        Separators count as spaces ('wb_feedbacks_export.csv' names 'wb'); of several touchpoints, the
        one with the longest match ('google_play_app_reviews.csv' names the store, not the app), ties
        in lexicon order.

        Args:
            name: A channel, platform or file path.
            skip: An id not to return (a review file's 'reviews' names no platform).
            controls: The control classes a returned touchpoint may have.

        Example:
            >>> TouchpointLexicon(BUILTIN_TOUCHPOINTS).named("reviews/ozon_reviews.csv", skip="review_sites")
            'marketplace'
        """
        t = fold(_NAME_PARTS.sub(" ", name or ""))
        best, size = "", 0
        for tid, rx in self._rx:
            if rx is None or tid == skip or self._by_id[tid].control not in controls:
                continue
            n = max((m.end() - m.start() for m in rx.finditer(t)), default=0)
            if n > size:
                best, size = tid, n
        return best

    def marketplace_names(self) -> tuple[str, ...]:
        """The patterns of the marketplace touchpoint (:data:`MARKETPLACE`; none without it): built-in names and any a
        touchpoint file adds, read by drop-offs as where a customer buys instead."""
        t = self._by_id.get(MARKETPLACE)
        return t.patterns if t else ()

    @cached_property
    def drop_offs(self) -> DropOffReader:
        """The drop-off reader of this list's marketplaces (compiled once per lexicon)."""
        return DropOffReader(self.marketplace_names())

    def as_dict(self) -> dict[str, tuple[str, str, str]]:
        """``{id: (name, control, joined pattern)}`` - the shape of :data:`TOUCHPOINTS`."""
        return {t.id: (t.name, t.control, "|".join(t.patterns)) for t in self.touchpoints}


_DEFAULT = TouchpointLexicon(BUILTIN_TOUCHPOINTS)
#: Built-in touchpoints as ``{id: (name, control, pattern)}`` (kept for the report; use a
#: :class:`TouchpointLexicon` from :func:`load_touchpoints` to honour the user's list).
TOUCHPOINTS: dict[str, tuple[str, str, str]] = _DEFAULT.as_dict()

_OPT_IN = {t.id: t for t in OPT_IN_TOUCHPOINTS}
_TP_KEYS = {"id", "name", "control", "patterns"}
_TOP_KEYS = {"replace", "drop", "touchpoint"}
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def _merge(base: dict[str, Touchpoint], tables: Sequence[dict], source: str) -> None:
    for i, tab in enumerate(tables, 1):
        if not isinstance(tab, dict):
            raise ConfigError(f"Touchpoint #{i} in '{source}' must be a [[touchpoint]] table.")
        bad = set(tab) - _TP_KEYS
        if bad:
            raise ConfigError(f"Unknown key(s) {sorted(bad)} in touchpoint #{i} of '{source}'. Valid keys: {sorted(_TP_KEYS)}.")
        tid = tab.get("id")
        if not isinstance(tid, str) or not _ID.match(tid):
            raise ConfigError(f"Touchpoint #{i} in '{source}' needs an 'id' of lowercase letters, digits and _. Got {tid!r} instead.")
        where = f"touchpoint '{tid}' in '{source}'"
        control = tab.get("control")
        if control is not None and control not in CONTROL_CLASSES:
            raise ConfigError(f"The 'control' of {where} must be one of {list(CONTROL_CLASSES)}. Got {control!r} instead.")
        pats = tab.get("patterns", [])
        if not isinstance(pats, list) or not all(isinstance(p, str) and p.strip() for p in pats):
            raise ConfigError(f"The 'patterns' of {where} must be a list of non-empty strings (regexes matched at word start).")
        compile_keywords(pats, where)
        name = tab.get("name")
        if name is not None and not isinstance(name, str):
            raise ConfigError(f"The 'name' of {where} must be a string. Got {type(name).__name__} instead.")
        old = base.get(tid) or _OPT_IN.get(tid)
        if old is None:
            if not pats or control is None:
                raise ConfigError(f"New {where} needs 'control' ({' | '.join(CONTROL_CLASSES)}) and at least one pattern. "
                                  f"Opt-in built-in touchpoints, turned on by their id alone: {sorted(_OPT_IN)}.")
            base[tid] = Touchpoint(tid, name or tid.replace("_", " ").capitalize(), control, tuple(pats))
        else:
            base[tid] = Touchpoint(tid, name or old.name, control or old.control, old.patterns + tuple(pats))


def load_touchpoints(path: str | Path | None = None, extra: Sequence[dict] = (), extra_source: str = "stage file",
                     drop: Sequence[str] = ()) -> TouchpointLexicon:
    """Build the touchpoint lexicon: built-ins, then the stage file's drops and tables, then the user's file. A table naming
    an opt-in built-in id (:data:`OPT_IN_TOUCHPOINTS`, e.g. ``app_store``) turns that touchpoint on.

    Args:
        path: Optional TOML file (``[stages] touchpoints``) with ``replace``, ``drop`` and
            ``[[touchpoint]]`` tables; '' or None for none.
        extra: ``[[touchpoint]]`` tables from the stage model (``StageModel.touchpoints``).
        extra_source: Where ``extra`` and ``drop`` came from, for error messages.
        drop: Built-in ids the stage model removes (``StageModel.drop_touchpoints``). An id the
            touchpoint file already dropped (or ``replace = true`` removed) is fine.

    Returns:
        The merged :class:`TouchpointLexicon`.

    Raises:
        ConfigError: File missing, bad TOML, unknown key, bad id, control class or pattern.
    """
    base = {t.id: t for t in BUILTIN_TOUCHPOINTS}
    raw: dict = {}
    if path:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"Touchpoint file '{p}' does not exist. Fix [stages] touchpoints or create it (see pipeline/journey/_touchpoints.py).")
        try:
            raw = tomllib.loads(p.read_text(encoding="utf-8-sig"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"Touchpoint file '{p}' is not valid TOML: {exc}. Fix the syntax at the position shown.") from None
        bad = set(raw) - _TOP_KEYS
        if bad:
            raise ConfigError(f"Unknown key(s) {sorted(bad)} at the top of touchpoint file '{p}'. Valid keys: {sorted(_TOP_KEYS)}.")
        if not isinstance(raw.get("replace", False), bool):
            raise ConfigError(f"'replace' in touchpoint file '{p}' must be true or false. Got {raw['replace']!r} instead.")
        if raw.get("replace"):
            base = {}
        drop_file = raw.get("drop", [])
        if not isinstance(drop_file, list) or not all(isinstance(d, str) for d in drop_file):
            raise ConfigError(f"'drop' in touchpoint file '{p}' must be a list of touchpoint ids.")
        unknown = sorted(set(drop_file) - set(base))
        if unknown:
            raise ConfigError(f"'drop' in touchpoint file '{p}' names unknown touchpoint(s) {unknown}. Built-in ids: {sorted(base)}.")
        for d in drop_file:
            base.pop(d)
    if isinstance(drop, str) or not all(isinstance(d, str) for d in drop):
        raise ConfigError(f"'drop_touchpoints' in '{extra_source}' must be a list of touchpoint ids. Got {drop!r} instead.")
    builtin = [t.id for t in BUILTIN_TOUCHPOINTS]
    unknown = [d for d in drop if d not in builtin]
    if unknown:
        raise ConfigError(f"'drop_touchpoints' in '{extra_source}' names unknown touchpoint(s) {unknown}. Built-in ids: {builtin}.")
    for d in drop:
        base.pop(d, None)
    _merge(base, list(extra), extra_source)
    if path:
        _merge(base, raw.get("touchpoint", []), str(path))
    return TouchpointLexicon(base.values())


def detect_touchpoints(text: str, lexicon: TouchpointLexicon | None = None) -> list[str]:
    """Touchpoint ids mentioned in a text (built-in lexicon unless one is given).

    Example:
        >>> detect_touchpoints("Zadzwoniłam na infolinię, a potem napisałam na czacie")
        ['phone', 'chat']
    """
    return (lexicon or _DEFAULT).detect(text)


# where a record of each source type came through when its channel and file name nothing more specific
_SOURCE_DEFAULT = {"chat": "chat", "social": "social", "review": "review_sites"}
#: Source types published on a platform (a review site, a marketplace, an app store, a social network), one the company
#: does not run: a file or channel naming an owned touchpoint ('app_reviews.csv') says what the reviews are about, not
#: where they were written. Where they were written is not where their moment happened (:func:`published_on`).
PUBLISHED_SOURCES = ("review", "social")
# a channel's export codes that are no words of customer text (a helpdesk's via.channel 'mobile' or 'voice', a store
# review's 'ios'), spelled out for the lexicon
_CHANNEL_CODES = {"chat": {"mobile": "mobile application", "ios": "mobile application", "android": "mobile application",
                           "voice": "by phone", "call": "by phone", "phone": "by phone"},
                  "review": {"ios": "app store", "android": "google play"}}


def _lexicon(known: TouchpointLexicon | Container[str] | None) -> TouchpointLexicon:
    """``known`` itself, the built-in lexicon (None) or the built-in touchpoints whose ids ``known`` holds."""
    if isinstance(known, TouchpointLexicon):
        return known
    return _DEFAULT if known is None else TouchpointLexicon(t for t in BUILTIN_TOUCHPOINTS if t.id in known)


def source_touchpoint(source_type: str, channel: str, source_file: str = "",
                      known: TouchpointLexicon | Container[str] | None = None) -> str:
    """The touchpoint a record itself came through ('' for interviews and plain tables).

    The run's touchpoint lexicon reads the record's channel (a chat's medium, a review's platform) as
    it reads text, so a marketplace or app store the user's touchpoint file adds is a review's
    platform too. A record without a channel column (its channel is its source type, "review" or "chat")
    came through what its file or folder name says: a review was published there (``reviews/ozon_reviews.csv``),
    a chat held there (``portal/portal_messages.csv``: a patient portal the stage file names). A review or social
    comment is published on a platform the company does not run (see :data:`PUBLISHED_SOURCES`);
    a chat came through any touchpoint its channel names ("app_chat": the app; a messenger, "telegram" or "Facebook Messenger",
    is the chat itself, while a social comment on Telegram stays ``social``: the chat touchpoint is the company's own).
    A name that names nothing else leaves the source type's own touchpoint: ``review_sites``,
    ``chat`` or ``social``.

    Args:
        source_type: ``chat``, ``review``, ``social``, ``interview`` ….
        channel: The record's channel.
        source_file: The record's file, relative to the corpus (its folders count too).
        known: The run's :class:`TouchpointLexicon` (None: the built-in one; a set of ids: those built-in
            touchpoints). A platform whose touchpoint it lacks is the default: an Ozon review reads as
            ``review_sites`` when a touchpoint file dropped ``marketplace``, an App Store review is
            ``app_store`` only where the stage file has that touchpoint (the app template).

    Example:
        >>> source_touchpoint("review", "review", "reviews/wb_feedbacks_export.csv"), source_touchpoint("review", "Google")
        ('marketplace', 'review_sites')
        >>> source_touchpoint("chat", "chat", "support/app_messages.csv"), source_touchpoint("chat", "chat", "chats/intercom.json")
        ('app', 'chat')
    """
    default = _SOURCE_DEFAULT.get(source_type, "")
    if not default:
        return ""
    codes = _CHANNEL_CODES.get(source_type, {})
    name = " ".join(codes.get(w, w) for w in _NAME_PARTS.split((channel or "").lower()))
    if (channel or "").strip().lower() in ("", source_type):   # no medium given: the file or folder name says
        name = str(source_file or "")
    if source_type == "chat" and _MESSENGER.search(fold(name)):
        return default
    controls = ("partly", "uncontrolled") if source_type in PUBLISHED_SOURCES else CONTROL_CLASSES
    return _lexicon(known).named(name, default, controls) or default


def published_on(source_type: str, touchpoint: str) -> str:
    """Where a record was published: its source touchpoint for a review or a social comment, '' for a
    conversation (a chat about the hotline happened in the chat, a moment of it).

    Example:
        >>> published_on("review", "marketplace"), published_on("chat", "chat")
        ('marketplace', '')
    """
    return touchpoint if source_type in PUBLISHED_SOURCES else ""


# ---- drop-off signals -------------------------------------------------------------------------
# A competitor's name after "switched to", "przechodzę do", "перехожу в": a capitalised word (Fakturownia, Xero, Контур) or one with a
# capital inside (wFirma, inFakt); not an acronym (KSeF, B2B, VAT), a plan (Pro, Premium), a language or platform (English, Android),
# "Pan/Pani" or "Вам" written with a capital, a screen of the app ("przechodzę do Ustawień", "перехожу в Настройки > Реквизиты"),
# nor a word followed by "plan", "tier", "тариф"
_NOT_A_RIVAL = (r"(?!(pro|premium|plus|basic|business|biznes|enterprise|standard|starter|team|teams|free|annual|monthly|yearly|growth|"
                r"professional|lite|light|dark|max|ultimate|english|polish|russian|ukrainian|german|french|spanish|angielsk\w*|polsk\w*|"
                r"android\w*|ios|iphone\w*|ipad\w*|mac\w*|windows\w*|linux\w*|chrome|firefox|safari|edge|"
                r"pan|pana|panu|panem|pani|panią|państw\w*|was|wam|wami|wasz\w*|you|your|вам|вас|вами|ваш\w*|тебе|теб\w*|"
                r"про|премиум|бизнес|стандарт|базов\w*|старт\w*|английск\w*|русск\w*|"
                r"settings|invoices|reports|dashboard|home|menu|admin\w*|profile|billing|payments|help|inbox|paypal|klarna|payu|przelewy24|"
                r"ustawie\w*|faktur(y|ach|ami)?|raport\w*|panel\w*|pulpit\w*|profil\w*|kontrahent\w*|koszt\w*|zakładk\w*|główn\w*|pomoc\w*|płatnoś\w*|"
                r"kont(o|a|u)|krok\w*|sekcj\w*|moduł\w*|настройк\w*|сч[её]т\w*|отч[её]т\w*|главн\w*|меню|помощ\w*|оплат\w*|раздел\w*|модул\w*|"
                r"кабинет\w*|профил\w*|аккаунт\w*|шаг\w*)\b)")
_RIVAL = _NOT_A_RIVAL + (r"(?-i:[A-ZĄĆĘŁŃÓŚŹŻА-ЯЁ][a-ząćęłńóśźżа-яё]|[a-z]{1,3}[A-Z][a-z])\w*\b"
                         r"(?! (plan|tier|version|edition|package|subscription|licen[cs]e|mode|pricing|billing|account|pakiet|abonament|wersj|taryf|"
                         r"тариф|план|верси|пакет|подписк)\w*)(?!\s*[>→»/|])")
# a rival one looks at again: also a name that starts with a digit ("I'll look at 7shifts again")
_RIVAL_AGAIN = _NOT_A_RIVAL + r"(?-i:[A-ZĄĆĘŁŃÓŚŹŻА-ЯЁ][a-ząćęłńóśźżа-яё]|[a-z]{1,3}[A-Z][a-z]|\d+[A-Za-z]{2,})\w*"
# "moving to Warsaw" is not leaving: "move" counts with a name that has a capital inside (wFirma, QuickBooks), with "over", "our books"
# and the like, or with "instead"
_RIVAL_INSIDE = _NOT_A_RIVAL + r"(?-i:[A-Za-z][a-z]*[A-Z][a-z])\w*\b(?!\s*[>→»/|])"
_DROP_PATTERNS = (
    # en
    r"gave up", r"give up", r"giving up", r"changed my mind", r"walked out", r"walked away",
    r"cancel+(ed|ing)? (my|the|our) (order|subscription|membership|contract|account|plan|booking|trial)",
    r"abandoned (my|the) (cart|basket|order|application)", r"closed the (app|tab|page|site)", r"decided (not to|against)",
    r"went (to|with) (another|a competitor|someone else|the competition)", r"switch(ed|ing) to (another|a competitor|\w+ instead)",
    r"never (again|buying|ordering|coming back|going back)", r"won'?t (be )?(buy|order|come back|renew|return|be back)",
    r"not (renewing|coming back|going back)", r"bought (it |one )?elsewhere", r"ordered (it )?elsewhere",
    r"deleted (the|your|their) app", r"uninstall", r"(i'?m|we'?re) (leaving|done with|out)\b", r"left (them|for)\b",
    # "I left after two sessions", "we left in March", "I left the gym": the speaker leaving ("I left a review", "I left my towel" are not)
    r"(i|we)(['’]ve| have| had)?( (just|finally|eventually|then|already|actually|ultimately|also|both))* left\b(?=\s*([.!;,]|$|"
    r"(after|within) (a|an|one|two|three|four|five|six|a few|several|just|\d+) |because\b|when\b|for good\b|"
    r"(the|your|this|their) (gym|club|studio|bank|app|service|company|platform|program|programme|membership|school|network)\b|"
    r"in (january|february|march|april|may|june|july|august|september|october|november|december|\d{4}|the end)\b))",
    r"stopped (going|using|buying|ordering|paying|coming)", r"quit\b",
    # en: considering leaving, handing in notice, going to a competitor ("If nothing changes, I'll go there")
    r"(thinking|thought|considering|considered|contemplating) (of |about |seriously about )?(cancel+(ing)?\b|quitting\b|"
    r"leaving\b(?! (them |you |him |her )?(a |an |my |some |this |the |one )?(\w+[- ])?(reviews?|comments?|feedback|tips?|notes?|messages?|ratings?|stars?)\b)(?! (early|home|work|it|this one)\b)|"
    r"switching (providers?|gyms?|clubs?|banks?|operators?|insurers?|companies|to (another|a (different|competitor|rival)|the competition))|"
    r"changing (gyms?|clubs?|banks?|providers?|operators?|insurers?|companies))",
    r"cancel+(ed|ing)? (my|the|our) ([\w+&'’]+[- ]){1,2}(subscription|membership|contract|account|plan|pass)\b",
    r"(i|we)( have|['’]ve)?( already| just)? cancel+ed (in|by|through|via|online|after|last (month|year)|(a|two|three|\d+) (weeks?|months?) ago)\b",
    r"(switch(ed|ing)?|mov(ed|ing)) away from (them|you|it|this)\b",
    r"(hand(ed|ing)? in|g(ave|ive|iving|iven)|put(ting)? in|sen(t|d|ding)|submit(ted|ting)?|fil(ed|ing)) (my|our) (notice|cancellation|termination)\b",
    r"(sen(t|d|ding)|submit(ted|ting)?|fil(ed|ing)) (a|the) (cancellation|termination) (request|form|letter|notice|e-?mail)",
    r"(i['’]?m|i am|we['’]?re|we are) cancel+ing\b(?! (the|my|our|your) (meeting|appointment|card|payment|visit|class|session))",
    r"(i['’]?ll|i will|we['’]?ll|we will|i['’]?m going to|i['’]?m gonna|we['’]?re going to) (probably |just |likely |definitely |then |simply )?"
    r"(go|move|switch|take (my|our) (business|money)) (elsewhere|somewhere else|to (another|a (different|competitor|rival)|the competition))",
    r"(if|unless|once)\b[^.!?\n]{0,80}?\b(nothing (changes|improves|happens)|doesn['’]?t|don['’]?t|won['’]?t|isn['’]?t|aren['’]?t|not)\b[^.!?\n]{0,60}?"
    r"(?<!\w)(i['’]?ll|i will|we['’]?ll|we will) (probably |just |likely |definitely |then |simply )?(go|move|switch) (there|over|to them)\b",
    # en: switching to a named competitor, closing the account, "we'll pass"
    r"(switched|switching|(i|we)( will|['’]ll|['’]re going to| are going to|['’]m going to| am going to| decided to| want to| plan to)? switch)"
    r"( (over|back))? to " + _RIVAL,
    r"(mov(ed|ing)|move)( (over|across|back))? to " + _RIVAL_INSIDE,
    # "I'll just use Deliveroo", "we'll use Xero instead": a rival nobody listed ("I'll use PayPal" pays, see _NOT_A_RIVAL)
    r"(i['’]?ll|i will|we['’]?ll|we will|i['’]?m going to|i['’]?m gonna|we['’]?re going to)( (just|simply|rather|probably|then))+ "
    r"(use|go with|order (from|with)|stick (with|to)) " + _RIVAL,
    r"(i['’]?ll|i will|we['’]?ll|we will|i['’]?m going to|i['’]?m gonna|we['’]?re going to)( (just|simply|rather|probably|then))* "
    r"(use|go with|order (from|with)) " + _RIVAL + r" (instead|from now on)\b",
    r"(mov(ed|ing)|move) (over|across|everything|all of (it|this|our \w+)|our (\w+ ){0,2}(data|books|accounts|accounting|bookkeeping|invoic\w*|"
    r"payroll|business|team|company|clients|customers)) to " + _RIVAL,
    r"(mov(ed|ing)|move) to " + _RIVAL + r" instead\b",
    r"(close|delete|deactivate|terminate) (my|our) (\w+ )?account\b(?![- ]?(manager|number|details|settings|page|balance|owner|holder|name|e-?mail|password|info))",
    r"(i|we)( have|['’]ve)?( just| already| finally)? (closed|deleted|deactivated|terminated) (my|our) (\w+ )?account\b(?![- ]?(manager|number|details|settings|page|balance))",
    r"(i|we)( will|['’]ll| shall|['’]re going to|['’]m going to| are going to| am going to)( have to| probably| just| simply)? pass"
    r"(( for now| this time| on (it|this one|this|that|the (offer|upgrade|renewal|deal|trial|plan|subscription)))+\b|(?=\s*([.!,;]|$|thanks|thank you|but\b)))",
    # en: a threat on a condition ("If the renewal price doesn't come down I might just move", "if the price goes up, I will
    # look again", "unless the sync gets fixed, we'll switch"): after "if" the condition names the price, the contract or a
    # failure; the verb ends its clause ("If it rains, I'll move the delivery" is no threat)
    r"(if\b[^.!?\n]{0,80}?\b(price[sd]?|pricing|cost|costs|fees?|renewal|subscription|contract|rates?|bill|nothing|not|n['’]t|never|again|"
    r"keeps?|still)\b|unless\b|once (the|my|our) (contract|subscription|plan|term|trial|year)\b)[^.!?\n]{0,60}?"
    r"(?<!\w)(i|we)( will|['’]ll| might| may| could|['’]m going to| am going to|['’]re going to| are going to)"
    r"( probably| just| simply| definitely| then| seriously| honestly| have to)* (move|switch|leave|walk( away| out)?|quit|"
    r"look (again|around|elsewhere)|shop (around|elsewhere)|cancel( (the|my|our) (order|subscription|membership|contract|account|plan|booking))?)"
    r"(?=\s*([.!,;?…)]|$|(on|away|elsewhere|over|then|too|again|for good|providers|vendors|suppliers)\b))",
    # en: evaluating alternatives, shopping around, looking elsewhere or at a rival again ("I'll look at 7shifts again")
    r"(evaluating|exploring|looking (at|into|for)|considering|checking out|trial+ing|testing|shopping (for|around for)|talking to|"
    r"getting quotes from) (some |a few |other |cheaper |several |the )*(alternatives|competitors|other (vendors|providers|suppliers|"
    r"tools|solutions|platforms|apps|services|companies|carriers|banks|agencies|gyms|shops|stores))\b",
    r"((i|we)( will|['’]ll|['’]m going to| am going to|['’]re going to| are going to|['’]m|['’]re| am| are)|start(ed|ing)?) (now )?shop(ping)? around\b",
    r"(i['’]ll|i will|we['’]ll|we will|i['’]m going to|we['’]re going to|i['’]m gonna|(i|we) (might|may|have to))( probably| just| have to| definitely|"
    r" seriously| honestly| start to)? (look|shop) (elsewhere|somewhere else)\b",
    r"(look|looking) (at|into) " + _RIVAL_AGAIN + r" again\b",
    # en: near misses ("I almost cancelled then", "came close to leaving"): a churn risk; the flag has one kind, so they count
    r"(almost|nearly) (cancel+(ed)?|quit|left|gave up|switched|walked (out|away)|churned|unsubscribed|returned (it|everything)|"
    r"closed (my|our|the) account)\b",
    r"(came|come|coming) (so |very |this |really )?close to (cancel+ing|quitting|leaving|switching|giving up|walking (out|away)|closing (my|our) account)",
    r"(i|we) (was|were)( so| this| really)? (about to|ready to|this close to|so close to|on the verge of) (cancel+(ing)?|quit(ting)?|"
    r"leav(e|ing)|switch(ing)?|giv(e|ing) up|walk(ing)? (out|away))\b",
    # pl
    r"zrezygnow", r"rezygnuj", r"poddał(am|em|a|)", r"poddaj", r"odpuści(łam|łem|ł|ła)", r"anulowa(ł|łam|łem|liśmy|łyśmy)",
    r"odstąpi(łam|łem|liśmy)", r"poszł(am|em|iśmy|yśmy) do konkurencji", r"przeszł(am|em|iśmy) do (konkurencji|innego)",
    r"kupi(łam|łem|liśmy|ł|ła) gdzie indziej", r"zamówi(łam|łem|liśmy) gdzie indziej", r"nigdy więcej",
    r"więcej(\s+(już|u (was|nich)|tu|tam|w (tym|waszym|ich) (sklepie|salonie|klubie)|od (was|nich)|nic|nigdy))*\s+nie "
    r"(kupię|zamówię|przyjdę|wrócę|skorzystam|wezmę|kupimy|zamówimy|skorzystamy)", r"nie wrócę",
    # pl: cancelling an order ("anuluję zamówienie", "proszę anulować zamówienie"), buying where it is cheaper (on a marketplace:
    # _to_marketplace)
    r"anuluj(ę|emy|cie)(\s+(moje|to|nasze|swoje|te|tę|tą|całe|mi))*\s+(zamówieni|subskrypcj|abonament|rezerwacj|umow|zakup|członkostw|karnet)",
    r"(proszę|prosimy|chcę|chcemy|chciał\w*)( o)? anulowa(ć|nie)(\s+(moje|mojego|to|tego|nasze|naszego|całe|całego|tę|tej))*\s+"
    r"(zamówieni|subskrypcj|abonament|rezerwacj|zakup)",
    r"(kupię|zamówię|kupimy|zamówimy|wezmę)(\s+\w+)?\s+(tam|gdzie),? (gdzie )?taniej",
    # pl: near misses ("prawie zrezygnowałam", "o mało nie anulowałam", "już miałam odejść")
    r"(prawie|o mało( co)? nie|omal nie) (zrezygnowa|anulowa|odszed|odeszł|zwróci|wypowiedzia|poddał|usunęł|usunął)\w*",
    r"(już |nawet )?(miał(am|em|a|)|chciał(am|em|a|)|zamierzał(am|em|a|)) (już )?(zrezygnować|anulować|odejść|wypowiedzieć|"
    r"zwrócić wszystko|usunąć (konto|aplikację))",
    r"(usunęł(am|em|iśmy|yśmy)|usunąłem|usuwam|usuwamy|usunę|usuniemy)( (już|w końcu|po prostu|całkiem|wasz\w*|t(ę|o|ą)|moje|nasze|swoje))* "
    r"(apk|aplikacj|appk|konto|kont(a|em)\b|profil|subskrypcj|program)",
    r"odinstalow(ałam|ałem|aliśmy|ałyśmy|uję|ujemy|ywuję)",
    r"zmieni(łam|łem) zdanie", r"wyszł(am|em) (ze sklepu|z salonu|bez)", r"zamknęł(am|em) (aplikacj|stron|kart|konto)",
    r"wypowiedzia(łam|łem|liśmy|łyśmy)(?! się)", r"przesta(łam|łem|liśmy) (chodzić|kupować|zamawiać|korzystać|płacić)", r"odszed(łem|ł)", r"odeszł(am|a)",
    # pl: going over to a named competitor, asking to close the account, "na razie podziękujemy"
    r"(przechodz(ę|imy)|przeszł(am|em|a|iśmy|yśmy|y|i)|przeszed(łem|ł)|przejd(ę|ziemy)|(przenoszę|przenosimy) się|przenios(łam|łem|ła|ł|ę) się|"
    r"przenieśli(śmy)? się|przeniesiemy się) (do|na) " + _RIVAL,
    r"(proszę|prosimy|prośba) o (zamknięcie|usunięcie|likwidację|dezaktywację|anulowanie|rozwiązanie) (mojego |naszego |tego |mojej |naszej |tej )?"
    r"(kont|subskrypcj|abonament|umow)",
    r"(chcę|chcemy|chciał\w*|proszę|prosimy|muszę) (zamknąć|usunąć|zlikwidować) (moje |nasze |to |swoje )?kont(o|a)\b",
    r"(zamknąć|usunąć|zlikwidować) (moje|nasze|swoje) kont(o|a)\b",
    r"(na razie|tym razem|póki co) (podziękuj(ę|emy)|odpuszcz(ę|amy)|odpuścimy|rezygnuj(ę|emy))\b",
    # pl: considering cancelling / leaving / switching, handing in notice, going to a competitor
    r"(myśl\w*|pomyśl\w*|przemyśl\w*|zastanawia\w* się|zastanowi\w* się|rozważa\w*|rozważ(ę|ymy)|biorę pod uwagę) (o |nad )?(poważnie )?"
    r"(rezygnacj|odejści|wypowiedzeni|przejści\w* do|zmian\w* (klubu|siłowni|operatora|banku|sieci|dostawcy|ubezpieczyciela|firmy|sklepu|usługodawcy|salonu))",
    r"(skład(am|amy|ać)|złoży(łam|łem|liśmy|łyśmy|ć)|złożę|złożymy|wysła(łam|łem|liśmy)) (już )?(wypowiedzeni|rezygnacj)",
    r"(wypowi(em|emy|adam|adamy)|(chc(ę|emy|ia\w*)|zamierza\w*|planuj\w*) wypowiedzieć) (umow|abonament|karnet|członkostw|kontrakt)",
    r"(kupi(ę|my)|zamówi(ę|my)|pójdę|poszukam|znajdę)( to| je| go| sobie)? (gdzie(ś)? indziej|u konkurencji|w innym (sklepie|miejscu|klubie))",
    r"(pójdę|pójdziemy|przejdę|przejdziemy|przeniosę się|przeniesiemy się|przechodzę|przechodzimy|przenoszę się) (do|na) (konkurencj|"
    r"inn(ego|ej|ych) (klubu|siłowni|operatora|banku|sieci|sklepu|firmy|dostawcy|salonu|ubezpieczyciela))",
    r"(no to|w takim razie|to już|to chyba|to raczej|lepiej) (kupię|kupimy|zamówię|zamówimy|pójdę|przejdę)( to| je| go| sobie)? (w|do) (?-i:[A-ZĄĆĘŁŃÓŚŹŻ])\w*",
    r"(kupię|kupimy|zamówię|zamówimy) (to |je |go )?w (?-i:[A-ZĄĆĘŁŃÓŚŹŻ])\w*(\W+\w+)?\W+(bo |a |gdzie )?tam\b",
    # ru
    # "отказалась от заказа" and a bare "отказалась" are leaving; refusing to do something else is not ("Пункт выдачи отказался
    # фиксировать", "отказались принимать возврат"); a third party's refusal is skipped in drop_off_phrases
    r"передумал", r"(отказал(ся|ась|ись)|отказываюсь|отказываемся)(?!\s+(?!(покупать|заказывать|брать|оформлять|продлевать|пользоваться)\b)"
    r"\w+(ть|ти|чь)(ся|сь)?\b)",
    r"отменил(а|и)? (заказ|подписк|бронь|абонемент)", r"ухожу",
    r"уйду\b", r"(перешл(а|и)|перешёл) к",
    # "перешла на Windows", "перешли на годовой тариф" are not leaving: "на" needs another provider (or a name, below)
    r"(перешл(а|и)|перешёл) на (друг\w* (банк|оператор|сервис|провайдер|программ|приложени|компани|платформ|систем|сайт|магазин|салон|клуб)|конкурент)", r"купил(а|и)? в другом", r"заказал(а|и)? в другом",
    r"больше (не|никогда не) (буду|закажу|куплю|приду|вернусь|пользуюсь)", r"не вернусь", r"(удалил(а|и)?|удаляю|удаляем|удалю|удалим|снес(ла|ли)?|сношу) (ваше |это |ваш\w* |это\w* )?(приложени|прилож\w*\b)",
    r"больше(\s+(у (вас|них)|тут|здесь|там|к (вам|ним)|в (этом|вашем|их) (магазине|салоне|клубе)|никогда|уже|я|мы|ничего))+\s+"
    r"(не|ни за что не) (буду|закажу|куплю|приду|вернусь|возьму|обращусь|пользуюсь|покупаю|заказываю|беру|стану)",
    # ru: cancelling an order now ("я отменяю заказ", "отмените заказ"), ordering where it is cheaper (on a marketplace: _to_marketplace)
    r"отменя(ю|ем)(\s+(мой|свой|наш|этот|весь))?\s+(заказ|подписк|бронь|абонемент|членств|покупк)",
    r"отмените(,? пожалуйста,?)?(\s+(мой|наш|этот|мне))?\s+(заказ|подписк|бронь|абонемент)",
    r"(закажу|закажем|куплю|купим|возьму)(\s+\w+)?\s+(там|где),? (где )?дешевле",
    # ru: near misses ("чуть не отказалась", "почти ушла", "уже хотела отменить заказ")
    r"(чуть|едва)( было)? не (отказал|отменил|ушл|ушёл|уйти|сдал|бросил|вернул|передумал|расторг|удалил|отписал)\w*",
    r"почти (отказал|отменил|ушл|ушёл|передумал|сдал|бросил|расторг)\w*",
    r"(уже )?(хотел(а|и)?|собирал(ся|ась|ись)) (было |уже )?(отменить|отказаться|уйти|расторгнуть|удалить (приложение|аккаунт)|бросить)",
    r"бросил(а|и)? (заниматься|ходить|учиться|курс|это|попытки)", r"думал(а)? бросить", r"сдал(ся|ась)", r"плюнул(а)?",
    r"закрыл(а|и)? (вкладку|приложение|сайт|сч[её]т)", r"расторг", r"перестал(а|и)? (ходить|покупать|заказывать|пользоваться|платить)",
    # ru: going over to a named competitor, asking to close the account or cancel the subscription, "пока откажемся"
    r"(перехожу|переходим|перешл(а|и)|перешёл|перейду|перейдём|ухожу|уходим|ушл(а|и)|ушёл) (в|на|к) " + _RIVAL,
    r"(закройте|удалите|деактивируйте)(,? пожалуйста,?)? (мой |наш |мою |нашу )?(аккаунт|учётн\w* запис|профиль|личный кабинет|кабинет)",
    r"(прошу|просим|хочу|хотим|хотел\w* бы) (закрыть|удалить|деактивировать) (мой |наш |мою |нашу )?(аккаунт|учётн\w* запис|профиль|личный кабинет|кабинет)",
    r"(закрыть|удалить|деактивировать) (мой|наш|мою|нашу|свой|свою) (аккаунт|учётн\w* запис|профиль|личный кабинет)",
    r"(я|мы) (уже |просто |сам\w* )?(удалил|закрыл)(а|и)? (мой |свой |наш )?(аккаунт|учётн\w* запис|профиль)",
    r"(хочу|хотим|хотел\w* бы|прошу|просим) (отменить|отключить|прекратить) (мо\w+ |наш\w* |сво\w+ |эту )?(подписк|абонемент|членств|автопродлени)",
    r"(пока|в этот раз|на этот раз) (откажусь|откажемся|воздержусь|воздержимся|пас)\b", r"(я|мы) пас\b",
    # ru: "ушла/ушли/ушёл" of a person - "я/мы … ушли", or "ушла от вас / к ним / в другой салон" ("ушла фактура", "деньги ушли" are a
    # payment going through)
    r"(я|мы|сама|сами)(\s+(?!(не|ни|никогда)\b)\w+){0,4}?\s+уш(ла|ли|ёл)\b(?!\s+(в отпуск|в декрет|на пенсию|на больничн|на обед|на перерыв|спать|с работы|на работу)\b)",
    r"уш(ла|ли|ёл)(\s+\w+){0,2}?\s+(от (вас|них|неё|него|этого|этой|этих|вашего|вашей|их)\b|к (ним|вам|конкурент|друг(ому|ой|им)\b)|(в|на) друг(ой|ую|ое|ие|ого)\b|из (этого|этой|вашего|вашей|их|клуба|банка|сервиса|салона|студии|школы|сети)\b)",
    # ru: considering leaving / cancelling / switching, cancellation requests, going to a competitor
    r"(думаю|думал(а|и)?|подумываю|подумывал(а|и)?|задумываюсь|задумал(ся|ась|ись)|собираюсь|собираемся|планирую|всерьез думаю) (о |об )?"
    r"(уйти|уходе|отказаться|расторгнуть|расторжени|переходе (к|в|на)|перейти (к|в|на) (друг|конкурент)|"
    r"смен(ить|е) (клуб|банк|оператор|провайдер|зал|фитнес|страхов|компани|магазин|салон))",
    r"(хочу|хотим) (расторгнуть|разорвать договор|уйти от (вас|них))",
    r"(подал(а|и)?|подаю|подам|подаем|написал(а|и)?|пишу|напишу|отправил(а|и)?|оставил(а|и)?) заявлени\w* (на|о) (расторжени|прекращени|отказ)",
    r"(пойду|пойдем|перейду|перейдем|уйду|уйдем|буду ходить) (в|к|на) (друг(ой|ую|ое|им|ому) (клуб|зал|фитнес|банк|оператор|магазин|салон|компани|сервис|провайдер|сеть|место)|конкурент)",
    r"(куплю|купим|закажу|закажем) (в другом (месте|магазине|клубе)|у конкурентов|где-нибудь еще|в другой)",
)


def _to_marketplace(market: str) -> list[str]:
    """Drop-off patterns of buying on a marketplace instead ("закажу на вб", "kupię na Allegro", "I'll just order it on Amazon",
    "перешла на Озон"), ``market`` being the run's marketplace names (:meth:`TouchpointLexicon.marketplace_names`). Selling
    there ("Starą kanapę sprzedałam na OLX") is no drop-off: no buying verb comes before the name."""
    return [
        r"(kupię|zamówię|kupimy|zamówimy|wezmę|weźmiemy|będę (kupować|zamawiać|brać))(\s+(to|je|go|sobie|chyba|raczej|już|jednak|lepiej|"
        r"wtedy|po prostu))*\s+(na|w|z|przez|u) " + market,
        r"(закажу|закажем|куплю|купим|возьму|возьм[её]м|буду (заказывать|брать|покупать))(\s+(лучше|тогда|уже|просто|вс[её]-таки|наверное|"
        r"пожалуй|это|его|е[её]|их))*\s+(на|в|с|у) " + market,
        r"(перехожу|переходим|перешл(а|и)|перешёл|перейду|ушл(а|и)|ушёл|уйду) (на|в) " + market,
        r"(i['’]?ll|i will|we['’]?ll|we will|i['’]?m going to|we['’]?re going to|i['’]?m gonna)( (just|probably|rather|then|simply|"
        r"definitely|now))* (buy|order|get)( (it|them|one|this|that|these|those|the same( \w+)?))? (on|from|at|via|through) (the )?" + market,
    ]
# "never let me give up", "nie zrezygnowałam", "не передумал": a negation right before the match, in the same clause, cancels
# it ("If they don't fix it, I'll go elsewhere" and "Nie, zrezygnowałam" stay drop-offs)
_NEGATION = re.compile(r"(?:(?<!\w)(?:not|never|didn['’]?t|don['’]?t|won['’]?t|wouldn['’]?t|nie|nigdy|не|никогда|ни)"
                       r"[^\w,;:.!?…]+(?:\w+[^\w,;:.!?…]+){0,2})$", re.IGNORECASE)
# (folded like the text it is matched against: "nigdy wiecej")
_NEGATION_SAFE = re.compile(fold(r"^(nigdy więcej|never again|не вернусь|nie wrócę|больше)"), re.IGNORECASE)
# "Думала уйти… Я пока осталась из-за бассейна", "thought about cancelling but I stayed": staying right after cancels it
_STAYED = re.compile(fold(
    r"(?<!\w)(?:"
    r"(?:я|мы|пока|все-таки|всё-таки|все же|всё же|в итоге|в конце концов|но|решил[аи]?)\s+(?:(?:пока|все-таки|всё-таки|все же|всё же|в итоге|всё равно|все равно)\s+)?"
    r"(?:остал(?:ась|ся|ись)|остаюсь|остаёмся|останусь|останемся)(?!\w)"
    r"(?! (?:очень |вполне |не )?(?:не)?довольн| (?:\w+ )?(?:осадок|вопрос|проблем|впечатлени|чувство|ощущени|неприятн)| (?:без|один|одна|одно|только|лишь)\b)"
    r"|(?:остал(?:ась|ся|ись)|остаюсь|остаёмся|останусь|останемся) (?:из-за|ради|у вас|с вами|у них|с ними|в клубе|клиент)"
    r"|(?:i|we) (?:decided to stay|ended up staying|stayed|am staying|['’]m staying|are staying|['’]re staying)\b"
    r"(?! (?:at|in|home|up|late|over|overnight|the night|there|away|with (?:a|my|friends|family))\b)"
    r"|(?:ale|jednak|w końcu|na razie|póki co|mimo to|ostatecznie|i tak) (?:jednak )?zosta(?:łam|łem|liśmy|łyśmy|ję|jemy|nę|niemy)(?!\w)"
    r"(?! \w+(?:an|on|ęt)(?:a|y|e|i|ą)?\b)"
    r")"), re.IGNORECASE)

# "uninstalled it and reinstalled", "Odinstalowałam i zainstalowałam ponownie", "Удалила приложение и поставила заново": removing the app to
# install it again is troubleshooting, not leaving (in the same sentence, right after)
_REINSTALLED = re.compile(fold(
    r"[^.!?…\n]{0,50}?(?<!\w)(?:re-?install|install\w* (?:it |them )?(?:again|back)|(?:za)?instalow\w* (?:ją |je |go )?(?:ponownie|"
    r"jeszcze raz|znowu|od nowa)|ponownie (?:za)?instal|переустанов|(?:поставил|установил|скачал)\w* (?:его |е[её] )?(?:заново|снова|обратно))"),
    re.IGNORECASE)

# "Gdybym nie był programistą, to bym się poddał", "Если бы не скидка, я бы давно ушла", "I would have given up": a hypothetical
# ("bym", "бы", "would have" in the same clause, or glued on: "zrezygnowałabym") cancels the signal. A wish or polite request is not a
# hypothetical: "chciałabym zrezygnować", "хотела бы отменить подписку", "I would like to close my account"; nor is an emphatic
# "never": "Nigdy więcej bym tam nie zamówiła", "I would never go back".
_CONDITIONAL = re.compile(fold(
    r"(?:(?<!\w)(?:bym|byś|byśmy|byście|gdyby\w*|jeśliby|jeżeliby|(?:to|on|ona|ono|oni|one|ktoś|każdy|nikt|już|dawno|pewnie|chyba) by|бы|б|"
    r"would(?: have|['’]ve)?)|['’]d have|['’]d['’]ve)(?!\w)"), re.IGNORECASE)
_WISH_BEFORE = re.compile(fold(r"(?:(?:хотел\w*|хотелось|мог\w*|можно было)\s+бы|(?:chcia|prosi|mógł|mogł|mogli)\w*\s+by\w*)$"), re.IGNORECASE)
_WISH_AFTER = re.compile(r"бы\s+(?:хотел|хотелось)|would (?:like|love|prefer|want|appreciate|be grateful|never)", re.IGNORECASE)
_GLUED_CONDITIONAL = re.compile(r"l[aoiy]?(?:bym|bys|by|bysmy|byscie)$", re.IGNORECASE)
_CONDITIONAL_AFTER = re.compile(r"\s+(?:бы|б|bym|bys|by)(?!\w)", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:.!?…\n]")


def _hypothetical(t: str, start: int, end: int) -> bool:
    """True when the drop-off phrase ``t[start:end]`` (folded text) is in a conditional clause."""
    lo = max(0, start - 60)
    cuts = [m.end() for m in _CLAUSE_END.finditer(t, lo, start)]
    clause = t[cuts[-1] if cuts else lo:end]
    for m in _CONDITIONAL.finditer(clause):
        if not (_WISH_BEFORE.search(clause, 0, m.end()) or _WISH_AFTER.match(clause, m.start())):
            return True
    # glued on or right after the phrase's last word: "zrezygnowałabym", "poddałbym się", "ушла бы"
    word_end = end
    while word_end < len(t) and t[word_end].isalnum():
        word_end += 1
    last_word = re.split(r"\W+", t[start:word_end])[-1]
    return bool(_GLUED_CONDITIONAL.search(last_word) or _CONDITIONAL_AFTER.match(t, word_end))


# "курьер СДЭК отказался ждать", "The courier gave up", "They cancelled my order", "Kurier się poddał", "my trainer left for another
# gym", "[PERSON] quit": a third party named right before the verb (at most two words before it, no "and" or "I" between: "Called
# support and gave up" is the customer's) refused, gave up or left. People who serve the customer (staff) are named in the nominative,
# the case of a subject: "из-за тренера ушла", "przez trenera" are the customer's.
_STAFF = (r"trainers?|coach(?:es)?|instructors?|teachers?|tutors?|receptionists?|therapists?|physio|stylists?|hairdressers?|barbers?|"
          r"advis[eo]rs?|consultants?|employees?|agents?|managers?|"
          r"trener(?:ka|zy|ki)?|instruktor(?:ka|zy|ki)?|recepcjonist(?:a|ka|ki)|recepcja|kierowni(?:k|czka)|menedżer(?:ka)?|manager|"
          r"doradc(?:a|zyni)|opiekun(?:ka)?|fizjoterapeut(?:a|ka)|lektor(?:ka)?|nauczyciel(?:ka)?|fryzjer(?:ka)?|"
          r"тренер(?:ы|ша)?|инструктор(?:ы|ша)?|администратор(?:ы|ша)?|управляющ(?:ий|ая)|преподаватель(?:ница)?|учитель(?:ница)?|"
          r"сотрудница|консультанты")
_THIRD_PARTIES = (
    r"(?<!\w)(?:курьер|водитель|пункт выдачи|пвз|постамат|продавец|магазин|поддержка|оператор|менеджер|сотрудник|сотрудники|склад|банк|"
    r"сдэк|почта|служба|сервис|сайт|приложение|консультант|кассир|администратор|мастер|они|он|она|"
    r"the (?:courier|driver|postman|delivery (?:guy|man|driver|company|service)|store|shop|seller|vendor|agent|operator|bank|company|manager|"
    r"technician|installer|staff|system|app|site|warehouse|carrier)|support|they|he|she|"
    r"kurier|kierowca|sklep|sprzedawca|sprzedawczyni|obsługa|konsultant(?:ka)?|infolinia|bank|firma|magazyn|pracownik|pracownica|oni|ona|"
    r"monter|serwis|system|aplikacja|paczkomat|punkt|" + _STAFF + r")(?!\w)"
    # a person's redacted name
    r"|\[person\]")
# a marketplace by name or as one ("Amazon cancelled my order", "WB отказался", "маркетплейс отменил"), not after a preposition: "на Озоне
# отменила заказ" is the customer's
_NOT_AFTER_PREPOSITION = r"(?<!\w)(?<!на )(?<!в )(?<!с )(?<!у )(?<!na )(?<!w )(?<!z )(?<!u )(?<!on )(?<!at )(?<!in )(?<!via )(?<!from )"
_SUBJECT_BREAK = re.compile(fold(r"(?<!\w)(?:я|мы|сама|сами|сам|и|а|но|i|we|ja|my|sama|sam|and|but|so|then|ale|a|więc)(?!\w)"),
                            re.IGNORECASE)
_TOKEN = re.compile(r"\[[A-Za-z_]+\]|\w+")
# a name inside a sentence ("a Kasia odeszła", "then Mark quit"): a capitalised word not opening the sentence, not "I" or an acronym,
# not after a preposition ("On Monday", "w Zdrofit", "в Ozon": a day or a place)
_CAPITALISED = re.compile(r"(?<!\w)[A-ZА-Я][a-zа-я]+(?!\w)")
_OPENS = re.compile(r"(?:^|[.!?…\n\"«„“(:]|(?<!\w)(?:in|on|at|of|to|by|for|from|since|until|after|before|w|we|na|do|od|po|z|ze|u|przez|"
                    r"в|во|на|из|от|до|по|с|к|у|после|через))\s*$", re.IGNORECASE)


def _named(t: str, lo: int, hi: int) -> list[int]:
    """Ends of the names in ``t[lo:hi]`` (folded text): capitalised words inside a sentence, not after a preposition."""
    return [m.end() for m in _CAPITALISED.finditer(t, lo, hi) if not _OPENS.search(t, max(0, m.start() - 12), m.start())]


def _third_party(t: str, start: int, third: re.Pattern) -> bool:
    """True when a third party (``third``) is the subject right before the drop-off phrase at ``t[start:]`` (folded text)."""
    lo = max(0, start - 40)
    cuts = [m.end() for m in _CLAUSE_END.finditer(t, lo, start)]
    words = list(_TOKEN.finditer(t, cuts[-1] if cuts else lo, start))[-3:]
    if not words:
        return False
    near = words[0].start()
    ends = [m.end() for m in third.finditer(t, near, start)]
    ends += _named(t, near, start)
    return bool(ends) and not _SUBJECT_BREAK.search(t, max(ends), start) and not _SUBJECT_BREAK.match(t, start)


# Polish past tense says who: "zrezygnowałam", "odszedłem", "anulowaliśmy" are the speaker's; "odeszła", "zrezygnował", "anulowali" someone
# else's (a customer speaks of themselves in the first person). The first past-tense word of a phrase decides ("prawie zrezygnowała").
_PL_FIRST = re.compile(r"\w(?:łam|łem|łaś|łeś|liśmy|łyśmy|liście|łyście|lismy|lysmy)$", re.IGNORECASE)
_PL_THIRD = re.compile(r"^(?!(?:mało|czyli)$)\w{3,}(?:ł|ła|ło|ły)$|^\w{2,}(?:[aeiyęo]|sz)li$", re.IGNORECASE)
# who a Polish third-person verb is about, the sentence's subject nearest before it: the customer's family, friends or "klient"
# ("Mąż chodził dwa lata, ale w końcu zrezygnował") count as the customer; staff, names and anyone else do not
_CUSTOMER_SIDE_PL = re.compile(fold(r"(?<!\w)(?:" + _PEOPLE_PL + r"\w*|klient(?:ka)?|członek|członkini)(?!\w)"), re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…\n]")


def _polish_person(phrase: str) -> str:
    """``'1'`` (the speaker, or whom they speak to), ``'3'`` or ``''`` (no Polish past tense with ł) for a drop-off phrase as written.

    Example:
        >>> _polish_person("odeszła"), _polish_person("prawie zrezygnowałam"), _polish_person("anulowali"), _polish_person("gave up")
        ('3', '1', '3', '')
    """
    for word in re.findall(r"\w+", phrase):
        if _PL_FIRST.search(word):
            return "1"
        if _PL_THIRD.search(word):
            return "3"
    return ""


def _customers(text: str, t: str, start: int, end: int, third: re.Pattern) -> bool:
    """True when the drop-off phrase at ``text[start:end]`` is the customer's, not a third party's (``t``: ``text`` folded; ``third``:
    the third parties, :class:`DropOffReader`).

    A first-person Polish form is the customer's whatever else the sentence names ("Przez trenera zrezygnowałam"); a third-person one
    only when the sentence's subject nearest before it is on the customer's side ("trenerka odeszła", a bare "Anulowali mi zamówienie"
    are not). English and Russian past forms do not say who: the subject right before the verb decides ("my trainer quit",
    "он ушёл к конкурентам" are a third party's), and without one they are the customer's ("Ушла к конкурентам", "Gave up.").
    """
    while end < len(text) and text[end].isalnum():   # the whole last word: "zrezygnow" matched "zrezygnowała"
        end += 1
    person = _polish_person(text[start:end])
    if person == "1":
        return True
    if person == "3":
        cuts = [m.end() for m in _SENTENCE_END.finditer(t, 0, start)]
        sentence = cuts[-1] if cuts else 0
        people = [(m.end(), True) for m in _CUSTOMER_SIDE_PL.finditer(t, sentence, start)]
        people += [(m.end(), False) for m in third.finditer(t, sentence, start)]
        return bool(people) and max(people)[1]
    return not _third_party(t, start, third)


class DropOffReader:
    """Drop-off signals, a marketplace read by the run's marketplace names: where a customer says they will buy instead ("kupię
    na Allegro", "закажу на вб"), and a third party when it is the subject ("Amazon cancelled my order").

    Args:
        marketplaces: The patterns of the run's marketplace touchpoint (:meth:`TouchpointLexicon.marketplace_names`); none: no
            marketplace is a drop-off target or a third party (a touchpoint list without one).

    Example:
        >>> DropOffReader([r"uzum( market)?"]).phrases("Закажу лучше на Uzum, там дешевле")
        ['Закажу лучше на Uzum']
        >>> DropOffReader().phrases("Закажу лучше на Uzum, там дешевле")
        []
    """

    def __init__(self, marketplaces: Sequence[str] = ()):
        market = "(?:" + "|".join(f"(?:{p})" for p in marketplaces) + ")" if marketplaces else ""
        #: compiled drop-off pattern (word start, case and diacritics folded; match ``fold(text)``)
        self.pattern = compile_keywords(list(_DROP_PATTERNS) + (_to_marketplace(market) if market else []), "drop-off signals")
        self.third = re.compile(fold(_THIRD_PARTIES + (f"|{_NOT_AFTER_PREPOSITION}{market}" if market else "")), re.IGNORECASE)

    def phrases(self, text: str) -> list[str]:
        """The drop-off phrases found in ``text`` (see :func:`drop_off_phrases`)."""
        if not isinstance(text, str) or not text:
            return []
        t = fold(text)
        found = []
        for m in self.pattern.finditer(t):
            before = t[max(0, m.start() - 30):m.start()]
            if _NEGATION.search(before) and not _NEGATION_SAFE.match(m.group(0)):
                continue
            if _STAYED.search(t, m.end(), m.end() + 80) or _REINSTALLED.match(t, m.end()):
                continue
            if not _NEGATION_SAFE.match(m.group(0)) and _hypothetical(t, m.start(), m.end()):
                continue
            if not _customers(text, t, m.start(), m.end(), self.third):
                continue
            found.append(text[m.start():m.end()])
        return found


def drop_off_phrases(text: str, lexicon: TouchpointLexicon | None = None) -> list[str]:
    """The drop-off phrases found in ``text`` (negated ones such as "I didn't give up", ones followed by
    staying, "Думала уйти… Я пока осталась", or reinstalling, "uninstalled and reinstalled it", hypotheticals,
    "to bym się poddał", and a third party's, "курьер СДЭК отказался ждать", are skipped). A marketplace is one of ``lexicon`` (the run's touchpoints;
    None: the built-in ones).

    Example:
        >>> drop_off_phrases("Курьер отказался ждать, я отменяю заказ")
        ['отменяю заказ']
    """
    return (lexicon or _DEFAULT).drop_offs.phrases(text)


def is_drop_off(text: str, lexicon: TouchpointLexicon | None = None) -> bool:
    """True when the customer says they gave up, cancelled or left ("zrezygnowałam", "я передумал"); a marketplace is one of
    ``lexicon`` (the run's touchpoints; None: the built-in ones).

    Example:
        >>> is_drop_off("Я передумал и заказал в другом месте"), is_drop_off("Coach never let me give up")
        (True, False)
    """
    return bool(drop_off_phrases(text, lexicon))
