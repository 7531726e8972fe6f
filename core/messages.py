"""Marking user-facing sentences for translation without importing Qt.

Layers below the UI must stay Qt-free, yet their sentences (validation messages, sync failures) must
reach the user in Chinese. They mark each English source sentence with ``QT_TRANSLATE_NOOP`` so Qt's
``lupdate`` collects it; the UI translates it at display time with ``QCoreApplication.translate``
under the same context, and the headless CLI prints the English source as it is.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Return ``text`` unchanged; its only job is to be found by ``lupdate``."""
    del context
    return text


class UserMessage:
    """A sentence for a person: translation context, English source and format parameters."""

    def __init__(self, context: str, source: str, **params: object) -> None:
        self.context = context
        self.source = source
        self.params = params

    def render(self, translate=None) -> str:  # noqa: ANN001 - optional (context, text) -> text
        """The sentence, translated by ``translate`` when one is given, with parameters filled in.

        A parameter may itself be a message, or a list of messages (joined by "; "), so a sentence
        can quote reasons owned by another context and still be translated whole."""
        text = translate(self.context, self.source) if translate else self.source
        if not self.params:
            return text
        return text.format(**{k: _rendered(v, translate) for k, v in self.params.items()})

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"UserMessage({self.source!r}, {self.params!r})"


def _rendered(value: object, translate) -> object:  # noqa: ANN001
    if isinstance(value, UserMessage):
        return value.render(translate)
    if isinstance(value, list | tuple) and value and all(isinstance(v, UserMessage) for v in value):
        return "; ".join(v.render(translate) for v in value)
    return value
