"""The plain text a phrasing pattern needs, so a text without it is passed over unscanned.

Most texts hold few of the guide's some 300 phrases. Each compiled pattern is remembered with
the pieces of plain text one of which every match must hold (its most telling top-level run
of plain characters, or group of alternatives); `first_matches` looks for them, in lower case,
before scanning. A text with any letter beyond ASCII is always scanned in full, because the
regular-expression engine folds some letters ("İ", "ı", "ſ", the Kelvin sign) its own way.
Nothing about any text is kept.
"""

from __future__ import annotations

import re

try:  # the regular-expression parser, to find the plain text a pattern requires
    import re._constants as _constants
    import re._parser as _parser
except ImportError:  # pragma: no cover - Python before 3.11
    import sre_constants as _constants  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

# For each compiled pattern, a piece of text every match must hold (case-folded), so a text
# without it is passed over at once instead of being scanned: most texts lack most phrases.
REQUIRED: dict[re.Pattern[str], tuple[str, ...]] = {}


def required_text(pattern: str) -> tuple[str, ...]:
    """Pieces of plain text one of which every match of `pattern` holds, case-folded: the
    most telling of its top-level runs of plain characters or groups of alternatives
    ("\\bI know the feeling" needs "i know the feeling"; "(?:went|going) on about" needs
    " on about"). Empty when nothing is required."""
    try:
        parsed = _parser.parse(pattern, re.IGNORECASE)
    except re.error:
        return ()
    found = _needs(list(parsed))
    return tuple(a.lower() for a in found) if found and all(a.isascii() for a in found) else ()


def _needs(sequence: list) -> list[str] | None:
    candidates: list[list[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(["".join(run)])
            run.clear()

    for op, value in sequence:
        if op is _constants.LITERAL:
            run.append(chr(value))
            continue
        flush()
        if op is _constants.SUBPATTERN:
            inner = _needs(list(value[-1]))
            if inner:
                candidates.append(inner)
        elif op is _constants.BRANCH:
            alternatives = [_needs(list(branch)) for branch in value[1]]
            if all(alternatives) and len(alternatives) <= 40:
                candidates.append([a for alt in alternatives for a in alt])  # type: ignore[union-attr]
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT) and value[0] >= 1:
            inner = _needs(list(value[2]))
            if inner:
                candidates.append(inner)
    flush()
    usable = [c for c in candidates if min(len(a) for a in c) >= 3 and len(c) <= 60]
    return max(usable, key=lambda c: (min(len(a) for a in c), -len(c)), default=None)


def _folded(text: str) -> str | None:
    """`text` in lower case when it is plain ASCII; None otherwise (the regular-expression
    engine folds some letters, such as "İ", "ı", "ſ" and the Kelvin sign, its own way, so a
    text holding any letter beyond ASCII is always scanned in full). Nothing is kept: lower-
    casing a few hundred characters costs less than one scan."""
    return text.lower() if text.isascii() else None




def remember_required_text(pattern: re.Pattern[str]) -> None:
    """Work out, once, the text `pattern` needs (see `required_text`)."""
    REQUIRED.setdefault(pattern, required_text(pattern.pattern))


def first_matches(pattern: re.Pattern[str], text: str, limit: int) -> list[re.Match[str]]:
    """Up to `limit` matches of `pattern` in `text`, none when the text lacks what it needs."""
    required = REQUIRED.get(pattern)
    if required:
        folded = _folded(text)
        if folded is not None and not any(piece in folded for piece in required):
            return []
    matches = []
    for match in pattern.finditer(text):
        matches.append(match)
        if len(matches) >= limit:
            break
    return matches
