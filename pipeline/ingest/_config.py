"""The ``[ingest]`` config section: how files are recognised, which columns mean what, who is who.

Defaults are chosen for unknown real-world exports: the column candidates recognise the names
used by common help-desk (Zendesk, Intercom, LiveChat, Freshdesk), review (Trustpilot, Google Business Profile,
Outscraper's Google Maps, App Store, Google Play, Allegro, Ceneo, Ozon, Wildberries) and social-media exporters, in
English, Polish and Russian. A corpus folder sets its own
names (brand accounts, agent names, interviewers) in its ``qsynth.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.config import option
from pipeline.errors import ConfigError
from pipeline.text import phrase_sections

__all__ = ["IngestConfig", "ROLES", "ROLE_WORDS_PATH", "SOURCE_TYPES", "role_words"]

ROLES = ("customer", "interviewer", "agent", "bot", "brand", "spam", "other")
SOURCE_TYPES = ("interview", "chat", "review", "social", "survey", "table")
ENCODINGS = ("auto", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1250", "cp1251",
             "cp1252", "koi8-r", "koi8-u", "latin-1", "iso-8859-1", "iso-8859-2", "iso-8859-5", "mac-cyrillic")

# The one list of role words (en / pl / ru): the values of an author-type column by role, the interviewer's labels, the
# words of a name that speaks for the company, labels that name no one. Read here and through role_words by ingest's
# readers; see the file's header.
ROLE_WORDS_PATH = Path(__file__).resolve().parents[1] / "resources" / "role_words.txt"


@lru_cache(maxsize=1)
def _role_sections() -> dict[str, tuple[str, ...]]:
    return phrase_sections(str(ROLE_WORDS_PATH))


def role_words(section: str) -> tuple[str, ...]:
    """The words of a section of ``role_words.txt``, lower case, in the file's order.

    Example:
        >>> role_words("bot_name"), role_words("interviewer")[:3]
        (('bot', 'chatbot', 'бот', 'чатбот', 'чат бот'), ('interviewer', 'moderator', 'researcher'))
    """
    return _role_sections()[section]


# Generic labels transcription tools and researchers use for the interviewer (en / pl / ru).
INTERVIEWER_LABELS = [w.capitalize() for w in role_words("interviewer")]

_CHAT_COLUMNS = {
    "text": ["message", "text", "body", "content", "message_text", "message_body", "plain_body",
             "html_body", "comment", "msg", "value", "wiadomosc", "wiadomość", "tresc", "treść",
             "сообщение", "текст"],
    # Helpshift's "Issue ID", Salesforce's "Case Number", a help desk's "Ticket Number"; not "session" (a web analytics
    # visit), "call" or "dialog" (as often the call's or dialogue's text), "case" or "issue" (a category as often)
    "thread_id": ["conversation_id", "ticket_id", "chat_id", "thread_id", "issue_id", "session_id", "case_id", "call_id",
                  "ticket_number", "case_number", "dialog_id", "conversation", "ticket", "chat", "thread", "rozmowa_id", "id_rozmowy",
                  "диалог_id", "_thread", "doc_id", "doc"],   # doc_id, doc: qsynth's own tables, read again
    "role": ["author_type", "role", "sender_type", "author_role", "sender_role", "user_type",
             "from_type", "participant_type", "speaker_type", "author_kind", "typ_autora", "rola",
             "роль", "from"],
    "speaker": ["author_name", "author", "sender_name", "sender", "agent_name", "user_name", "username",
                "name", "display_name", "from_name", "nick", "autor", "автор", "from"],
    "timestamp": ["created_at", "timestamp", "date", "time", "datetime", "sent_at", "created",
                  "date_time", "updated_at", "data", "czas", "дата", "время"],
    "channel": ["channel", "source", "via", "via_channel", "medium", "platform", "kanal", "kanał", "канал"],
    "id": ["message_id", "id", "msg_id", "event_id", "uuid"],
}

# A review export describes what is reviewed too: Outscraper's Google Maps export has the place's "name", its average
# "rating" and review count beside the review's "author_title", "review_rating" and "review_text". So the names of the
# review's own fields (review_*) come first, and a column two fields could read goes to the one with no other column
# present (TableMapper): "name" beside "author_title" is the place, "name" alone the reviewer. A "title" that repeats over
# the rows is the place too (Apify's Google Maps reviews: the place's "title", the reviewer's "name").
_REVIEW_COLUMNS = {
    "text": ["review_text", "review_body", "review_content", "body", "review", "text", "content", "comment", "opinion",
             "description", "message", "snippet", "pros_cons", "opinia", "tresc", "treść", "komentarz",
             "recenzja", "отзыв", "текст", "комментарий", "текст_отзыва", "treść_opinii", "tresc_opinii"],
    "title": ["review_title", "title", "headline", "summary", "subject", "tytul", "tytuł", "заголовок"],
    # what the customer liked / disliked, beside the text (Ozon and WB "Достоинства" / "Недостатки", Ceneo
    # "Zalety" / "Wady"): each is a record of the review of its own, so a con is read as one
    # Booking.com's guest reviews: "Liked" / "Disliked" (the extranet's), "Positive review" / "Negative review", in
    # Polish "Co się podobało" / "Co się nie podobało", in Russian "Понравилось" / "Не понравилось"
    "pros": ["pros", "advantages", "zalety", "plusy", "достоинства", "плюсы", "преимущества", "liked", "positive_review",
             "co_się_podobało", "co_sie_podobalo", "понравилось", "что_понравилось"],
    "cons": ["cons", "disadvantages", "wady", "minusy", "недостатки", "минусы", "disliked", "negative_review",
             "co_się_nie_podobało", "co_sie_nie_podobalo", "не_понравилось", "что_не_понравилось"],
    # the seller's, shop's, owner's or developer's public answer: a brand record of the review, after the customer's
    # words (Outscraper "owner_answer", Trustpilot "Reply Content", Allegro's answer.message, the App Store Connect
    # API's response.responseBody)
    "reply": ["reply", "seller_reply", "seller_response", "seller_answer", "owner_response", "owner_reply", "owner_answer",
              "response_from_the_owner", "response_from_owner", "response_from_owner_text", "responsefromownertext", "response_responsebody",
              "developer_reply", "property_reply", "property_response", "management_response",   # Booking, TripAdvisor
              "odpowiedź_obiektu", "odpowiedz_obiektu", "ответ_объекта",
              "developer_response", "developer_reply_text", "company_reply", "company_response", "companyreply_text",
              "company_reply_text", "company_reply_content", "reply_content", "reply_text", "business_response",
              "brand_reply", "shop_reply", "store_reply", "review_reply", "reviewreply_comment", "review_reply_comment",
              "answer_message", "ответ_продавца", "ответ_магазина", "ответ_бренда", "ответ_компании",
              "odpowiedź_sprzedawcy", "odpowiedz_sprzedawcy", "odpowiedź_sprzedającego", "odpowiedz_sprzedajacego",
              "odpowiedź_sklepu", "odpowiedz_sklepu", "odpowiedź_firmy", "odpowiedz_firmy"],
    # when the reply was written, the timestamp of its record (Outscraper, Trustpilot, Google Play, Google Business
    # Profile's reviewReply.updateTime, Allegro's answer.createdAt)
    "reply_date": ["reply_date", "reply_datetime", "reply_time", "replied_at", "reply_created_at", "replydate",
                   "owner_answer_timestamp_datetime_utc", "owner_answer_timestamp", "owner_response_date",
                   "response_from_owner_date", "responsefromownerdate", "seller_reply_date", "seller_response_date", "developer_reply_date",
                   "developer_reply_date_and_time", "developer_reply_millis_since_epoch", "developer_response_date",
                   "company_reply_date_utc", "company_reply_date", "companyreply_createdat", "reviewreply_updatetime",
                   "review_reply_update_time", "response_lastmodifieddate", "answer_createdat", "answer_created_at", "response_date",
                   "дата_ответа", "data_odpowiedzi"],
    # Booking.com's "Review score" (1-10), TripAdvisor's "Bubble rating" (1-5)
    "rating": ["review_rating", "review_stars", "star_rating", "starrating", "review_score", "bubble_rating", "rating",
               "stars", "score", "rate", "grade",
               "ocena", "gwiazdki", "оценка", "рейтинг", "звезды", "nps", "nps_score", "csat", "csat_score"],
    "speaker": ["author_title", "author_name", "author", "reviewer", "reviewer_name", "reviewer_displayname",
                "reviewer_display_name", "reviewernickname", "reviewer_nickname", "consumer_name",
                "consumer_displayname", "customer_name", "buyer_name", "rater_login", "user_name", "username",
                "nickname", "nick", "display_name", "name", "autor", "автор", "имя_покупателя", "имя", "покупатель",
                "автор_отзыва", "autor_opinii", "login_kupującego", "login_kupujacego", "kupujący", "kupujacy"],
    # the reviewed place (a multi-location business's branch), kept as meta_place
    "place": ["place", "place_name", "location_name", "business_name", "webshop_name", "shop_name", "store_name",
              "branch", "branch_name", "filia", "oddział", "oddzial", "placówka", "placowka", "lokalizacja",
              "филиал", "название_филиала", "name", "title"],
    "timestamp": ["review_datetime_utc", "review_date", "review_created_utc", "review_created", "review_time",
                  "review_timestamp", "date", "created_at", "createdat", "createddate", "created_date", "published_at",
                  "publishedatdate", "timestamp", "time", "create_time", "createtime", "updated_at", "experience_date",
                  "data", "дата", "review_submit_date_and_time", "review_submit_millis_since_epoch",   # Google Play
                  "дата_публикации", "дата_отзыва", "дата_создания", "data_publikacji", "data_dodania", "data_opinii",
                  "data_wystawienia", "publication_date", "date_published", "posted_at"],
    "channel": ["platform", "source", "site", "channel", "store", "portal", "platforma", "источник"],
    "id": ["review_id", "reviewid", "id", "uuid", "id_отзыва", "номер_отзыва", "id_opinii"],
    # the reviewer's own id on the platform (App Store's reviewerId, Google Play's author id, Trustpilot's Consumer Id):
    # personal data as a name is, kept as meta_author_id, which redaction reads as a person's id
    "author_id": ["reviewer_id", "reviewerid", "author_id", "authorid", "user_id", "userid", "consumer_id",
                  "consumerid", "profile_id", "profileid", "buyer_id", "buyerid", "id_автора", "id_пользователя"],
}

_SOCIAL_COLUMNS = {
    "text": ["text", "comment", "message", "body", "content", "comment_text", "comment_message",
             "komentarz", "tresc", "treść", "текст", "комментарий"],
    "speaker": ["author", "username", "user", "author_name", "from_name", "owner_username", "user_name",
                "name", "handle", "screen_name", "profile_name", "nick", "autor", "автор", "from"],
    "thread_id": ["post_id", "media_id", "video_id", "status_id", "post", "post_url", "thread_id",
                  "conversation_id", "_thread"],
    "id": ["comment_id", "id", "reply_id", "cid", "uuid"],
    # VK's reply_to_comment (the comment answered, in its thread) before parents_stack (the thread's top comment)
    # and the object a nested reply sits in (_parent)
    "parent_id": ["parent_id", "reply_to", "in_reply_to", "in_reply_to_id", "reply_to_id", "reply_to_comment",
                  "parent_comment_id", "parent", "parents_stack", "_parent"],
    "timestamp": ["created_at", "timestamp", "date", "created_time", "time", "published_at",
                  "create_time", "posted_at", "data", "дата", "дата_публикации", "data_publikacji", "publication_date"],
    "channel": ["platform", "network", "source", "site", "channel", "platforma"],
    # the commenter's own id on the platform (VK's from_id, Instagram's owner id, YouTube's authorChannelId): personal
    # data as a name is, kept as meta_author_id, which redaction reads as a person's id
    "author_id": ["from_id", "author_id", "authorid", "author_channel_id", "authorchannelid", "user_id", "userid",
                  "owner_id", "ownerid", "profile_id", "profileid", "commenter_id", "uid", "id_автора",
                  "id_пользователя"],
    # the id of the person a reply answers (VK's reply_to_user, X's in_reply_to_user_id): the same person's id as the
    # answered comment's author_id, kept as meta_reply_to_author_id, which redaction reads as a person's id
    "reply_to_author_id": ["reply_to_user", "reply_to_user_id", "in_reply_to_user_id", "parent_author_id"],
}

_INTERVIEW_COLUMNS = {
    "text": ["text", "transcript", "utterance", "content", "words", "message", "tekst", "wypowiedz", "wypowiedź",
             "текст", "реплика"],
    "speaker": ["speaker", "speaker_name", "participant", "who", "name", "author", "mowca", "mówca", "osoba",
                "спикер", "говорящий"],
    "media_time": ["start_time", "start", "timecode", "time_start", "in", "begin", "offset", "czas", "начало"],
    "timestamp": ["date", "recorded_at", "datetime", "data", "дата"],
}

# Values found in exports' author-type columns, by role (role_words.txt: the two sides of any business).
_ROLE_VALUES = {role: list(role_words(role)) for role in ("customer", "agent", "bot", "brand")}

_SOURCE_TYPE_BY_PATH = {
    "interview": ["interviews", "interview", "transcripts", "transcript", "wywiady", "wywiad",
                  "интервью", "транскрипты"],
    "chat": ["chats", "chat", "conversations", "tickets", "helpdesk", "support", "livechat", "czaty",
             "rozmowy", "чаты", "чат"],
    "review": ["reviews", "review", "opinions", "ratings", "opinie", "recenzje", "отзывы"],
    "social": ["social", "comments", "instagram", "facebook", "tiktok", "twitter", "youtube",
               "komentarze", "соцсети", "комментарии"],
}


@dataclass
class IngestConfig:
    """Options of the ``[ingest]`` section (see ``configs/default.toml`` for a documented copy)."""

    encoding: str = option("auto", choices=ENCODINGS,
                           help="Text encoding of input files; 'auto' detects it per file (UTF-8/16, cp1250, cp1251, KOI8-R, latin-1 ...).")
    interviewer_names: list[str] = option(
        INTERVIEWER_LABELS,
        help="Speaker names/labels that are the interviewer (case-insensitive); a transcript's front-matter 'interviewer:' adds to them.")
    guess_interviewer: bool = option(
        True, help="When no interviewer is named, take the speaker who asks the most questions as the interviewer.")
    agent_names: list[str] = option([], help="Author names that are support agents in chats (when the export has no role column).")
    bot_names: list[str] = option(["Bot", "Chatbot", "System", "Automated message"],
                                  help="Author names that are bots in chats.")
    brand_authors: list[str] = option([], help="Social/review accounts that speak for the brand (role 'brand'), e.g. ['acme_official'].")
    company_domains: list[str] = option(
        [], help="E-mail domains of the company (senders from them are agents), e.g. ['sofino.pl']; empty: the one "
                 "non-webmail domain that answers in several threads of the mailbox.")
    speaker_roles: dict[str, str] = option({}, help="Explicit speaker name -> role overrides for every source, e.g. {\"Anna K\" = \"interviewer\"}.")
    role_values: dict[str, list[str]] = option(_ROLE_VALUES, help="Values of an export's author-type column that mean each role; yours add to the defaults and outrank them, e.g. customer = [\"patient\"].")
    unlabelled_role: str = option("customer", choices=ROLES,
                                  help="Role of transcript text without any speaker label (e.g. a written diary entry).")
    text_columns: list[str] = option([], help="Column names tried FIRST as the text of a row, for every table kind, e.g. ['komentarz'].")
    survey_columns: list[str] = option(
        [], help="Open-ended question columns of a survey export, e.g. ['What did you like?', 'What could we improve?']: "
                 "in a table that has any of them, each non-empty answer is its own record (source 'survey', the "
                 "question in meta_question), one document per respondent.")
    chat_columns: dict[str, list[str]] = option(
        _CHAT_COLUMNS, help="Candidate column names per field for chat exports (first present wins); yours come before "
                            "the defaults, which stay, e.g. thread_id = [\"Request ID\"]; [] reads no column for the field.")
    review_columns: dict[str, list[str]] = option(_REVIEW_COLUMNS, help="Candidate column names per field for review exports (as chat_columns).")
    social_columns: dict[str, list[str]] = option(_SOCIAL_COLUMNS, help="Candidate column names per field for social-media exports (as chat_columns).")
    interview_columns: dict[str, list[str]] = option(
        _INTERVIEW_COLUMNS, help="Candidate column names per field for transcripts exported as tables (one row per turn; as chat_columns).")
    meta_rename: dict[str, str] = option({"customer_segment": "segment", "user_segment": "segment",
                                          "segment_name": "segment", "persona_segment": "segment"},
                                         help="Extra columns renamed on the way in (column -> meta name), e.g. so 'customer_segment' becomes meta_segment.")
    source_type_by_path: dict[str, list[str]] = option(
        _SOURCE_TYPE_BY_PATH,
        help="Folder names that decide a file's kind; otherwise the columns present decide, then the file type (text -> interview).")
    rating_scale: int = option(0, interval=(0, 1000), help="Top of the rating scale (5, 10, 100); 0 infers it per file from the values.")
    rating_min: int = option(-1, interval=(-1, 1000), help="Bottom of the rating scale; -1 infers it (0 if a 0 occurs or the scale is 100, else 1).")
    date_order: str = option(
        "auto", choices=("auto", "day-first", "month-first"),
        help="How a table's dates like 03/04/2026 are read; 'auto' reads them day-first (month-first with AM/PM) "
             "unless a value such as 8/13/2026 or 13/8/2026 shows the column's order (files.csv says when none does).")
    file_metadata: str = option(
        "", help="A participant sheet: a CSV with a 'file' column (a file's name or its path in the corpus) and any "
                 "other columns (segment, persona, date ...), which every record of that file gets as meta_<column> "
                 "where it has none (subtitles and .docx have no front matter). Relative to the corpus folder; the "
                 "sheet itself is not read as input.")
    hide_names_in_paths: bool = option(
        True, help="Replace people's names in file and folder names with a short hash in every output: a chat export's "
                   "person (WhatsApp's 'WhatsApp Chat with Anna Kowalska.txt', Messenger's 'inbox/annakowalska_1234/') "
                   "and whoever speaks in the file or is its participant in front matter or the participant sheet "
                   "('interviews/Daniel Okafor - call.txt' -> 'interviews/contact-bf46a813 - call.txt').")
    max_text_chars: int = option(50000, interval=(100, None),
                                 help="Longer texts are quarantined, not kept: they are nearly always a broken quote swallowing rows.")
    csv_delimiter: str = option("auto", help="CSV field separator; 'auto' sniffs among , ; TAB |.")
    skip_patterns: list[str] = option(["README*", "LICENSE*", "*.tmp", "*.bak", "~$*", "Thumbs.db"],
                                      help="File-name globs of files left unread, listed in files.csv as 'skipped'.")
    spam_filter: bool = option(True, help="Social comments and reviews that read as spam ('link in bio', follower "
                                            "sellers, fake giveaways), and chats or e-mails whose customer only sends an "
                                            "offer (SEO, 'free iPhone'), get role 'spam': kept in segments.csv, not counted.")
    spam_patterns: list[str] = option([], help="More regular expressions (case ignored) that mark a comment or review "
                                               "as spam, e.g. ['promo-bot-\\d+'].")

    def validate(self) -> None:
        """Range and consistency checks the generic loader cannot do.

        Raises:
            ConfigError: A value is out of range, with the key and the fix.
        """
        def bad(key: str, expected: str, got: object) -> ConfigError:
            return ConfigError(f"The '{key}' parameter of [ingest] must be {expected}. Got {got!r} instead.")

        if self.encoding.lower() not in ENCODINGS:
            raise bad("encoding", f"a str among {list(ENCODINGS)}", self.encoding)
        for key in ("interviewer_names", "agent_names", "bot_names", "brand_authors", "company_domains", "text_columns",
                    "survey_columns", "skip_patterns", "spam_patterns"):
            val = getattr(self, key)
            if not isinstance(val, list) or not all(isinstance(x, str) for x in val):
                raise bad(key, "a list of str", val)
        for key in ("chat_columns", "review_columns", "social_columns", "interview_columns", "role_values",
                    "source_type_by_path"):
            val = getattr(self, key)
            if not isinstance(val, dict) or not all(
                    isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
                    for k, v in val.items()):
                raise bad(key, "a table of str -> list of str", val)
        # the fields of each table kind are those its defaults name
        for key, allowed in (("chat_columns", _CHAT_COLUMNS), ("review_columns", _REVIEW_COLUMNS),
                             ("social_columns", _SOCIAL_COLUMNS), ("interview_columns", _INTERVIEW_COLUMNS)):
            unknown = sorted(set(getattr(self, key)) - set(allowed))
            if unknown:
                raise bad(key, f"a table whose keys are among {list(allowed)}", unknown)
        if set(self.role_values) - set(ROLES):
            raise bad("role_values", f"a table whose keys are among {list(ROLES)}", sorted(self.role_values))
        if set(self.source_type_by_path) - set(SOURCE_TYPES):
            raise bad("source_type_by_path", f"a table whose keys are among {list(SOURCE_TYPES)}",
                      sorted(self.source_type_by_path))
        if not isinstance(self.speaker_roles, dict) or any(
                not isinstance(v, str) or v not in ROLES for v in self.speaker_roles.values()):
            raise bad("speaker_roles", f"a table of speaker name -> one of {list(ROLES)}", self.speaker_roles)
        if not isinstance(self.meta_rename, dict) or any(not isinstance(v, str) or not v for v in self.meta_rename.values()):
            raise bad("meta_rename", "a table of column -> non-empty str", self.meta_rename)
        for pat in self.spam_patterns:
            try:
                re.compile(pat)
            except re.error as exc:
                raise bad("spam_patterns", "a list of valid regular expressions", f"{pat} ({exc})") from None
        if self.unlabelled_role not in ROLES:
            raise bad("unlabelled_role", f"a str among {list(ROLES)}", self.unlabelled_role)
        if self.rating_scale not in (0,) and self.rating_scale < 2:
            raise bad("rating_scale", "0 (infer) or an int in [2, 1000]", self.rating_scale)
        if self.rating_min >= 0 and self.rating_scale and self.rating_min >= self.rating_scale:
            raise bad("rating_min", f"below rating_scale ({self.rating_scale}) or -1", self.rating_min)
        if self.max_text_chars < 100:
            raise bad("max_text_chars", "an int in [100, inf)", self.max_text_chars)
        if self.csv_delimiter != "auto" and len(self.csv_delimiter.replace("\\t", "\t")) != 1:
            raise bad("csv_delimiter", "'auto' or a single character such as ',' ';' '\\t' '|'", self.csv_delimiter)
