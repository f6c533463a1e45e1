"""Detect the text encoding of a file, robustly for Polish and Russian, and decode without crashing.

Order of evidence: a byte-order mark; UTF-16 without BOM (a column of zero / 0x04 high bytes);
strict UTF-8 (real legacy-encoded text is almost never valid UTF-8); mostly-valid UTF-8 with a few
bad bytes; and finally a choice among the single-byte code pages people still export in
(cp1250, ISO-8859-2, cp1251, KOI8-R, latin-1/cp1252).

The last step is where generic detectors (charset-normalizer, chardet) often go wrong: cp1250 vs
latin-1, cp1251 vs KOI8-R. Every candidate decodes every byte, so we score each decoding with what a
reader would notice: letter frequencies of Polish, Russian and Western European text, symbols or
control characters where letters should be (``wi¹zaæ``, ``¼le`` for Polish-as-latin-1), Latin and
Cyrillic letters mixed inside one word (Polish-as-cp1251), capitals inside words and frequent
Russian letter pairs (KOI8-R-as-cp1251 swaps the case of every letter and scrambles the pairs), and
lone one-letter "Russian words" among Latin text (French ``à`` read as cp1251 ``а``).
charset-normalizer is only consulted when no candidate looks like any of these languages.

What a file's bytes are is told here too: binary or text (:func:`looks_binary`), and whether a .docx / .xlsx is
the Word document or Excel workbook its name says (:func:`office_problem`).
"""

from __future__ import annotations

import codecs
import math
import re
import unicodedata
import zipfile
from pathlib import Path

__all__ = ["detect_encoding", "decode_bytes", "sniff_file", "looks_binary", "without_nul", "office_problem", "file_name"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_SINGLE_BYTE = ("cp1250", "iso-8859-2", "cp1251", "koi8-r", "cp1252")


def _model(freqs: dict[str, float]) -> dict[str, float]:
    """Letter -> log share among the language's non-ASCII letters, either case (KOI8-R read as cp1251 swaps the
    case of every letter, so case must not decide between the two readings: "КУРЬЕР ... ДОБРЫЙ" had lost to its
    mis-decoded "йспэеп ... днапши" by the small penalty upper case had)."""
    total = sum(freqs.values())
    out: dict[str, float] = {}
    for ch, f in freqs.items():
        w = math.log(f / total)
        out[ch] = w
        out.setdefault(ch.upper(), w)
    return out


# Letter frequencies in % of running text (public frequency tables, rounded).
_POLISH = _model({"ą": 0.99, "ć": 0.40, "ę": 1.11, "ł": 1.82, "ń": 0.20, "ó": 0.85, "ś": 0.66,
                  "ź": 0.06, "ż": 0.83})
_RUSSIAN = _model({"о": 10.97, "е": 8.45, "а": 8.01, "и": 7.35, "н": 6.70, "т": 6.26, "с": 5.47,
                   "р": 4.73, "в": 4.54, "л": 4.40, "к": 3.49, "м": 3.21, "д": 2.98, "п": 2.81,
                   "у": 2.62, "я": 2.01, "ы": 1.90, "ь": 1.74, "г": 1.70, "з": 1.65, "б": 1.59,
                   "ч": 1.44, "й": 1.21, "х": 0.97, "ж": 0.94, "ш": 0.73, "ю": 0.64, "ц": 0.48,
                   "щ": 0.36, "э": 0.32, "ф": 0.26, "ъ": 0.04, "ё": 0.04, "і": 0.15, "ї": 0.03,
                   "є": 0.03, "ў": 0.02, "ґ": 0.01})
_WESTERN = _model({"é": 2.0, "è": 0.4, "ê": 0.2, "à": 0.5, "â": 0.1, "ç": 0.2, "ô": 0.05, "î": 0.05,
                   "û": 0.05, "ë": 0.05, "ï": 0.05, "ü": 0.6, "ö": 0.4, "ä": 0.5, "ß": 0.3, "ñ": 0.3,
                   "á": 0.4, "í": 0.3, "ó": 0.3, "ú": 0.15, "ã": 0.1, "õ": 0.05, "å": 0.2, "ø": 0.15,
                   "æ": 0.1})
_MODELS = (_POLISH, _RUSSIAN, _WESTERN)
_UNKNOWN_LETTER = -9.0
_BAD_CHAR = -15.0      # control character or undecodable byte
_ODD_SYMBOL = -5.0     # ¹ ³ ± ¶ ... : a letter of another code page, seen through the wrong one
_TYPOGRAPHY = set("“”„‘’‚«»‹›–—…€°§№•·×÷©®™¢£¥\u00a0\u00ad‰†‡")
# Frequent letter pairs of Russian text.
_RU_BIGRAMS = set("""ст но то на ен ов ни ра во ко ос не ро ан ре ал по ол ер пр ли ть ор ет ва ка ле та ел ил он
го ла ит ом ес ог ие ав де ат ри ин ой ем ак ль ед ам ев ки ме ны ти ве ви ло од да за ди ся ми нн тр ег ас мо ск
уж ую ая ый ых их ия ож ек""".split())
_BIGRAM_BONUS = 1.5
_GLUE_OK = set("“”„‘’‚«»‹›…—–\u00a0\u00ad")   # may touch a letter in real text
_WORD = re.compile(r"[^\W\d_]+")


def _script(ch: str) -> str:
    if ch < "\u0250":
        return "L"
    if "\u0400" <= ch < "\u0530":
        return "C"
    return "O"


def score_text(text: str) -> float:
    """How much ``text`` looks like natural pl/ru/Western text (higher is better; 0 for pure ASCII).

    Only non-ASCII characters and the words holding them are scored, since ASCII bytes decode the
    same in every candidate.
    """
    shared = 0.0
    per_lang = [0.0, 0.0, 0.0]
    n = len(text)
    for j, ch in enumerate(text):
        if ch < "\x80":
            continue
        if ch.isalpha():
            for i, m in enumerate(_MODELS):
                per_lang[i] += m.get(ch, _UNKNOWN_LETTER)
        elif ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs"):
            shared += _BAD_CHAR
        else:
            if ch not in _TYPOGRAPHY:
                shared += _ODD_SYMBOL
            # "¼le", "naro©nik": a symbol glued to letters is a letter seen through the wrong code page.
            if ch not in _GLUE_OK and ((j and text[j - 1].isalpha()) or (j + 1 < n and text[j + 1].isalpha())):
                shared += 2 * _ODD_SYMBOL
    penalty = 0.0
    short_cyr = long_cyr = 0
    for m in _WORD.finditer(text):
        w = m.group()
        if w.isascii():
            continue
        scripts = {_script(c) for c in w}
        if scripts == {"C"}:
            if len(w) <= 2:
                short_cyr += 1
            else:
                long_cyr += 1
        if "L" in scripts and "C" in scripts:
            penalty -= 10.0
        # Capitals inside a word: KOI8-R read as cp1251 (and back) swaps the case of every letter.
        prev_lower = False
        for c in w:
            if c.isupper() and prev_lower and not c.isascii():
                penalty -= 4.0
            prev_lower = c.islower()
        if scripts == {"C"}:
            # Common Russian letter pairs, case-folded: the KOI8-R / cp1251 confusion swaps case,
            # so only the pairs tell an all-caps "ОТЗЫВ" from its mis-decoded "нргшб".
            f = w.casefold()
            penalty += _BIGRAM_BONUS * sum(1 for k in range(len(f) - 1) if f[k:k + 2] in _RU_BIGRAMS)
        if scripts == {"L"} and len(w) >= 2:
            non_ascii = sum(1 for c in w if c >= "\x80")
            if non_ascii / len(w) > 0.5:
                penalty -= 3.0 * non_ascii
    if short_cyr and not long_cyr:
        # Only one- or two-letter "Russian words" among Latin text: French "à" read as cp1251 "а".
        penalty -= 4.0 * short_cyr
    return max(per_lang) + shared + penalty


def _utf8_ok(block: bytes, complete: bool = True) -> bool:
    """Strict UTF-8 check; an incomplete block may end in the middle of a character."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(block, final=complete)
        return True
    except UnicodeDecodeError:
        return False


def _utf16_guess(sample: bytes) -> str | None:
    """UTF-16 without BOM: one byte of each pair is nearly always 0x00 (Latin) or 0x04 (Cyrillic)."""
    n = len(sample) - len(sample) % 2
    if n < 8:
        return None
    even, odd = sample[0:n:2], sample[1:n:2]
    for enc, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        top = max((high.count(b) for b in (0, 1, 4)), default=0)
        if top / len(high) > 0.7 and low.count(0) / len(low) < 0.1:
            try:
                sample[:n].decode(enc)
                return enc
            except UnicodeDecodeError:
                continue
    return None


def looks_binary(sample: bytes) -> bool:
    """True for images, archives, PDFs, executables: NUL bytes or many control bytes, not UTF-16/32. A stray NUL
    or two in text free of other control bytes (a damaged export; :func:`without_nul` removes them) is text: every
    binary format has other control bytes beside its NULs.

    Example:
        >>> looks_binary(b"id,text\\n1,late\\x00 again\\n"), looks_binary(bytes(range(256)) * 4)
        (False, True)
    """
    if not sample:
        return False
    if any(sample.startswith(bom) for bom, _ in _BOMS) or _utf16_guess(sample[:4096]):
        return False
    head = sample[:8192]
    nul = head.count(0)
    ctrl = sum(1 for b in head if b < 32 and b not in (0, 9, 10, 12, 13, 27))
    if nul and (nul > 1 + len(head) // 1024 or ctrl * 100 > len(head)):
        return True
    return (ctrl + nul) / len(head) > 0.3


def without_nul(text: str, first_line: int = 1) -> tuple[str, list[int]]:
    """``text`` without its NUL characters, the stray bytes of a damaged save or export, and the lines (counted from
    ``first_line``) that held one, for ``files.csv`` to name (:attr:`FileStats.nul_lines`).

    Example:
        >>> without_nul("id,text\\n1,la\\x00te\\n")
        ('id,text\\n1,late\\n', [2])
    """
    if "\x00" not in text:
        return text, []
    lines = {first_line + text.count("\n", 0, m.start()) for m in re.finditer("\x00", text)}
    return text.replace("\x00", ""), sorted(lines)



# per Office format: the part every such file holds, what it is called, the program that saves it, what it is renamed
# from when it is text, the older format saved in the same program
_OFFICE = {"docx": ("word/document.xml", "a Word document", "Word", "txt", "doc"),
           "xlsx": ("xl/workbook.xml", "an Excel workbook", "Excel", "csv", "xls")}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # the container of .doc / .xls and of password-protected Office files


def office_problem(path: Path, fmt: str) -> str | None:
    """Why a .docx or .xlsx file (``fmt``) is not the Word document or Excel workbook its name says, with the fix;
    None when it is one (a zip holding the document's part). Never the file's content.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as d:
        ...     _ = (Path(d) / "reviews.xlsx").write_text("id,review\\n1,Late again\\n")
        ...     office_problem(Path(d) / "reviews.xlsx", "xlsx")
        'not an Excel workbook but text, as a CSV file renamed to .xlsx is; fix: rename it to .csv'
    """
    part, what, app, text_ext, old_ext = _OFFICE[fmt]
    with open(path, "rb") as fh:
        head = fh.read(65536)
    if head.startswith(_OLE2):
        return (f"not {what} but an older {app} file (.{old_ext}) or a password-protected one; fix: open it in {app}, "
                f"remove any password and save it as .{fmt}")
    if not zipfile.is_zipfile(path):
        if head.startswith(b"PK"):
            return (f"a damaged zip archive (a .{fmt} file is one), as a download or copy cut short leaves; fix: copy "
                    "or export it again")
        if head and not looks_binary(head):
            return (f"not {what} but text, as a {text_ext.upper()} file renamed to .{fmt} is; fix: rename it to "
                    f".{text_ext}")
        return f"not {what} (a .{fmt} file is a zip archive, this one is not); fix: open it in {app} and save it as .{fmt}"
    with zipfile.ZipFile(path) as z:
        if part not in z.namelist():
            return (f"a zip archive, but not {what} (it holds no {part}); fix: open it in {app} and save it as "
                    f".{fmt}, or unpack it into the corpus folder")
    return None

def detect_encoding(sample: bytes, complete: bool = True) -> str:
    """Guess the encoding of ``sample`` (the start of a file, or blocks of it holding non-ASCII bytes).

    Args:
        sample: Raw bytes.
        complete: False when ``sample`` is a cut of a longer file (it may end inside a character).

    Returns:
        A Python codec name: ``utf-8``, ``utf-8-sig``, ``utf-16``, ``utf-16-le``, ``utf-16-be``,
        ``utf-32``, ``cp1250``, ``iso-8859-2``, ``cp1251``, ``koi8-r``, ``latin-1`` or ``cp1252``
        (or, for other languages, charset-normalizer's guess).

    Example:
        >>> detect_encoding("zażółć gęślą jaźń".encode("cp1250"))
        'cp1250'
    """
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    u16 = _utf16_guess(sample)
    if u16:
        return u16
    if sample.isascii() or _utf8_ok(sample, complete):
        return "utf-8"
    # Mostly UTF-8 with a few broken bytes (a bad copy-paste) is still UTF-8.
    text = sample.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if c >= "\x80") - bad
    if good >= 2 * bad and good >= 3:
        return "utf-8"
    best, best_score = "cp1252", -math.inf
    n_high = sum(1 for b in sample if b >= 0x80) or 1
    for enc in _SINGLE_BYTE:
        s = score_text(sample.decode(enc, errors="replace"))
        if enc in ("iso-8859-2",):
            s -= 0.5  # a tie goes to the Windows code page, far more common in exports
        if s > best_score:
            best, best_score = enc, s
    if best_score / n_high < -7.5:
        # None of pl/ru/Western fits: another language (Czech, Greek, ...); ask the generic detector.
        try:
            from charset_normalizer import from_bytes

            match = from_bytes(sample).best()
            if match is not None and match.encoding:
                return codecs.lookup(match.encoding).name
        except Exception:  # detector failure must never stop ingest
            pass
    if best == "cp1252" and not any(0x80 <= b < 0xA0 for b in sample):
        return "latin-1"
    return best


def decode_bytes(data: bytes, encoding: str = "auto") -> tuple[str, str]:
    """Decode bytes, never raising: undecodable bytes become U+FFFD.

    Args:
        data: Raw file content.
        encoding: A codec name, or ``"auto"`` to detect it.

    Returns:
        ``(text, encoding)``; a leading BOM is removed.
    """
    enc = detect_encoding(data) if encoding == "auto" else encoding
    text = data.decode(enc, errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, enc


def sniff_file(path: Path, encoding: str = "auto", block: int = 1 << 20) -> tuple[str, bool]:
    """Detect a file's encoding reading only what is needed (files can be larger than memory).

    The first block is always read; if it is pure ASCII, later blocks are scanned (fast, in C) for
    the first ones holding non-ASCII bytes, since a CSV's first rows are often ASCII-only.

    Returns:
        ``(encoding, is_binary)``.
    """
    with open(path, "rb") as fh:
        first = fh.read(block)
        if looks_binary(first):
            return "binary", True
        if encoding != "auto":
            return encoding, False
        sample, complete = first, len(first) < block
        if first.isascii():
            # The first non-ASCII block and the next few contiguous ones decide.
            while True:
                chunk = fh.read(block)
                if not chunk:
                    break
                if not chunk.isascii():
                    i = 0
                    while i < 3 and i < len(chunk) and 0x80 <= chunk[i] < 0xC0:
                        i += 1
                    sample = chunk[i:] + fh.read(3 * block)
                    complete = False
                    break
        return detect_encoding(sample, complete), False


_NAME_ENCODINGS = ("cp1250", "iso-8859-2", "cp1251")


def file_name(name: str) -> str:
    """A file or folder name as outputs show it, when its bytes are not UTF-8.

    A zip made on Windows stores names in the code page of its maker; unpacked on Linux, "opinie_łódź.txt"
    arrives as bytes Python holds as surrogates ("opinie_\\udcb3\\udcf3d\\udcbc.txt"), which no table, CSV or
    JSON can hold. Each such part of the path is decoded as UTF-8, else in the code page (cp1250, ISO-8859-2,
    cp1251) whose reading is all letters and reads most like Polish or Russian, else with U+FFFD for the
    bytes. The file itself is still opened by its real name.

    Example:
        >>> file_name("reviews/opinie_\\udcb3\\udcf3d\\udcbc.txt"), file_name("отзывы.txt")
        ('reviews/opinie_łódź.txt', 'отзывы.txt')
    """
    if not any("\udc80" <= ch <= "\udcff" for ch in name):
        return name
    return "/".join(_decode_part(part) for part in name.split("/"))


def _decode_part(part: str) -> str:
    raw = part.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    readings = [raw.decode(enc, "replace") for enc in _NAME_ENCODINGS]
    letters = [t for t in readings if all(ch.isalpha() for ch in t if ch >= "\x80")]
    return max(letters, key=score_text) if letters else raw.decode("utf-8", "replace")
