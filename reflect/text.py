"""Control characters out of people's text.

Word's manual line break (U+000B) and other control characters slip in through pasting and
CSV files. They mean nothing to a reader, and spreadsheet files refuse most of them, so they
are cleaned on the way in and again on the way out (text stored before this rule existed).
"""

from __future__ import annotations

import re

# Breaks that mean "new line": Word's manual line break, form feed, carriage returns, and the
# Unicode line and paragraph separators.
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Every other C0 and C1 control character, and DEL; newline and tab are kept.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def clean_control_characters(value: str) -> str:
    """The text with line-break controls made plain newlines and other control characters removed."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", value))
