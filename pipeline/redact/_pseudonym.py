"""Stable role-based aliases for speaker and author names ("Customer 7", "Agent 2")."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Iterable, Sequence

__all__ = ["pseudonymise_speaker", "pseudonymise_speakers", "id_aliases", "staff_aliases", "ROLE_LABELS"]

ROLE_LABELS = {
    "customer": "Customer",
    "interviewer": "Interviewer",
    "agent": "Agent",
    "bot": "Bot",
    "brand": "Brand",
    "spam": "Spam account",
    "other": "Speaker",
}


_COMPANY_ROLES = {"interviewer", "agent", "bot", "brand"}


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip().casefold()


def _label(role: str) -> str:
    return ROLE_LABELS.get((role or "").strip().lower(), "Speaker")


def pseudonymise_speaker(name: str, role: str, roster: Iterable[str] | None = None) -> str:
    """A stable alias for one speaker.

    With a ``roster`` (every name seen in that role), speakers are numbered 1, 2, 3 ... in the
    sorted order of their normalised names, so the same set of names always gives the same
    aliases whatever order the rows come in. Without one, the number is derived from a hash of
    the name (4 digits), stable across runs and corpora.

    Args:
        name: Raw speaker / author name as in the source ("" when unknown).
        role: ``customer`` | ``interviewer`` | ``agent`` | ``bot`` | ``brand`` | ``spam`` | ``other``.
        roster: Optional names of all speakers with this role.

    Returns:
        ``"<Role> <n>"``, or ``""`` when ``name`` is blank.

    Example:
        >>> pseudonymise_speaker("Marta", "customer", roster=["Zofia", "marta ", "Anna"])
        'Customer 2'
        >>> pseudonymise_speaker("Marta", "customer") == pseudonymise_speaker(" marta", "customer")
        True
    """
    key = _norm(name or "")
    if not key:
        return ""
    if roster is not None:
        ordered = sorted({_norm(r) for r in roster if r and _norm(r)} | {key})
        return f"{_label(role)} {ordered.index(key) + 1}"
    digest = hashlib.sha256(f"{(role or '').lower()}\x1f{key}".encode("utf-8")).hexdigest()
    return f"{_label(role)} {int(digest[:12], 16) % 9000 + 1000}"


def pseudonymise_speakers(names: Sequence[str], roles: Sequence[str], scopes: Sequence[str] | None = None,
                          docs: Sequence[str] | None = None) -> list[str]:
    """Aliases for a whole column of speakers, numbered per role by sorted name.

    The same person (same normalised name, same role) always gets the same alias; blanks stay blank.
    With ``scopes`` (the source file of each row), a customer known only by a first name or a handle keeps an alias
    within one file: an "Ola" in a chat export and an "Ola" among the reviews are two people until shown otherwise.
    Files that share a document (``docs``: an e-mail thread of one file per message) are one scope, and a full name
    ("Anna Kowalska", two name words) or an e-mail address is one person across the corpus. Interviewers, agents,
    bots and brand accounts are the company's few and keep one alias across files.

    Args:
        names: Raw speaker names, one per row.
        roles: Role per row.
        scopes: Optional source file per row (see above).
        docs: Optional document per row: files holding one document are one scope.

    Returns:
        One alias per row.

    A name written in Latin letters is the same person as one in Cyrillic that it spells (:func:`_script_twins`: the
    interviewer "Nikita Orlov" in a Zoom file and "Никита Орлов" in a Teams one).

    Example:
        >>> pseudonymise_speakers(["Ewa", "Marta", "Ewa", "Kasia"], ["interviewer", "customer", "interviewer", "customer"])
        ['Interviewer 1', 'Customer 2', 'Interviewer 1', 'Customer 1']
        >>> pseudonymise_speakers(["Nikita Orlov", "Никита Орлов", "Anna Lis"], ["interviewer"] * 3)
        ['Interviewer 2', 'Interviewer 2', 'Interviewer 1']
        >>> pseudonymise_speakers(["Ola", "Ola", "Ola"], ["customer"] * 3, ["chat.csv", "chat.csv", "reviews.csv"])
        ['Customer 1', 'Customer 1', 'Customer 2']
        >>> pseudonymise_speakers(["Ola", "Ola", "Anna Kowalska", "Anna Kowalska"], ["customer"] * 4,
        ...                       ["t1_1.eml", "t1_2.eml", "t2_1.eml", "reviews.csv"], ["t1", "t1", "t2", "r:7"])
        ['Customer 2', 'Customer 2', 'Customer 1', 'Customer 1']
    """
    n = len(names)
    if len(roles) != n or any(x is not None and len(x) != n for x in (scopes, docs)):
        raise ValueError(f"names has {n} items but roles has {len(roles)}"
                         + (f", scopes {len(scopes)}" if scopes is not None else "")
                         + (f", docs {len(docs)}" if docs is not None else "") + "; pass one per name.")
    scope_of = _customer_scopes(names, roles, scopes, docs) if scopes is not None else {}

    def key(i: int) -> tuple[str, str] | None:
        name = _norm(names[i] or "")
        if not name:
            return None
        return (scope_of.get(i, ""), name)

    same = _script_twins([_norm(x or "") for x in names])
    keys = [(k[0], same.get(k[1], k[1])) if k else None for k in map(key, range(n))]
    by_role: dict[str, set[tuple[str, str]]] = {}
    for k, role in zip(keys, roles):
        if k:
            by_role.setdefault(_label(role), set()).add(k)
    index = {label: {k: i + 1 for i, k in enumerate(sorted(ks))} for label, ks in by_role.items()}
    return [f"{_label(role)} {index[_label(role)][k]}" if k else "" for k, role in zip(keys, roles)]


# Spellings that differ between a name transliterated by ear and written in Cyrillic: "Dmitry" / "Дмитрий", "Olga" /
# "Ольга", "Yulia" / "Юлия", "Tatyana" / "Татьяна"
_SKELETON = str.maketrans({"ь": "", "ъ": "", "ё": "е", "э": "е", "ы": "и", "й": "и", "я": "иа"})


def _skeleton(cyrillic: str) -> str:
    """A Cyrillic name reduced to what its Latin spellings keep (no soft sign, и for ы / й, иа for я)."""
    return re.sub(r"и+", "и", cyrillic.translate(_SKELETON))


def _script_twins(names: Sequence[str]) -> dict[str, str]:
    """For each normalised name in Latin letters that spells one in Cyrillic among ``names`` (:func:`pipeline.translit.
    to_cyrillic`, compared as :func:`_skeleton`), that Cyrillic name.

    Example:
        >>> _script_twins(["nikita orlov", "никита орлов", "dmitry", "дмитрий", "olga", "anna"])
        {'dmitry': 'дмитрий', 'nikita orlov': 'никита орлов'}
    """
    from pipeline.translit import to_cyrillic

    cyrillic = {_skeleton(x): x for x in sorted(set(names)) if re.search(r"[\u0400-\u04ff]", x)}
    if not cyrillic:
        return {}
    return {x: cyrillic[k] for x in sorted(set(names)) if x and x.isascii()
            and (k := _skeleton(to_cyrillic(x))) in cyrillic}


def _customer_scopes(names: Sequence[str], roles: Sequence[str], scopes: Sequence[str],
                     docs: Sequence[str] | None) -> dict[int, str]:
    """Per row of a customer known only by a first name or handle, the scope its alias holds in: its file, joined
    with the other files where the same name speaks in the same document (the first of them, sorted)."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def root(x: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    rows = [i for i in range(len(names)) if _norm(names[i] or "") and (roles[i] or "").strip().lower() not in _COMPANY_ROLES
            and not _one_person(names[i])]
    first_file: dict[tuple[str, str], tuple[str, str]] = {}
    for i in rows:
        name, node = _norm(names[i]), (_norm(names[i]), str(scopes[i] or ""))
        if docs is not None:
            seen = first_file.setdefault((name, str(docs[i] or "")), node)
            a, b = sorted((root(seen), root(node)))
            parent[b] = a
        root(node)
    return {i: root((_norm(names[i]), str(scopes[i] or "")))[1] for i in rows}


def _one_person(name: str) -> bool:
    """A name that points at one person wherever it appears: an e-mail address or a full name (two name words:
    "Anna Kowalska", not "Ola", "Speaker 2" or "Facebook User").

    Example:
        >>> [_one_person(n) for n in ("Anna Kowalska", "a.smirnov85@yandex.ru", "Ola", "Speaker 2", "Uczestniczka 3")]
        [True, True, False, False, False]
    """
    from pipeline.redact._names import person_tokens

    return "@" in name or len(person_tokens(name)) >= 2


def id_aliases(ids: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Aliases for ids that hold personal data (a conversation id "jan.kowalski@wp.pl", a reply-to "@bartek.mazur").

    Ids are numbered per scope (the source file) in sorted order, as speakers are: the same id always gets the
    same alias, so rows stay grouped, and the alias says nothing of the id. A hash of the id would not do: a
    phone number's hash gives the number back to anyone who tries them all.

    Args:
        ids: ``(scope, id)`` pairs, repeats allowed.

    Returns:
        ``(scope, id) -> "<scope>#<n>"`` (``"#<n>"`` with an empty scope).

    Example:
        >>> id_aliases([("chats/a.csv", "jan@wp.pl"), ("chats/a.csv", "Anna 600100200"), ("chats/b.csv", "jan@wp.pl")])
        {('chats/a.csv', 'Anna 600100200'): 'chats/a.csv#1', ('chats/a.csv', 'jan@wp.pl'): 'chats/a.csv#2', \
('chats/b.csv', 'jan@wp.pl'): 'chats/b.csv#1'}
    """
    out: dict[tuple[str, str], str] = {}
    counts: dict[str, int] = {}
    for scope, value in sorted(set(ids)):
        counts[scope] = counts.get(scope, 0) + 1
        out[(scope, value)] = f"{scope}#{counts[scope]}"
    return out


def staff_aliases(names: Iterable[str], label: str) -> dict[str, str]:
    """Aliases for the staff a column names ("Doctor 1", "Teacher 2"), numbered in the order the names first come in
    the data (not alphabetically: a clinic's list of doctors is public, and "Doctor 1" must not be its first name),
    the same for a name in Latin letters and in Cyrillic (:func:`_script_twins`): what patients say of one doctor
    stays together and names no one.

    Example:
        >>> staff_aliases(["Jan Nowak", "Anna Lis", "anna  lis", "Nikita Orlov", "Никита Орлов"], "Doctor")
        {'Jan Nowak': 'Doctor 1', 'Anna Lis': 'Doctor 2', 'anna  lis': 'Doctor 2', 'Nikita Orlov': 'Doctor 3', \
'Никита Орлов': 'Doctor 3'}
    """
    names = [x for x in dict.fromkeys(names) if _norm(x)]
    twins = _script_twins([_norm(x) for x in names])
    keys = {x: twins.get(_norm(x), _norm(x)) for x in names}
    order = {k: i + 1 for i, k in enumerate(dict.fromkeys(keys.values()))}
    return {x: f"{label} {order[k]}" for x, k in keys.items()}
