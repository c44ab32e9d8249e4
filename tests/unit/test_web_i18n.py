"""Every message of the web templates has a Persian translation, and the English pages are the
message ids themselves."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

from entekhab.web.i18n import catalogue

WEB = Path(__file__).resolve().parents[2] / "src" / "entekhab" / "web"


def _messages() -> set[str]:
    found = extract_from_dir(
        str(WEB),
        [("**/templates/**.j2", "jinja2")],
        options_map={"**/templates/**.j2": {"extensions": "jinja2.ext.i18n"}},
    )
    return {str(message) for _f, _l, message, _c, _ctx in found if isinstance(message, str)}


def test_every_template_message_has_a_persian_translation() -> None:
    messages = _messages()
    assert len(messages) > 50
    persian = catalogue("fa")
    missing = sorted(m for m in messages if persian.gettext(m) == m)
    assert not missing, "run scripts/update_messages.py and translate: " + "; ".join(missing)


def test_english_is_the_message_itself() -> None:
    assert catalogue("en").gettext("Sign in") == "Sign in"
    assert catalogue("fa").gettext("Sign in") == "ورود"
