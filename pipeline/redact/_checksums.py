"""Checksums that turn "a run of digits" into "a card / IBAN / PESEL / NIP / СНИЛС / ИНН" (and keep the rest).

Each check works on the bare digits (or alphanumerics for IBAN); callers strip separators first.
"""

from __future__ import annotations

import datetime as _dt

# IBAN lengths per country (ISO 13616 registry), for the countries qsynth's users meet most.
# A candidate from a country not listed here is accepted when its checksum holds for a length
# between 15 and 34.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BY": 28, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18,
    "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "HR": 21, "HU": 28,
    "IE": 22, "IL": 23, "IS": 26, "IT": 27, "KZ": 20, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
    "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25,
    "RO": 24, "RS": 22, "SA": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TR": 26, "UA": 29,
    "XK": 20,
}


def luhn_ok(digits: str) -> bool:
    """True when a digit string passes the Luhn (mod 10) check used by payment cards.

    Example:
        >>> luhn_ok("4526018159083012"), luhn_ok("4526018159083013")
        (True, False)
    """
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_ok(iban: str) -> bool:
    """True when an IBAN (no separators, any case) passes the ISO 7064 mod-97 check.

    Example:
        >>> iban_ok("GB76NWBK20168493407224"), iban_ok("GB77NWBK20168493407224")
        (True, False)
    """
    s = iban.upper()
    if len(s) < 15 or len(s) > 34 or not s[:2].isalpha() or not s[2:4].isdigit() or not s.isalnum():
        return False
    want = IBAN_LENGTHS.get(s[:2])
    if want is not None and len(s) != want:
        return False
    rearranged = s[4:] + s[:4]
    # int(ch, 36) maps 0-9 to themselves and A-Z to 10-35, as the standard requires.
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def nrb_ok(digits: str) -> bool:
    """True when 26 digits are a Polish account number (NRB), i.e. a PL IBAN without 'PL'."""
    return len(digits) == 26 and digits.isdigit() and iban_ok("PL" + digits)


def pesel_ok(digits: str) -> bool:
    """True when 11 digits are a valid PESEL: checksum and a real birth date.

    Example:
        >>> pesel_ok("85031488535"), pesel_ok("85031488536")
        (True, False)
    """
    if len(digits) != 11 or not digits.isdigit():
        return False
    weights = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    check = (10 - sum(int(d) * w for d, w in zip(digits, weights)) % 10) % 10
    if check != int(digits[10]):
        return False
    yy, mm, dd = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    # The month carries the century: +80 for 1800s, +0 1900s, +20 2000s, +40 2100s, +60 2200s.
    century = {0: 1900, 1: 1900, 2: 2000, 3: 2000, 4: 2100, 5: 2100, 6: 2200, 7: 2200, 8: 1800, 9: 1800}[mm // 10]
    month = mm % 20
    try:
        _dt.date(century + yy, month, dd)
    except ValueError:
        return False
    return True


def nip_ok(digits: str) -> bool:
    """True when 10 digits are a valid Polish NIP (tax id) by its mod-11 checksum.

    Example:
        >>> nip_ok("7372651677"), nip_ok("7372651678")
        (True, False)
    """
    if len(digits) != 10 or not digits.isdigit() or digits[0] == "0":
        return False
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    check = sum(int(d) * w for d, w in zip(digits, weights)) % 11
    return check != 10 and check == int(digits[9])


def snils_ok(digits: str) -> bool:
    """True when 11 digits are a valid Russian СНИЛС (pension insurance number) by its control number.

    The last two digits are the sum of the first nine weighted 9..1, taken mod 101 (100 and 101 read 00).

    Example:
        >>> snils_ok("11223344595"), snils_ok("11223344596")
        (True, False)
    """
    if len(digits) != 11 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits, range(9, 0, -1)))
    return total % 101 % 100 == int(digits[9:])


def inn_ok(digits: str) -> bool:
    """True when 10 (a company) or 12 digits (a person) are a valid Russian ИНН (taxpayer number).

    Example:
        >>> inn_ok("7707083893"), inn_ok("500100732259"), inn_ok("500100732258")
        (True, True, False)
    """
    def check(part: str, weights: tuple[int, ...]) -> int:
        return sum(int(d) * w for d, w in zip(part, weights)) % 11 % 10

    if not digits.isdigit():
        return False
    if len(digits) == 10:
        return check(digits, (2, 4, 10, 3, 5, 9, 4, 6, 8)) == int(digits[9])
    if len(digits) == 12:
        return (check(digits, (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) == int(digits[10])
                and check(digits, (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) == int(digits[11]))
    return False


def pl_id_ok(value: str) -> bool:
    """True when three letters and six digits are a valid Polish identity card number (dowód osobisty): the first
    digit is the check digit of the rest, weights 7 3 1 _ 7 3 1 7 3 over letters read A=10 … Z=35 and digits.

    Example:
        >>> pl_id_ok("ABA300000"), pl_id_ok("ABA300001"), pl_id_ok("AB1300000")
        (True, False, False)
    """
    if len(value) != 9 or not value[:3].isalpha() or not value[:3].isascii() or not value[3:].isdigit():
        return False
    v = [int(ch, 36) for ch in value.upper()]
    return sum(w * x for w, x in zip((7, 3, 1, 0, 7, 3, 1, 7, 3), v)) % 10 == v[3]
