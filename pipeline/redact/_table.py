"""Table-level helpers used by the ``redact`` stage: redact ``text``, pseudonymise ``speaker``,
flag duplicates."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Sequence

import pandas as pd

from pipeline.redact._config import RedactConfig
from pipeline.redact._dedup import flag_duplicates, normalise_for_dedup
from pipeline.redact._keys import cache_secret
from pipeline.redact._names import (
    NAME_JOINERS,
    NAME_PARTICLES,
    after_role,
    capitalised_words,
    has_name_token,
    known_name_tokens,
    name_words,
    ordinary_name_word,
)
from pipeline.redact._pseudonym import id_aliases, pseudonymise_speakers, staff_aliases
from pipeline.redact._patterns import Entity, answer_entities
from pipeline.redact._redactor import Redactor, apply, term_pattern, kept_words

__all__ = ["redact_table", "redact_columns", "redact_quarantine", "flag_table_duplicates"]

# Speakers in these roles are organisations or software, whose names are not personal data to
# hunt for inside other texts (their raw names are still pseudonymised in the speaker column).
_NON_PERSON_ROLES = {"bot", "brand"}


def redact_table(segments: pd.DataFrame, cfg: RedactConfig, redactor: Redactor | None = None,
                 cache_dir: str = "") -> pd.DataFrame:
    """Redact a segment table: replaces ``text`` and ``speaker`` and adds ``pii_found``.

    Names known in a document are looked for in all its texts: its people's speaker names (customers,
    agents, interviewers), the values of its person columns (front matter ``participant:``, the participant
    sheet) and every name redacted once in it, so "Thanks, Marta!" is redacted when Marta speaks, and
    "Carlos never sees it." when "Carlos" was found in another sentence. A known name that is no everyday
    word (:func:`pipeline.redact.ordinary_name_word`) is looked for in every document too.

    Args:
        segments: Table with at least ``text``; ``speaker``, ``role``, ``lang``, ``doc_id`` and the person
            columns are used when present.
        cfg: The ``[redact]`` settings. With ``enabled = false`` text and speaker stay as they are.
        redactor: A ready :class:`Redactor` to reuse (it holds the loaded spaCy model).
        cache_dir: Folder of the content cache ('' for none): a text redacted once with the same
            settings and the same known names in it is not redacted again.

    Returns:
        A new table: same rows and columns, ``text`` / ``speaker`` replaced, plus ``pii_found``
        (";"-joined placeholder types per row, "" when none).
    """
    out = segments.copy()
    if not cfg.enabled:
        out["pii_found"] = ""
        return out
    redactor = redactor or Redactor(cfg)
    n = len(out)
    texts = out["text"].fillna("").astype(str).tolist()
    speakers = out["speaker"].fillna("").astype(str).tolist() if "speaker" in out else [""] * n
    roles = out["role"].fillna("").astype(str).tolist() if "role" in out else [""] * n
    langs = out["lang"].tolist() if "lang" in out else None
    if langs is not None:
        langs = [l if isinstance(l, str) else None for l in langs]
    docs = out["doc_id"].fillna("").astype(str).tolist() if "doc_id" in out else [""] * n
    if cfg.person_names and "PERSON" in cfg.types:
        keep = kept_words(cfg.keep)
        corpus_langs = tuple(sorted(set(Redactor._langs(texts, langs))))   # a desk's name is in the corpus's languages
        doc_known = {d: frozenset(known_name_tokens(names, corpus_langs) - keep)
                     for d, names in _document_names(out, docs, speakers, roles).items()}
        everywhere = frozenset(t for known in doc_known.values() for t in known if not ordinary_name_word(t))
        # the text's words first, then the names: a union of every corpus name per row grew with rows x names
        known = [_present(t, doc_known.get(d, frozenset())) | _present(t, everywhere) for t, d in zip(texts, docs)]
        ents = _cached_find(redactor, texts, langs, known, cfg, cache_dir)
        _propagate(ents, redactor, texts, langs, docs, known, doc_known, everywhere, keep, corpus_langs)
    else:
        ents = _cached_find(redactor, texts, langs, [frozenset()] * n, cfg, cache_dir)
    _answers(ents, texts, docs, frozenset(cfg.types))
    _repeated_codes(ents, texts, docs)
    results = [apply(t, e) for t, e in zip(texts, ents)]
    out["text"] = [t for t, _ in results]
    out["pii_found"] = [";".join(types) for _, types in results]
    if "speaker" in out and cfg.pseudonymise_speakers:
        scopes = out["source_file"].fillna("").astype(str).tolist() if "source_file" in out else None
        out["speaker"] = pseudonymise_speakers(speakers, roles, scopes, docs if "doc_id" in out else None)
    return out


def _document_names(table: pd.DataFrame, docs: list[str], speakers: list[str], roles: list[str]) -> dict[str, set[str]]:
    """The names each document gives: its people's speaker names and the values of its person columns."""
    names: dict[str, set[str]] = {}
    for d, s, r in zip(docs, speakers, roles):
        if s and r not in _NON_PERSON_ROLES:
            names.setdefault(d, set()).add(s)
    for col in table.columns:
        kind = person_column(col) if col.startswith("meta_") else ""
        if not kind:
            continue
        for d, v in zip(docs, table[col].tolist()):
            if isinstance(v, str) and v.strip() and (kind == "name" or looks_like_name(v)):
                names.setdefault(d, set()).add(v)
    return names


def _present(text: str, known: frozenset[str]) -> frozenset[str]:
    """The known name forms that occur in ``text`` (the only ones its redaction can use)."""
    return known & name_words(text) if known else frozenset()


def _propagate(ents: list[list[Entity]], redactor: Redactor, texts: list[str], langs: list | None, docs: list[str],
               known: list[frozenset[str]], doc_known: dict[str, frozenset[str]], everywhere: frozenset[str],
               keep: frozenset[str], corpus_langs: Sequence[str]) -> None:
    """A name found once in a document is a name in all its texts: add, in place, to each text's entities the
    spans of the names found in its document's other texts ("Carlos never sees it.")."""
    found: dict[str, set[str]] = {}
    for text, es, d in zip(texts, ents, docs):
        found.setdefault(d, set()).update(text[e.start:e.end] for e in es if e.type == "PERSON")
    extra = {d: frozenset(known_name_tokens(names, corpus_langs) - keep - doc_known.get(d, frozenset()) - everywhere)
             for d, names in found.items()}
    for i, (text, d) in enumerate(zip(texts, docs)):
        new = _present(text, extra.get(d, frozenset())) - known[i]
        if new:
            ents[i] = redactor.add_known_names(text, None if langs is None else langs[i], ents[i], known[i] | new)


def _answers(ents: list[list[Entity]], texts: list[str], docs: list[str], types: frozenset[str]) -> None:
    """A code or a member number dictated in the turn after the one asking for it: add, in place, what a text answers
    to its document's previous text (:func:`pipeline.redact._patterns.answer_entities`: "Сейчас вам придёт код в
    смс, продиктуйте" -> "так… пришёл, 482913"), where no other entity is."""
    previous: dict[str, int] = {}
    for i, (text, d) in enumerate(zip(texts, docs)):
        if d in previous:
            new = [a for a in answer_entities(texts[previous[d]], text) if a.type in types
                   and not any(a.start < e.end and e.start < a.end for e in ents[i])]
            if new:
                ents[i] = sorted(ents[i] + new, key=lambda e: e.start)
        previous[d] = i


def _repeated_codes(ents: list[list[Entity]], texts: list[str], docs: list[str]) -> None:
    """A code given once in a conversation is a code wherever it comes again in it: add, in place, a ``CODE`` over each
    other whole occurrence of a code found in the document, where no other entity is ("Key box code: 4729" … "Sorry!
    Try 4729 again", "Попробуйте ещё раз 8026": a host re-sends it without the word).

    Example:
        >>> texts = ["Key box code: 4729.", "It does not open", "Try 4729 again"]
        >>> ents = [[Entity(14, 18, "CODE")], [], []]
        >>> _repeated_codes(ents, texts, ["d", "d", "d"]); ents[2]
        [Entity(start=4, end=8, type='CODE')]
    """
    codes: dict[str, set[str]] = {}
    for text, es, d in zip(texts, ents, docs):
        codes.setdefault(d, set()).update(text[e.start:e.end] for e in es if e.type == "CODE")
    for i, (text, d) in enumerate(zip(texts, docs)):
        for code in codes.get(d, ()):
            new = [Entity(m.start(), m.end(), "CODE") for m in re.finditer(rf"(?<![\w\-/.,]){re.escape(code)}(?![\w\-/]|[.,]\d)", text)
                   if not any(m.start() < e.end and e.start < m.end() for e in ents[i])]
            if new:
                ents[i] = sorted(ents[i] + new, key=lambda e: e.start)


# What the content cache is keyed by besides the config: the redaction code and name lists, and every file of another
# package redaction reads (Russian in Latin letters, the role words of speaker labels, the affect lexicon's negative
# words, which no password is, the courtesy words, which no surname said in lower case is): after an upgrade that
# catches more personal data, or an edit to one of these, a result cached by the older code must not be reused.
CACHE_CODE = ("redact", "resources/names", "text.py", "translit.py", "resources/translit_ru.txt", "ingest/_config.py",
              "resources/role_words.txt", "affect/_rules.py", "resources/affect/lexicon.json", "resources/courtesy.txt")


def _cached_find(redactor: Redactor, texts: list[str], langs: list | None, known: list[frozenset[str]],
                 cfg: RedactConfig, cache_dir: str) -> list[list[Entity]]:
    """``redactor.find_many`` through the content cache; ``known``: per text, the known name forms that occur in
    it (part of its entry's key)."""
    import dataclasses

    from pipeline.cache import ResultCache, cached_map
    from pipeline.checkpoints import code_hash
    from pipeline.config import config_hash

    items = list(zip(texts, langs if langs is not None else [None] * len(texts), known))
    ns = config_hash([dataclasses.asdict(cfg), code_hash(CACHE_CODE)])
    cache = ResultCache(cache_dir, f"redact|{ns}") if cache_dir else None
    secret = cache_secret(cache_dir) if cache_dir else b""

    def key(item) -> str:
        text, lang, names = item
        raw = f"{lang}\x1f{text}\x1f{','.join(sorted(names))}"
        return hmac.new(secret, raw.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()

    def run(batch: list) -> list:
        found = redactor.find_many([t for t, _, _ in batch], [l for _, l, _ in batch], [k for _, _, k in batch])
        return [[list(e) for e in es] for es in found]

    try:
        results, _ = cached_map(items, run, key=key, cache=cache)
    finally:
        if cache is not None:
            cache.close()
    return [[Entity(*e) for e in es] for es in results]


def _cached_redact(redactor: Redactor, texts: list[str], cfg: RedactConfig, cache_dir: str) -> list[tuple[str, list[str]]]:
    """``(redacted text, types)`` per text, found through the content cache without known names."""
    return [apply(t, e) for t, e in zip(texts, _cached_find(redactor, texts, None, [frozenset()] * len(texts), cfg, cache_dir))]


# A column whose header says it holds a person's name ("requester_name", "Imię i nazwisko", "ФИО", "Reviewer")
# is redacted whole: a name finder misses names it does not know ("Lucas Ferreira" stayed in meta_requester_name).
_NAME_WORDS = {"name", "names", "fullname", "firstname", "lastname", "surname", "nickname", "nick", "username",
               "imie", "imię", "nazwisko", "имя", "фамилия", "фио", "отчество"}
_PERSON_ALONE = {"author", "reviewer", "requester", "sender", "submitter", "respondent", "assignee", "autor",
                 "recenzent", "nadawca", "автор", "отправитель"}
# People by their part in the conversation (front matter "participant:", a chat export's "assigned_agent"):
# usually a name, but "customer" heads categories too, so only values shaped like a name go whole.
_PERSON_ROLE = {"participant", "interviewer", "interviewee", "moderator", "facilitator", "customer", "client",
                "contact", "agent", "caller", "recipient", "buyer", "owner", "user", "member", "employee", "operator",
                "consultant", "manager", "uczestnik", "uczestniczka", "rozmówca", "rozmówczyni", "prowadzący",
                "prowadząca", "klient", "klientka", "konsultant", "konsultantka", "odbiorca", "kupujący", "участник",
                "участница", "клиент", "клиентка", "респондент", "собеседник", "собеседница", "интервьюер",
                "модератор", "ведущий", "ведущая", "оператор", "консультант", "менеджер", "получатель", "покупатель",
                # the front-matter and participant-sheet keys ingest reads as people (ingest._paths.PEOPLE_KEYS)
                "participants", "interviewers", "researcher", "researchers", "speaker", "speakers", "uczestnicy",
                "участники",
                # a game's player, a service's subscriber, a clinic's patient (Zendesk's "custom_fields.player_id")
                "player", "gamer", "gracz", "игрок", "subscriber", "abonent", "абонент", "patient", "pacjent", "пациент"}
# A word after the person word that makes the column an attribute of that person ("customer_type",
# "client_segment", "author_id", "requester_email"): redacted as text, not as a name.
_ATTRIBUTE = {"id", "ids", "uuid", "key", "code", "kod", "код", "type", "typ", "тип", "kind", "segment", "segmentu",
              "сегмент", "tier", "level", "status", "state", "stage", "count", "number", "no", "nr", "num", "номер",
              "role", "rola", "роль", "email", "mail", "e-mail", "phone", "tel", "telefon", "телефон", "address",
              "adres", "адрес", "country", "region", "city", "language", "lang", "locale", "timezone", "since", "date",
              "data", "дата", "age", "wiek", "возраст", "gender", "płeć", "пол", "score", "rating", "ocena", "оценка",
              "url", "link", "avatar", "photo", "reason", "powód", "причина", "source", "industry", "size", "value",
              "ltv", "tenure", "history", "feedback", "comment", "comments", "note", "notes", "message", "text",
              "answer", "answers", "reply", "replies", "response", "responses", "odpowiedź", "odpowiedz", "odpowiedzi",
              "ответ", "ответа", "satisfaction", "sentiment", "nps", "csat"}
# A thing word in the header makes its name a thing's ("product_name", Google Play's "Package Name": "com.quickbite.app").
_NOT_PERSON = {"product", "club", "company", "plan", "file", "brand", "shop", "store", "item", "course", "service",
               "tag", "group", "channel", "page", "team", "org", "organisation", "organization", "business", "firma",
               "produkt", "sklep", "klub", "domain", "host", "app", "application", "package", "bundle", "version",
               "release", "build", "feature", "campaign", "restaurant", "dish", "menu", "venue", "branch", "device",
               "model", "city", "street", "place", "event", "project", "template", "macro", "field", "column", "sheet",
               "category", "location"}


def person_column(column: str) -> str:
    """What a metadata column's header says of its values: ``"name"`` (a person's name, redacted whole),
    ``"person"`` (a person by their part: values shaped like a name are redacted whole) or ``""``.

    The person word must end the header or be followed only by words that are no attribute of the person:
    ``assigned_agent`` and ``autor_opinii`` name people, ``agent_team``, ``customer_type`` and ``author_id`` do not.

    Example:
        >>> [person_column(c) for c in ("meta_requester_name", "meta_imie_i_nazwisko", "meta_reviewer", "meta_фио",
        ...                             "meta_product_name", "meta_package_name", "meta_author_id", "meta_requester_email")]
        ['name', 'name', 'name', 'name', '', '', '', '']
        >>> [person_column(c) for c in ("meta_participant", "meta_assigned_agent", "meta_клиент", "meta_customer_type",
        ...                             "meta_agent_team", "meta_client_segment", "meta_contact_reason", "meta_owner_answer")]
        ['person', 'person', 'person', '', '', '', '', '']
    """
    words = column.removeprefix("meta_").lower().split("_")
    if set(words) & _NOT_PERSON:
        return ""
    if set(words) & _NAME_WORDS:
        return "name"
    for i in range(len(words) - 1, -1, -1):
        if words[i] in _PERSON_ALONE or words[i] in _PERSON_ROLE:
            if set(words[i + 1:]) & _ATTRIBUTE:
                return ""
            return "name" if words[i] in _PERSON_ALONE else "person"
    return ""


# A column of the staff a review or a lesson is about ("doctor_name", "Lekarz", "imie_lektora", "преподаватель") holds
# the one thing that ties praise or a complaint to someone: its names become aliases of the role ("Doctor 3"), not
# "[PERSON]"; the role's English word labels them
_STAFF = {"doctor": "Doctor", "doctors": "Doctor", "physician": "Doctor", "gp": "Doctor", "dentist": "Doctor",
          "lekarz": "Doctor", "lekarza": "Doctor", "lekarka": "Doctor", "lekarki": "Doctor", "doktor": "Doctor",
          "stomatolog": "Doctor", "врач": "Doctor", "врача": "Doctor", "доктор": "Doctor", "доктора": "Doctor",
          "nurse": "Nurse", "pielęgniarka": "Nurse", "pielegniarka": "Nurse", "медсестра": "Nurse",
          "teacher": "Teacher", "tutor": "Teacher", "instructor": "Teacher", "lecturer": "Teacher", "lektor": "Teacher",
          "lektora": "Teacher", "lektorka": "Teacher", "lektorki": "Teacher", "nauczyciel": "Teacher",
          "nauczyciela": "Teacher", "nauczycielka": "Teacher", "преподаватель": "Teacher",
          "преподавателя": "Teacher", "учитель": "Teacher", "учителя": "Teacher", "trainer": "Trainer",
          "trener": "Trainer", "тренер": "Trainer", "therapist": "Therapist", "fizjoterapeuta": "Therapist"}


def staff_column(column: str) -> str:
    """The role label of a column of staff names ("meta_doctor_name" -> "Doctor"), or "": the role word ends the
    header or only name words follow it ("doctor_full_name", "imie_lektora" too); "doctor_specialty", "doctor_id" and a
    thing's column ("teacher_group") are none.

    Example:
        >>> [staff_column(c) for c in ("meta_doctor_name", "meta_lekarz", "meta_imie_i_nazwisko_lektora", "meta_преподаватель",
        ...                            "meta_doctor_specialty", "meta_doctor_id", "meta_teacher_group", "meta_reviewer")]
        ['Doctor', 'Doctor', 'Teacher', 'Teacher', '', '', '', '']
    """
    words = column.removeprefix("meta_").lower().split("_")
    if set(words) & _NOT_PERSON:
        return ""
    for i in range(len(words) - 1, -1, -1):
        if words[i] in _STAFF:
            return _STAFF[words[i]] if all(w in _NAME_WORDS for w in words[i + 1:]) else ""
    return ""


def looks_like_name(value: str) -> bool:
    """A value shaped like a name: one to five words, each capitalised but for a particle ("van", "de", "i"), no
    digit, '@' (an e-mail or a phone is redacted as text, keeping its type), '!' or '?'. A sentence is no name:
    "Dziękujemy, przekażemy Markowi!" in a page's answers had made "Dziękujemy" a name in every document.

    Example:
        >>> [looks_like_name(v) for v in ("Smirnova O.", "Domi", "Siobhan O'Malley", "Ludwig van Beethoven", "vip", "B2B",
        ...                               "VIP", "a@b.pl", "Dziękujemy, przekażemy Markowi!", "Dziękujemy za opinię")]
        [True, True, True, True, False, False, False, False, False, False]
    """
    if any(ch.isdigit() or ch in "@!?" for ch in value):
        return False
    words, caps = _WORD.findall(value), set(capitalised_words(value))
    return 0 < len(words) <= 5 and bool(caps) and all(
        w in caps or w.lower() in NAME_PARTICLES or w.lower() in NAME_JOINERS for w in words)


_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


def redact_values(values: pd.Series, cfg: RedactConfig, redactor: Redactor, cache_dir: str = "",
                  column: str = "", docs: list[str] | None = None) -> pd.Series:
    """Redact a metadata column: each distinct value once (an export may carry e-mails or names in any column).

    In a column that names a person (:func:`person_column`) every value is ``[PERSON]`` (in a column of people
    by their part, every value shaped like a name: :func:`looks_like_name`), unless it names a ``[redact] keep``
    word ("Faktumi Pomoc", the brand's own support account); the rest is redacted as text. In another column, with
    ``docs`` (each row's document id) given, a category's value (:func:`category_values`: a plan, a tag) names no
    person after its first word but after a role ("Pakiet Zosia", "Тариф Максим"; "Agent Max" is Max).
    """
    return _redact_value_columns({column: values}, cfg, redactor, cache_dir, docs)[column]


def _redact_value_columns(columns: dict[str, pd.Series], cfg: RedactConfig, redactor: Redactor, cache_dir: str,
                          docs: list[str] | None) -> dict[str, pd.Series]:
    """:func:`redact_values` for many columns of one table, their distinct values found in one pass (one cache
    lookup, not one per column)."""
    if not cfg.enabled:
        return columns
    staff = {col: label for col in columns if (label := staff_column(col)) and cfg.person_names and "PERSON" in cfg.types}
    aliased = _staff_values({col: columns[col] for col in staff}, staff)
    columns = {col: _whole_values(values, cfg, col) for col, values in columns.items() if col not in staff}
    labels = {col: category_values(values, docs) if docs is not None and not person_column(col) else frozenset()
              for col, values in columns.items()}
    uniq = sorted({v for values in columns.values() for v in values.dropna().astype(str)
                   if v and not (v.startswith("[") and v.endswith("]"))})
    found = dict(zip(uniq, _cached_find(redactor, uniq, None, [frozenset()] * len(uniq), cfg, cache_dir))) if uniq else {}

    def redacted(v: str, label: bool) -> str:
        ents = found.get(v)
        if ents is None:
            return v
        return apply(v, [e for e in ents if not (label and e.type == "PERSON" and e.start > 0 and not after_role(v, e.start))])[0]

    return {col: values.map(lambda v, col=col: redacted(v, v in labels[col]) if isinstance(v, str) else v)
            for col, values in columns.items()} | aliased


def _staff_values(columns: dict[str, pd.Series], labels: dict[str, str]) -> dict[str, pd.Series]:
    """Staff columns' names as aliases (:func:`pipeline.redact._pseudonym.staff_aliases`: "Doctor 3"), one numbering
    per role across the table's columns (a doctor in two columns is one alias); a value without a letter ("", "-")
    stays."""
    out = {}
    for label in dict.fromkeys(labels.values()):
        cols = [c for c in columns if labels[c] == label]
        alias = staff_aliases([v for c in cols for v in columns[c].dropna().astype(str)
                               if any(ch.isalpha() for ch in v)], label)
        out |= {c: columns[c].map(lambda v, alias=alias: alias.get(v, v) if isinstance(v, str) else v) for c in cols}
    return out


def _whole_values(values: pd.Series, cfg: RedactConfig, column: str) -> pd.Series:
    """A column's values that its header says are a person's name or a contact whole, as placeholders."""
    kind = person_column(column) if column else ""
    if kind and cfg.person_names and "PERSON" in cfg.types:
        keep = term_pattern(cfg.keep)
        whole = {v: "[PERSON]" for v in values.dropna().astype(str)
                 if v.strip() and (kind == "name" or looks_like_name(v)) and not (keep and keep.search(v))}
        values = values.map(lambda v: whole.get(v, v) if isinstance(v, str) else v)
    typed = _typed_column(column) if column else ""
    if typed in cfg.types:
        # "221234567" in a 'phone' column is a phone whatever the patterns need around it in a text
        whole = {v: f"[{typed}]" for v in values.dropna().astype(str) if _TYPED_SHAPE[typed](v)}
        values = values.map(lambda v: whole.get(v, v) if isinstance(v, str) else v)
    return values


# A value in this many documents or more is a category's (a plan, a tag, a city), not a respondent's own
_CATEGORY_DOCS = 5


def category_values(values: pd.Series, docs: list[str]) -> frozenset[str]:
    """The values of a metadata column that are a category's labels (a plan, a tag), not one respondent's: each given
    in ``_CATEGORY_DOCS`` documents or more. A name after a label's first word is part of the label ("Pakiet Zosia"
    of 80 respondents) unless a role says a person follows (:func:`pipeline.redact._names.after_role`: "Agent Max");
    a name opening it stays a person's ("Anna Kowalska", who handled 80 tickets).

    Example:
        >>> docs = [f"d{i}" for i in range(6)]
        >>> sorted(category_values(pd.Series(["Pakiet Zosia"] * 6), docs)), sorted(category_values(pd.Series(["Pakiet Zosia"] + ["x"] * 5), docs))
        (['Pakiet Zosia'], ['x'])
    """
    seen: dict[str, set[str]] = {}
    for v, d in zip(values.tolist(), docs):
        if isinstance(v, str) and v.strip():
            seen.setdefault(v, set()).add(d)
    return frozenset(v for v, ds in seen.items() if len(ds) >= _CATEGORY_DOCS)


# A column whose header ends in a contact word holds that kind of value ("phone": "221234567").
_TYPED_HEADER = {"phone": "PHONE", "telephone": "PHONE", "tel": "PHONE", "mobile": "PHONE", "telefon": "PHONE",
                 "komórka": "PHONE", "телефон": "PHONE", "email": "EMAIL", "mail": "EMAIL", "e-mail": "EMAIL",
                 "birth": "DOB", "dob": "DOB", "birthday": "DOB", "birthdate": "DOB", "urodzenia": "DOB", "рождения": "DOB"}
_TYPED_SHAPE = {"PHONE": lambda v: sum(ch.isdigit() for ch in v) >= 6, "EMAIL": lambda v: "@" in v,
                "DOB": lambda v: any(ch.isdigit() for ch in v)}


def _typed_column(column: str) -> str:
    """The placeholder type of a contact column ("meta_requester_phone" -> "PHONE"), or ""."""
    return _TYPED_HEADER.get(column.removeprefix("meta_").lower().split("_")[-1], "")


# Columns that name a document, a conversation or a message. Exports fill them with what they have: a chat's
# id may be the customer's e-mail or "Kowalski Jan 600100200", a reply-to a "@handle", a thread id the post's
# URL. Such a value becomes an alias (:func:`pipeline.redact.id_aliases`); other ids stay as they are.
ID_COLUMNS = ("doc_id", "thread_id", "parent_id", "source_ref")
# Columns of free text besides ``text``, redacted as text ("email: jan.kowalski@wp.pl" in a channel column).
TEXT_COLUMNS = ("channel", "rating_raw")


def is_id_column(column: str) -> bool:
    """An id column: one of :data:`ID_COLUMNS` or a metadata column whose header ends in ``id``.

    Example:
        >>> [is_id_column(c) for c in ("thread_id", "meta_conversation_id", "meta_ticket_id", "meta_idea", "text")]
        [True, True, True, False, False]
    """
    return column in ID_COLUMNS or (column.startswith("meta_") and column.lower().split("_")[-1] in {"id", "ids", "uuid"})


def person_id_column(column: str) -> bool:
    """An id column (:func:`is_id_column`) of a person's id: a person word before the id word ("meta_customer_id",
    "meta_user_uuid"); not a conversation's, a ticket's or a device's ("meta_ticket_id", "meta_network_id").

    Example:
        >>> [person_id_column(c) for c in ("meta_customer_id", "meta_user_uuid", "meta_custom_fields_player_id",
        ...                                "meta_ticket_id", "meta_network_id", "thread_id", "meta_customer_type")]
        [True, True, True, False, False, False, False]
    """
    words = column.removeprefix("meta_").lower().split("_")
    return (column.startswith("meta_") and is_id_column(column) and len(words) >= 2
            and words[-2] in _PERSON_ALONE | _PERSON_ROLE)


def redact_columns(segments: pd.DataFrame, cfg: RedactConfig, redactor: Redactor, cache_dir: str = "") -> pd.DataFrame:
    """Redact the columns besides ``text`` and ``speaker``: ids, ``channel``, ``rating_raw`` and ``meta_*``.

    An id that holds personal data (the redactor finds some in it, or a joined word of it is a first name)
    becomes an alias, the same for the same id in every id column, so a conversation's rows stay one
    document ("chat:Kowalski Jan 600100200" -> "chat:chats/helpdesk.csv#1"); ``channel``, ``rating_raw`` and
    the other metadata are redacted as text, or whole when the header names a person (:func:`redact_values`).

    Args:
        segments: The segment table (after :func:`redact_table`).
        cfg: The ``[redact]`` settings; with ``enabled = false`` the table is returned as it is.
        redactor: The redactor to use.
        cache_dir: Folder of the content cache ('' for none).

    Returns:
        A new table with the same rows and columns.
    """
    if not cfg.enabled:
        return segments
    out = segments.copy()
    strings = [c for c in out.columns if out[c].dtype == object or pd.api.types.is_string_dtype(out[c])]
    ids = [c for c in strings if is_id_column(c)]
    if ids and len(out):
        _alias_ids(out, ids, cfg, redactor, cache_dir)
    docs = out["doc_id"].fillna("").astype(str).tolist() if "doc_id" in out else None
    cols = {c: out[c] for c in strings if c in TEXT_COLUMNS or (c.startswith("meta_") and c not in ids)}
    for col, values in _redact_value_columns(cols, cfg, redactor, cache_dir, docs).items():
        out[col] = values
    return out


def _may_be_private(value: str) -> bool:
    """Worth the redactor's time as an id: an "@", a long or spaced number, two words or a capitalised word
    ("R2217", "comments.csv:c1866" and "9001" are not).

    Example:
        >>> [_may_be_private(v) for v in ("R2217", "comments.csv:c18", "Kowalski Jan", "600 100 200", "a@b.pl", "Smith")]
        [False, False, True, True, True, True]
    """
    return "@" in value or bool(_SPACED_OR_LONG.search(value)) or any(len(w) >= 3 for w in capitalised_words(value))


_SPACED_OR_LONG = re.compile(r"\d{6}|\d[\s.-]\d{2}|\w\s+\w")
# In a person's id column a number of four digits or more names them (a VK user's "11001"); "R22" tells little.
_PERSON_NUMBER = re.compile(r"\d{4}")


def redact_quarantine(quarantine: pd.DataFrame, cfg: RedactConfig, redactor: Redactor, cache_dir: str = "") -> pd.DataFrame:
    """The quarantine table with each record's own id (``record_id``) redacted as text, as ids are
    (:func:`redact_columns`): a review id that is the reviewer's e-mail reads "[EMAIL]", one a first name makes
    private "[ID]"; other ids ("R2217", "42") stay so the user can find the record.

    Example:
        >>> q = pd.DataFrame({"file": ["r.csv"] * 3, "record_id": ["jan.kowalski@wp.pl", "R2217", ""]})
        >>> redact_quarantine(q, RedactConfig(person_names=False), Redactor(RedactConfig(person_names=False)))["record_id"].tolist()
        ['[EMAIL]', 'R2217', '']
    """
    if not cfg.enabled or "record_id" not in quarantine or not len(quarantine):
        return quarantine
    out = quarantine.copy()
    ids = out["record_id"].fillna("").astype(str)
    uniq = sorted({v for v in ids if v and _may_be_private(v)})
    found = dict(zip(uniq, (t for t, _ in _cached_redact(redactor, uniq, cfg, cache_dir)))) if uniq else {}
    out["record_id"] = [("[ID]" if has_name_token(v) else v) if found.get(v, v) == v else found[v] for v in ids]
    return out


def _alias_ids(out: pd.DataFrame, ids: list[str], cfg: RedactConfig, redactor: Redactor, cache_dir: str) -> None:
    """Replace, in place, the ids of ``ids`` columns that hold personal data (see :func:`redact_columns`).

    An id is numbered within the first source file (sorted) it appears in. A document id made of the source
    type and a private thread id ("chat:<thread>") takes the thread's alias after the same prefix."""
    cols = {c: out[c].to_numpy(dtype=object) for c in ids}
    files = out["source_file"].fillna("").astype(str).to_numpy() if "source_file" in out else [""] * len(out)
    types = out["source_type"].fillna("").astype(str).to_numpy() if "source_type" in out else [""] * len(out)

    def bare(col: str, i: int, v: str) -> str:
        """The id without its "<source type>:" prefix in doc_id."""
        head = f"{types[i]}:"
        return v[len(head):] if col == "doc_id" and types[i] and v.startswith(head) else v

    values = {bare(c, i, v) for c, vals in cols.items() for i, v in enumerate(vals) if isinstance(v, str) and v}
    # a person's own id ("meta_customer_id": "NT-4027026") names them in the business's systems ("1" or "R22" tells little)
    private = {v for v in values if has_name_token(v)} | {
        v for c, vals in cols.items() if person_id_column(c) for v in vals
        if isinstance(v, str) and (_may_be_private(v) or _PERSON_NUMBER.search(v))}
    # only what may hold a name, an address or a number goes through the redactor ("R2217", "c.csv:c18" do not)
    uniq = sorted(v for v in values if v not in private and _may_be_private(v))
    redacted = (t for t, _ in _cached_redact(redactor, uniq, cfg, cache_dir)) if uniq else ()
    private |= {v for v, r in zip(uniq, redacted) if r != v}
    if not private:
        return
    scope: dict[str, str] = {}
    for c, vals in cols.items():
        for i, v in enumerate(vals):
            if isinstance(v, str) and (b := bare(c, i, v)) in private:
                scope[b] = min(scope.get(b, files[i]), files[i])
    alias = {v: a for (_, v), a in id_aliases((f, v) for v, f in scope.items()).items()}
    for c, vals in cols.items():
        new = [v if not isinstance(v, str) or (b := bare(c, i, v)) not in private else v[:len(v) - len(b)] + alias[b]
               for i, v in enumerate(vals)]
        out[c] = pd.Series(new, index=out.index, dtype=out[c].dtype)


def flag_table_duplicates(segments: pd.DataFrame, cfg: RedactConfig) -> pd.DataFrame:
    """Add ``dup_group`` (int, -1 for unique texts) and ``is_dup`` (bool) to a segment table.

    Texts are compared within the same ``role`` (when the column exists), so an agent macro
    never makes a customer's words a duplicate. A customer's text shorter than ``dedup_copy_chars``
    is compared only with the same customer's (``speaker``, else the document): the same short
    question from fifty customers is fifty questions, not one and 49 copies; a long one is a copy
    whoever posted it. Run it on the redacted text: placeholders make "Hi Anna, ..." and
    "Hi Piotr, ..." greetings identical.

    Args:
        segments: Table with ``text`` (and optionally ``role``, ``speaker``, ``doc_id``).
        cfg: The ``[redact]`` settings (``dedup``, ``dedup_threshold``, ``dedup_min_chars``,
            ``dedup_copy_chars``).

    Returns:
        A new table with the two columns added; with ``dedup = false`` every row is unique.
    """
    out = segments.copy()
    n = len(out)
    if not cfg.dedup or n == 0:
        out["dup_group"] = [-1] * n
        out["is_dup"] = [False] * n
        return out
    texts = out["text"].fillna("").astype(str).tolist()
    by = None
    if "role" in out:
        roles = out["role"].fillna("").astype(str).tolist()
        author = (out["speaker"].fillna("").astype(str) if "speaker" in out else pd.Series([""] * n, index=out.index))
        if "doc_id" in out:
            author = author.where(author != "", out["doc_id"].fillna("").astype(str))
        by = [(r, "") if r != "customer" or len(normalise_for_dedup(t)) >= cfg.dedup_copy_chars else (r, a)
              for r, t, a in zip(roles, texts, author.tolist())]
    group, dup = flag_duplicates(texts, cfg.dedup_threshold, by=by, min_chars=cfg.dedup_min_chars)
    out["dup_group"] = pd.array(group, dtype="int64")
    out["is_dup"] = pd.array(dup, dtype="bool")
    return out
