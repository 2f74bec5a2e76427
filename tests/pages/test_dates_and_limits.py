"""Every page says dates one way (DD/MM/YYYY) and a limit the same way it enforces it."""

from __future__ import annotations

import ast
from pathlib import Path

from reflect.services import biographies

UI = [*Path("reflect/pages").glob("*.py"), *Path("reflect/ui").glob("*.py")]


def _calls(name: str):
    for path in UI:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == name:
                yield path, node


def test_every_date_picker_shows_day_month_year():
    pickers = list(_calls("date_input"))
    other = [f"{path}:{node.lineno}" for path, node in pickers if not any(
        k.arg == "format" and isinstance(k.value, ast.Constant) and k.value.value == "DD/MM/YYYY" for k in node.keywords
    )]
    assert len(pickers) >= 8 and other == []


def test_the_biography_photo_uploader_takes_what_it_says_and_the_service_accepts():
    source = Path("reflect/pages/biography.py").read_text()
    (_, uploader), = [(p, n) for p, n in _calls("file_uploader") if p.name == "biography.py"]
    label = uploader.args[0].value
    limit = next(k.value for k in uploader.keywords if k.arg == "max_upload_size")
    assert "up to 2 MB" in label and biographies.MAX_PHOTO_BYTES == 2 * 1024 * 1024
    assert ast.unparse(limit) == "biographies.MAX_PHOTO_BYTES // (1024 * 1024)" and "max_upload_size" in source
