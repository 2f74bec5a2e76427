"""Bar charts as Vega-Lite specifications, drawn by `st.vega_lite_chart`.

Streamlit draws its charts with Vega-Lite. Writing the small specification here, rather than
building it through Altair, keeps Altair's schema out of the app process (about 27 MB) and
makes nothing to validate on a rerun. Values are plain data: Vega-Lite draws them as text,
never as HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

# No "$schema": Streamlit draws with its own Vega-Lite version, and naming another one only
# logs a warning in the browser.
_BAR_STEP = 26
_WHOLE_NUMBERS = {"tickMinStep": 1, "format": "d"}


def weekly_bars(rows: Sequence[dict[str, Any]], *, title: str) -> dict[str, Any]:
    """Stacked bars per week: rows of {"Week of", "Kind", "How it went", "Entries"}. The count
    axis is fixed from the data, so nothing is guessed while Streamlit loads the rows."""
    weeks: dict[Any, int] = {}
    for row in rows:
        weeks[row["Week of"]] = weeks.get(row["Week of"], 0) + int(row["Entries"])
    most = max(weeks.values(), default=0)
    return {
        "title": title,
        "height": 220,
        "data": {"values": list(rows)},
        "mark": {"type": "bar", "size": 28},
        "encoding": {
            "x": {"field": "Week of", "type": "ordinal", "sort": None, "axis": {"labelAngle": 0}},
            "y": {
                "aggregate": "sum", "field": "Entries", "type": "quantitative", "title": "Entries", "axis": _WHOLE_NUMBERS,
                "scale": {"domain": [0, max(most, 1)]},
            },
            "color": {"field": "How it went", "type": "nominal", "scale": {"scheme": "tableau10"}},
            "tooltip": [{"field": f} for f in ("Week of", "Kind", "How it went", "Entries")],
        },
    }


def count_bars(pairs: Sequence[tuple[str, int]], *, axis_title: str) -> dict[str, Any]:
    """Horizontal bars, one per (label, number of people), in the order given. The height and
    the number axis are fixed from the data, so Vega-Lite has nothing to guess while Streamlit
    loads the rows (it would warn of an "infinite extent" and a dropped fit)."""
    most = max((people for _, people in pairs), default=0)
    return {
        "height": _BAR_STEP * max(len(pairs), 1),
        "data": {"values": [{axis_title: label, "People": people} for label, people in pairs]},
        "mark": {"type": "bar", "color": "#1f5f8b"},
        "encoding": {
            "x": {"field": "People", "type": "quantitative", "axis": _WHOLE_NUMBERS, "stack": None, "scale": {"domain": [0, max(most, 1)]}},
            "y": {"field": axis_title, "type": "nominal", "sort": None, "axis": {"labelLimit": 0, "title": None}},
            "tooltip": [{"field": axis_title}, {"field": "People"}],
        },
    }


def show(spec: dict[str, Any], *, alt: str) -> None:
    """Draw a chart the width of the page, with a text alternative for screen readers."""
    st.vega_lite_chart(spec=spec, width="stretch", alt=alt)
