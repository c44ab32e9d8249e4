"""Extract the web pages' messages and merge them into the Persian catalogue.

    .venv/bin/python scripts/update_messages.py

Reads every template under src/entekhab/web/templates/ (Babel's Jinja2 extractor), keeps the
translations already in src/entekhab/web/locale/fa/LC_MESSAGES/messages.po, adds new messages
with an empty translation (a test fails until they are translated) and drops unused ones.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "src" / "entekhab" / "web"
PO = WEB / "locale" / "fa" / "LC_MESSAGES" / "messages.po"
METHODS = [("**/templates/**.j2", "jinja2")]
OPTIONS = {"**/templates/**.j2": {"extensions": "jinja2.ext.i18n", "trimmed": "false"}}


def extracted() -> Catalog:
    catalog = Catalog(locale="fa", project="entekhab", charset="utf-8")
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(WEB), METHODS, options_map=OPTIONS
    ):
        catalog.add(message, None, [(filename, lineno)], context=context)
    return catalog


def main() -> None:
    template = extracted()
    if PO.exists():
        with PO.open("rb") as handle:
            current = read_po(handle, locale="fa")
    else:
        current = Catalog(locale="fa", project="entekhab", charset="utf-8")
    current.update(template, no_fuzzy_matching=True)
    current.obsolete.clear()
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as handle:
        write_po(handle, current, width=100, omit_header=False, no_location=True, sort_output=True)
    missing = [m.id for m in current if m.id and not m.string]
    print(f"{PO.relative_to(ROOT)}: {len(current)} messages, {len(missing)} untranslated")
    for message in missing:
        print("  ", message)


if __name__ == "__main__":
    main()
