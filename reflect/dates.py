"""Dates as people read them in Reflect: "12 Nov 2026", the same on every page and report.

English month names whatever the server's locale, and a moment shown as the day it was where
the server runs, so a page, its PDF and its Word file agree.
"""

from __future__ import annotations

from datetime import date, datetime

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day(value: date | datetime | None) -> str:
    """"12 Nov 2026" for a date or a moment; "" for none."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone().date()
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
