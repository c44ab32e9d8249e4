"""Docs that match the code (issue 10 item 10): every ``docs/…`` path the code mentions exists,
and every setting is in the operators' settings table."""

from __future__ import annotations

import re
from pathlib import Path

from entekhab.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
_DOC_PATH = re.compile(r"docs/[A-Za-z0-9_./-]*[A-Za-z0-9_]")
_SOURCES = ("src", "benchmarks", "scripts", ".ci")
_NOT_FILES = {"docs/oauth2-redirect"}  # the API's documentation route, not a file


def _mentions() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for top in _SOURCES:
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix not in {".py", ".sh", ".j2", ".toml", ""} or not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for mention in _DOC_PATH.findall(text):
                found.setdefault(mention, []).append(str(path.relative_to(ROOT)))
    return found


def test_every_docs_path_the_code_mentions_exists() -> None:
    mentions = _mentions()
    assert "docs/permissions.md" in mentions, "the scan finds the code's mentions"
    missing = {
        doc: where
        for doc, where in mentions.items()
        if doc not in _NOT_FILES and not (ROOT / doc).exists()
    }
    assert missing == {}


def test_every_setting_is_in_the_operators_settings_table() -> None:
    guide = (ROOT / "docs/operators.md").read_text(encoding="utf-8")
    table = {row.split("|")[1].strip(" `") for row in guide.splitlines() if row.startswith("| `")}
    wanted = {f"ENTEKHAB_{name.upper()}" for name in Settings.model_fields}
    assert wanted - table == set()
