"""Build reflect/data/names.txt: the compact names list the identifying-details guard reads.

The full `names-dataset` (Remy et al., 730,000 first names and 980,000 surnames from 105
countries) takes about 900 MB and four seconds to load, more than the app can spend per
process, so this script keeps the names common somewhere (top `--first` first names and top
`--last` surnames in each country, more for the UK and Ireland) and drops every name that is
also an everyday English word: a word (or the singular or stem of one: "mates", "miles") in
Webster's dictionary or the GNU Collaborative International Dictionary of English
(`english-words`: web2 in lower case there, gcide) that is used at least `--word-freq` times
per word of English
(`common-english-search`'s wordfreq figures). So "Will", "Hope", "Grace", "Mark" and "Faith"
are not taken for names (nor are countries and their regions, from pycountry), and "Patel" (a dictionary word, but a rare one) still is. Webster's
and wordfreq also hold many names as words ("sam", "tom", "mary"), so the hand-checked list of
common first names in prompts/phrasing.yaml (rule identifying_name, `words`) is always kept.
Surnames common at home (the UK's and Ireland's top `--word-surnames`) that are also everyday
words but not among the commonest (used less than `--word-surname-freq` times per word: "jenkins",
"baker", "price", "cook", not "may", "day", "long") are written with kind `w`: the guard reads
them as a surname only where a note puts a person ("rang baker about the flat", "cook said",
"price was on duty"), never as words ("rang the baker", "the price of the bus"). Places a
service is reached at ("ward", "hall", "church", `SERVICE_WORDS`) are no such surnames: "rang
ward", "called court". Rarer first names (up to each country's `--wide-first`th: "Ngozi", "Yusra", "Jonno") are kept
too, but only when they are no English word at all, in any form and at any frequency above
`--wide-word-freq`; countries, the major languages and the regions of the countries people here
name are never names.

With `--words-only` it writes just reflect/data/words.txt: the everyday English words (a word,
or a form of one, in either dictionary, used at least `--everyday-freq` times per word of
English), which the guard reads to tell a village, a school or a surname typed in lower case
("husthwaite", "kingsmead", "oyedepo") from a word ("fear", "care", "practitioner"); that needs
only `english-words` and `common-english-search`.

Run it only when refreshing the list (the packages it needs are not runtime dependencies):

    python -m venv /tmp/names && /tmp/names/bin/pip install PyYAML names-dataset==3.3.1 \
        english-words==2.0.2 common-english-search==0.1.2     # the `names` extra in pyproject.toml
    /tmp/names/bin/python scripts/build_names.py
(about 30 seconds and 1.2 GB of memory, once).
"""

from __future__ import annotations

import argparse
import gzip
import pickle
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "reflect" / "data" / "names.txt"
WORDS_OUT = OUT.parent / "words.txt"
HOME_COUNTRIES = ("GB", "IE")
# Countries whose regions are left out of the names (see `places` in main).
PLACE_COUNTRIES = ("GB", "IE", "US", "CA", "AU", "NZ", "IN", "PK", "NG", "ES", "FR", "IT", "DE", "PL")
# Words people type that the dataset also holds as someone's name somewhere.
NOT_NAMES = {
    "lol", "omg", "gonna", "wanna", "gotta", "okay", "meds", "hun", "babe", "mate", "bro", "sis", "nana", "nan",
    "mum", "mam", "mummy", "daddy", "dad", "gran", "granny", "grandad", "auntie", "uncle", "sir", "madam", "miss",
    "doc", "nurse", "sister", "brother", "love", "pet", "duck", "darling", "sweetie", "ward", "unit", "team",
    "mind", "calm", "god", "allah", "jesus", "christ", "lord", "christmas", "easter", "ramadan", "eid", "diwali",
    "covid", "corona", "tesco", "asda", "aldi", "lidl", "costa", "greggs", "boots", "argos", "nhs", "gp", "ae",
    "america", "asia", "adelaide", "venice", "vibe", "meme", "hon", "med", "sim", "rehab", "pitt", "darwin", "pip",
    "uni", "gym", "app", "telly", "bae", "hubby", "wifey", "kiddo", "bestie", "lad", "lads", "esa", "dla", "ptsd",
    "nazi", "nasa", "nato", "dec", "des", "von", "van", "ive", "seo", "burger", "favour", "israeli", "hollywood",
    "kong", "sydney", "houston", "dallas", "brooklyn", "richmond", "orlando", "milan", "madrid", "cleveland",
    "punjabi", "panjabi", "gujarati", "kurdish", "pashto", "tigrinya", "patois",
    "tel", "mob", "dob", "ref", "ok", "ya", "yeah", "yep", "nah", "soz", "thx", "pls", "plz", "tbh", "idk", "imo", "btw", "rn", "cos", "coz",
}
# Surnames that are also the places and services a worker rings or visits ("rang ward back").
SERVICE_WORDS = {
    "ward", "hall", "church", "court", "bank", "house", "park", "field", "chambers", "street", "lane",
    "office", "station", "school", "college", "post", "mill", "home", "grange", "chapel", "bridge",
    "london", "lancaster", "ring", "judge", "senior", "guest",
}


def _load(path: Path) -> dict:
    with gzip.open(path) as handle:
        return pickle.load(handle)


def _common(names: dict, top: int, home_top: int) -> set[str]:
    kept = set()
    for name, info in names.items():
        ranks = info.get("rank") or {}
        if any(rank <= (home_top if country in HOME_COUNTRIES else top) for country, rank in ranks.items()):
            kept.add(name)
    return kept


def _curated_first_names() -> list[str]:
    import yaml

    rules = yaml.safe_load((OUT.parents[2] / "prompts" / "phrasing.yaml").read_text(encoding="utf-8"))
    return next(r for r in rules["rules"] if r["id"] == "identifying_name")["words"]


def _forms(word: str) -> set[str]:
    """The word and the stems it may be a form of ("liked": like, "mates": mate, "cities": city)."""
    forms = {word, word.removesuffix("s"), word.removesuffix("es"), word.removesuffix("ed"), word.removesuffix("ing")}
    if word.endswith("ed"):
        forms.add(word[:-1])
    if word.endswith("ies") or word.endswith("ied"):
        forms.add(word[:-3] + "y")
    if word.endswith("ing"):
        forms.add(word[:-3] + "e")
    return {f for f in forms if len(f) > 2}


def _inflected(word: str) -> set[str]:
    """`_forms`, and the stems that double a consonant or turn y to i ("referred", "stopping",
    "happier", "quickly")."""
    forms = _forms(word)
    for ending in ("ed", "ing", "er", "est"):
        stem = word.removesuffix(ending)
        if stem != word and len(stem) > 3 and stem[-1] == stem[-2]:
            forms.add(stem[:-1])
        if stem != word and stem.endswith("i"):
            forms.add(stem[:-1] + "y")
        if stem != word:
            forms.add(stem)
    if word.endswith("ly"):
        forms |= {word[:-2], word[:-3] + "y" if word.endswith("ily") else word[:-2]}
    return {f for f in forms if len(f) > 2}


def _usable(name: str) -> bool:
    return name.isalpha() and 3 <= len(name) <= 20 and name[0].isupper()


def _write_words(dictionary: set[str], frequency: dict[str, float], threshold: float) -> None:
    """reflect/data/words.txt: everyday English words in lower case, one a line. Proper nouns
    (web2's capitalised entries: "Kirby", "Hollins") are not words here."""
    lower = {w for w in dictionary if w.islower()}
    words = sorted(w for w, f in frequency.items() if f >= threshold and w.isalpha() and w.islower() and any(x in lower for x in _inflected(w)))
    header = [
        "# Built by scripts/build_names.py --words-only from english-words 2.0.2 (web2's lower-case entries, gcide)",
        f"# and common-english-search 0.1.2 (wordfreq figures): every word used at least {threshold:g} times per word. One a line.",
    ]
    WORDS_OUT.write_text("\n".join(header + words) + "\n", encoding="utf-8")
    print(f"{len(words)} everyday words written to {WORDS_OUT}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first", type=int, default=400, help="first names kept per country (default 400)")
    parser.add_argument("--last", type=int, default=300, help="surnames kept per country (default 300)")
    parser.add_argument("--home", type=int, default=2000, help="kept for the UK and Ireland (default 2000)")
    parser.add_argument("--word-freq", type=float, default=5e-6, help="a dictionary word this frequent is a word")
    # Rarer names ("ngozi", "yusra", "jonno"): kept only if they are no English word at all.
    parser.add_argument("--wide-first", type=int, default=1200, help="rarer first names kept per country (default 1200)")
    parser.add_argument("--wide-last", type=int, default=300, help="rarer surnames kept per country (default 300: a surname alone is read only when capitalised, where brands such as \"Corsa\" would be taken for one)")
    parser.add_argument("--wide-home", type=int, default=4000, help="rarer names kept for the UK and Ireland (default 4000)")
    parser.add_argument("--wide-word-freq", type=float, default=1e-6, help="a rarer name this frequent as a word is a word")
    parser.add_argument("--everyday-freq", type=float, default=2e-7, help="for words.txt: a dictionary word this frequent is an everyday word")
    parser.add_argument("--word-surnames", type=int, default=1000, help="surnames this common at home that are words are kept as kind w (default 1000)")
    parser.add_argument("--word-surname-freq", type=float, default=3e-4, help="... unless this frequent as a word (\"may\", \"day\")")
    parser.add_argument("--words-only", action="store_true", help="write only reflect/data/words.txt")
    args = parser.parse_args()

    import common_english_search
    from english_words import get_english_words_set

    dictionary = get_english_words_set(["web2"], lower=False) | get_english_words_set(["gcide"], lower=True)
    with open(Path(common_english_search.__file__).parent / "data" / "english_words.pkl", "rb") as handle:
        frequency = pickle.load(handle)
    _write_words(dictionary, frequency, args.everyday_freq)
    if args.words_only:
        return 0

    import names_dataset

    data = Path(names_dataset.__file__).parent / "v3"

    import pycountry  # comes with names-dataset

    first_names, last_names = _load(data / "first_names.pkl.gz"), _load(data / "last_names.pkl.gz")

    # Countries, and the regions people here name (the UK's, Ireland's, the US's ...): a region
    # of Burundi ("Ngozi") or Jordan is rarely written here, and is someone's name far more often.
    places = {
        word.lower()
        for place in [*pycountry.countries, *(s for s in pycountry.subdivisions if s.country_code in PLACE_COUNTRIES)]
        for word in place.name.replace("-", " ").split()
    }
    # The major languages ("Punjabi", "Urdu": those with a two-letter code) are not names either.
    # A language that is also a common name at home ("Sami") stays a name.
    languages = {
        word.lower() for language in pycountry.languages if hasattr(language, "alpha_2") for word in language.name.replace("-", " ").split()
    }
    home_names = {n.lower() for n in _common(first_names, 0, args.home)}
    places |= languages - home_names

    def everyday_word(name: str) -> bool:
        word = name.lower()
        if word in NOT_NAMES or word in places:
            return True
        return frequency.get(word, 0.0) >= args.word_freq and any(f in dictionary for f in _forms(word))

    def any_word(name: str) -> bool:
        """For a rarer name: a word in either dictionary, in any form, or common in English text."""
        word = name.lower()
        if word in NOT_NAMES or word in places:
            return True
        return frequency.get(word, 0.0) >= args.wide_word_freq or any(f in dictionary for f in _forms(word))

    first = {n for n in _common(first_names, args.first, args.home) if _usable(n)}
    last = {n for n in _common(last_names, args.last, args.home) if _usable(n)}
    wide_first = {n for n in _common(first_names, args.wide_first, args.wide_home) if _usable(n)} - first
    wide_last = {n for n in _common(last_names, args.wide_last, args.wide_home) if _usable(n)} - last
    keep = {w.lower() for w in _curated_first_names()}
    first = {n.lower() for n in first if not everyday_word(n)} | {n.lower() for n in wide_first if not any_word(n)} | keep
    last = {n.lower() for n in last if not everyday_word(n)} | {n.lower() for n in wide_last if not any_word(n)}
    # Surnames common at home that are everyday words ("jenkins", "baker"): names only where a note puts a person.
    # Places and languages named in one word ("Kent", "Hull", "Welsh") are none; a word of a longer
    # name ("Cook" of the Cook Islands) still can be.
    whole_places = {
        place.name.lower()
        for place in [*pycountry.countries, *(s for s in pycountry.subdivisions if s.country_code in PLACE_COUNTRIES), *pycountry.languages]
    } | {"london", "hull", "dublin", "bradford", "wakefield", "bolton", "kingston", "bedford", "blackburn", "sutton", "poole", "galloway"}
    word_surnames = {
        n.lower() for n in _common(last_names, 0, args.word_surnames)
        if _usable(n) and everyday_word(n) and n.lower() not in NOT_NAMES and n.lower() not in whole_places
        and n.lower() not in SERVICE_WORDS and frequency.get(n.lower(), 0.0) < args.word_surname_freq
    } - first - last
    lines = [
        "# Built by scripts/build_names.py from names-dataset 3.3.1; everyday English words removed.",
        f"# --first {args.first} --last {args.last} --home {args.home} --word-freq {args.word_freq}"
        f" --wide-first {args.wide_first} --wide-last {args.wide_last} --wide-home {args.wide_home} --wide-word-freq {args.wide_word_freq}",
        f"# --word-surnames {args.word_surnames} --word-surname-freq {args.word_surname_freq}",
        "# One name a line, lower case: f = first name, s = surname, fs = both, w = a surname that is also an everyday word.",
    ]
    for name in sorted(first | last | word_surnames):
        lines.append(f"{name} {'f' if name in first else ''}{'s' if name in last else ''}{'w' if name in word_surnames else ''}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(first)} first names, {len(last)} surnames, {len(word_surnames)} surnames that are words written to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
