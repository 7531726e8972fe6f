"""Errors a use case raises when the input, not the program, is wrong.

Each carries a :class:`~core.messages.UserMessage` so the window shows it next to the right field in
the user's language, and the CLI prints it as one sentence. Nothing is written when one is raised: the
use case's transaction rolls back.
"""

from __future__ import annotations

from core.messages import QT_TRANSLATE_NOOP, UserMessage
from core.values import CONTROL_CHARACTERS as _CONTROL

# lupdate reads only literal contexts, so each QT_TRANSLATE_NOOP below spells it out.
CTX = "Validation"

REQUIRED = QT_TRANSLATE_NOOP("Validation", "This field is required.")
TOO_LONG = QT_TRANSLATE_NOOP("Validation", "At most {limit} characters, please.")
ENDS_BEFORE_START = QT_TRANSLATE_NOOP("Validation", "The session must end after it starts.")
DATE_OUT_OF_RANGE = QT_TRANSLATE_NOOP(
    "Validation", "The date {date} is not plausible; please check it."
)
BIRTH_YEAR_FUTURE = QT_TRANSLATE_NOOP("Validation", "The birth year {year} is in the future.")
BIRTH_YEAR_TOO_OLD = QT_TRANSLATE_NOOP("Validation", "The birth year {year} is too long ago.")
PHONE_INVALID = QT_TRANSLATE_NOOP(
    "Validation",
    "A phone number has digits only (an 11-digit mobile or a landline with area code).",
)
CONTROL_CHARACTERS = QT_TRANSLATE_NOOP(
    "Validation", "This text contains invisible control characters; please type it again."
)
NOT_A_CHOICE = QT_TRANSLATE_NOOP("Validation", "Please choose one of the listed values.")
HEADCOUNT_RANGE = QT_TRANSLATE_NOOP("Validation", "The headcount must be between 0 and {limit}.")
UNKNOWN_COURSE = QT_TRANSLATE_NOOP(
    "Validation", "That course does not exist (it may have been deleted)."
)
UNKNOWN_TEACHER = QT_TRANSLATE_NOOP(
    "Validation", "That teacher does not exist (it may have been deleted)."
)
UNKNOWN_RESIDENT = QT_TRANSLATE_NOOP(
    "Validation", "That resident does not exist (they may have been deleted)."
)
UNKNOWN_SESSION = QT_TRANSLATE_NOOP(
    "Validation", "That session does not exist (it may have been deleted)."
)
HEADCOUNT_SESSION = QT_TRANSLATE_NOOP(
    "Validation", "This session records a headcount only; switch it to a sign-in list first."
)
NOT_YOURS = QT_TRANSLATE_NOOP(
    "Validation",
    "This record belongs to another site (for example a course the district published); it can only be changed there.",
)
NOT_ENROLLED = QT_TRANSLATE_NOOP(
    "Validation", "This computer is not yet connected to a district; enroll it first."
)


class ServiceError(Exception):
    """Base of every error a person can act on."""

    def __init__(self, message: UserMessage) -> None:
        super().__init__(message.render())
        self.message = message


class FieldError(ServiceError):
    """One field of the input is wrong."""

    def __init__(self, field: str, source: str, **params: object) -> None:
        super().__init__(UserMessage(CTX, source, **params))
        self.field = field


class InvalidInput(ServiceError):
    """One or more fields are wrong; every problem is reported at once so the form can mark them all."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(errors[0].message)
        self.errors = errors

    def by_field(self) -> dict[str, UserMessage]:
        return {e.field: e.message for e in self.errors}


class NotFound(ServiceError):
    """The record asked for is not there (or is deleted)."""


class NotEnrolled(ServiceError):
    def __init__(self) -> None:
        super().__init__(UserMessage(CTX, NOT_ENROLLED))


class Problems:
    """Collects field errors while a use case validates, then raises them together."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str, source: str, **params: object) -> None:
        self.errors.append(FieldError(field, source, **params))

    def text(self, field: str, value: str, *, required: bool = False, limit: int = 200) -> str:
        value = (value or "").strip()
        if required and not value:
            self.add(field, REQUIRED)
        elif len(value) > limit:
            self.add(field, TOO_LONG, limit=limit)
        elif _CONTROL.search(value):
            self.add(field, CONTROL_CHARACTERS)
        return value

    def choice(self, field: str, value: str, choices: tuple[str, ...]) -> str:
        if value not in choices:
            self.add(field, NOT_A_CHOICE)
        return value

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)
