"""The pages' two languages: Persian first (right to left), English second.

Templates are written with English message ids (``{% trans %}``/``_()``); the Persian text lives
in the gettext catalogue ``web/locale/fa/LC_MESSAGES/messages.po``, read with Babel when first
needed (no compiled ``.mo`` to keep in step). English needs no catalogue: its text is the id.
``tests/unit/test_web_i18n.py`` fails when a template's message has no Persian translation.
"""

from __future__ import annotations

import contextvars
import gettext
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "Language",
    "catalogue",
    "current_language",
    "current_translations",
    "language",
    "use_language",
]


@dataclass(frozen=True)
class Language:
    code: str
    direction: str
    name: str
    """The language's own name, as the switch shows it."""


LANGUAGES: dict[str, Language] = {
    "fa": Language("fa", "rtl", "فارسی"),
    "en": Language("en", "ltr", "English"),
}
DEFAULT_LANGUAGE = "fa"


def language(code: str | None) -> Language:
    """The language for ``code``, Persian for anything unknown."""
    return LANGUAGES.get(code or "", LANGUAGES[DEFAULT_LANGUAGE])


@cache
def catalogue(code: str) -> gettext.NullTranslations:
    """The translations of one language (English: the ids themselves)."""
    if code == "en":
        return NullTranslations()
    source = resources.files("entekhab.web").joinpath(f"locale/{code}/LC_MESSAGES/messages.po")
    with source.open("rb") as handle:
        messages = read_po(handle, locale=code)
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return Translations(compiled)


_CURRENT: contextvars.ContextVar[str] = contextvars.ContextVar("page_language", default="fa")


def use_language(code: str) -> None:
    """Set the language of what is rendered next in this context (one request)."""
    _CURRENT.set(language(code).code)


def current_language() -> str:
    return _CURRENT.get()


def current_translations() -> gettext.NullTranslations:
    return catalogue(_CURRENT.get())


def gettext_now(message: str) -> str:
    return current_translations().gettext(message)


def ngettext_now(singular: str, plural: str, n: int) -> str:
    return current_translations().ngettext(singular, plural, n)
