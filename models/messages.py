"""Messages a person reads, kept translatable. models/ never translates (its command-line tools speak English);
the app translates where it shows a message (explorer/i18n.py, explorer/problems.py).

`N_("...")` marks a string for the gettext catalogue without translating it. A `Message` (a string) and a
`Problem` (an error) keep their template and named values apart, so the app can translate the template and
then fill in the values:

    raise PackError(N_("{path}: file is missing"), path=path)   # str(error): "pretrained/x/vocab.json: file is missing"
"""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark `message` for the catalogue; it is translated where it is shown."""
    return message


class Message(str):
    """A string that reads as its English text and keeps its catalogue template and values for the app."""

    template: str
    values: dict

    def __new__(cls, template: str, **values: object) -> Message:
        text = super().__new__(cls, template.format(**values) if values else template)
        text.template, text.values = template, values
        return text


class Problem(Exception):
    """An error whose message is a catalogue template (`template`) with named values (`values`).

    A value may itself be a Problem (an error wrapped in another): it is translated the same way.
    """

    def __init__(self, template: str, **values: object) -> None:
        self.template = template
        self.values = values
        super().__init__(template.format(**values) if values else template)
