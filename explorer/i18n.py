"""The interface's language, chosen per session: gettext catalogues read with Babel.

The catalogues live in explorer/locale (`messages.pot`, `ko/LC_MESSAGES/messages.po` and its compiled `.mo`);
README "Development" has the one command that refreshes them. Strings a person reads are marked with `_()`
(or `ngettext()`) where they are shown, and with `N_()` where they are only declared (a table of labels, a
typed error's message), to be translated where they are shown. Placeholders are named: `_("{n} words")`.

Each script run says which language it speaks (`use()`, called first by main.py); `_()` then translates
with that run's catalogue. The choice is held in a context variable, so it belongs to the thread of one
session's script run and never to the process: `gettext.install` would switch every session of the server.
Outside a run (the command-line tools, tests of figures) the language is English.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from babel.support import NullTranslations, Translations

from models.messages import N_, Message, Problem

__all__ = [
    "LANGUAGES",
    "N_",
    "SOURCE_LANGUAGE",
    "_",
    "current",
    "from_browser",
    "language",
    "message",
    "ngettext",
    "use",
]

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
SOURCE_LANGUAGE = "en"  # the language the strings are written in
LANGUAGES = {"en": "English", "ko": "한국어"}  # each language's name in itself, as the switch shows it

_language: ContextVar[str] = ContextVar("language", default=SOURCE_LANGUAGE)


@functools.cache
def translations(language: str) -> NullTranslations:
    """The compiled catalogue of one language, loaded once per process and only read afterwards."""
    if language == SOURCE_LANGUAGE:
        return NullTranslations()
    return Translations.load(str(LOCALE_DIR), [language], DOMAIN)  # NullTranslations when there is no .mo


def use(language: str) -> None:
    """Speak `language` for the rest of this script run (an unknown code means English)."""
    _language.set(language if language in LANGUAGES else SOURCE_LANGUAGE)


@contextmanager
def language(code: str) -> Iterator[None]:
    """Speak `code` inside a `with` block (tests, screenshots)."""
    token = _language.set(code if code in LANGUAGES else SOURCE_LANGUAGE)
    try:
        yield
    finally:
        _language.reset(token)


def current() -> str:
    return _language.get()


def _(message: str) -> str:
    """`message` in the current run's language."""
    return translations(_language.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n` in the current run's language (Korean has one form)."""
    return translations(_language.get()).ngettext(singular, plural, n)


def from_browser(locale: str | None, accept_language: str | None = None) -> str | None:
    """The interface language a browser asks for: its `navigator.language` ("ko-KR") or else the first
    language of its Accept-Language header ("ko-KR,ko;q=0.9,en;q=0.8") that we speak; None when neither says."""
    candidates = [locale or ""]
    if accept_language:
        weighted = []
        for i, part in enumerate(accept_language.split(",")):
            tag, _sep, q = part.strip().partition(";q=")
            try:
                weight = float(q) if q else 1.0
            except ValueError:
                weight = 0.0
            weighted.append((-weight, i, tag))
        candidates += [tag for _w, _i, tag in sorted(weighted)]
    for tag in candidates:
        primary = tag.strip().replace("_", "-").split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return None


def message(said: BaseException | str) -> str:
    """What an error or a message says, in the current run's language: a Problem's or a Message's template
    translated, then its values filled in (wrapped ones translated too); anything else as it reads."""
    if not isinstance(said, Problem | Message):
        return str(said)
    values = {k: message(v) if isinstance(v, BaseException | Message) else v for k, v in said.values.items()}
    return _(said.template).format(**values) if values else _(said.template)
