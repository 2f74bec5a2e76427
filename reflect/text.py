"""People's text on the way in: invisible characters out, and the limits on what an admin sets.

Word's manual line break (U+000B) and other control characters slip in through pasting and
CSV files. They mean nothing to a reader, and spreadsheet files refuse most of them, so they
are cleaned on the way in and again on the way out (text stored before this rule existed).

Bidirectional overrides and isolates (U+202A to U+202E, U+2066 to U+2069) can make a name or a
sentence display as something it is not ("Sam" that reads as another person's name, a word
that seems reversed), and zero-width characters (U+200B, U+2060, U+FEFF) make two names that
look the same compare as different. Both are removed. The two joiners stay where a language
or an emoji needs them: the zero-width non-joiner (U+200C) between the letters of Persian,
Hindi and other scripts that join, the zero-width joiner (U+200D) there and inside emoji
sequences such as a family or a profession. Anywhere else (between Latin letters, beside a
space, at either end) a joiner joins nothing a reader can see, and goes.
"""

from __future__ import annotations

import re
import unicodedata

# Breaks that mean "new line": Word's manual line break, form feed, carriage returns, and the
# Unicode line and paragraph separators.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Every other C0 and C1 control character, and DEL; newline and tab are kept.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates (the plain marks LRM and RLM stay: they
# only settle where a neutral character sits), and the zero-width space, word joiner and
# byte-order mark.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
ZERO_WIDTH = "\u200b\u2060\ufeff"
_INVISIBLE = re.compile(f"[{BIDI_CONTROLS}{ZERO_WIDTH}]")
JOINERS = "\u200c\u200d"
_JOINER = re.compile(f"[{JOINERS}]")
# The scripts whose writing uses the joiners (Unicode's own examples: Arabic and Persian, the
# scripts of India and Sri Lanka, Syriac, Mongolian and their neighbours), named as the first
# word of their characters' names. Latin, Greek and Cyrillic are not among them: there a
# joiner only makes two names that look the same differ.
JOINING_SCRIPTS = frozenset(
    "ARABIC SYRIAC NKO DEVANAGARI BENGALI GURMUKHI GUJARATI ORIYA TAMIL TELUGU KANNADA MALAYALAM "
    "SINHALA TIBETAN MYANMAR KHMER MONGOLIAN".split()
)


def clean_control_characters(value: str) -> str:
    """The text with line-break controls made plain newlines and other control characters removed."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value))


def _joinable(character: str) -> bool:
    """Whether a joiner beside this character can mean something: a letter or mark of a script
    that uses joiners, or part of an emoji (a symbol, a skin-tone modifier, a variation selector)."""
    category = unicodedata.category(character)
    if category == "So":
        return True
    name = unicodedata.name(character, "")
    if name.startswith(("VARIATION SELECTOR", "EMOJI MODIFIER")):
        return True
    return category[0] in "LM" and name.split(" ", 1)[0] in JOINING_SCRIPTS


def clean_text(value: str) -> str:
    """The text with control characters cleaned (as `clean_control_characters`), bidirectional
    controls and zero-width characters removed, and joiners kept only where both neighbours
    can use one: letters or marks of a script that joins, or parts of an emoji."""
    text = _INVISIBLE.sub("", clean_control_characters(value))
    if not _JOINER.search(text):
        return text
    kept = []
    last = len(text) - 1
    for index, character in enumerate(text):
        if character in JOINERS and not (0 < index < last and _joinable(text[index - 1]) and _joinable(text[index + 1])):
            continue
        kept.append(character)
    return "".join(kept)


def clean_line(value: str) -> str:
    """One line of text (a name, a team name): cleaned, with runs of white space made one space."""
    return " ".join(clean_text(value).split())


# --- Limits on what an admin or the `reflect` command sets ---------------------------------

# The columns hold these, and no real name comes near them.
NAME_LIMIT = 200
# The longest address SMTP can deliver to (RFC 5321: a 256-octet path less its brackets).
EMAIL_LIMIT = 254


def too_long(value: str, *, field: str, limit: int) -> str | None:
    """A calm sentence naming `field` and `limit` when `value` is longer than `limit`
    characters, for the caller's own refusal; None when it fits."""
    if len(value) <= limit:
        return None
    return (
        f"{field} can be up to {limit:,} characters, and this one has {len(value):,}. "
        "Please shorten it; nothing has been changed yet."
    )
