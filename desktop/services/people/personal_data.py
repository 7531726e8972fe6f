"""Personal data handled with care: ID-card numbers (身份证号) and phone numbers.

An ID number is optional. When given it is checked (GB 11643: 17 digits and a check character, a
real date of birth) and then kept only as a keyed hash, to recognise the same person entered twice,
plus its last four characters to show. The key is the district's, handed to each laptop at enrollment
and kept in the keyring (``Store.id_key``): a copied database file alone cannot be searched for a
number, while every laptop of the district hashes the same number alike.

Phone numbers are the coordinator's own contact list, stored as typed, and masked in lists
("138****5678") because lists are what gets shown on a projector or a shared screen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import unicodedata

from core.messages import QT_TRANSLATE_NOOP
from desktop.services.errors import Problems
from desktop.storage.store import Store

ID_LENGTH = QT_TRANSLATE_NOOP(
    "Validation", "An ID-card number has 18 characters: 17 digits and a final digit or X."
)
ID_CHECK_DIGIT = QT_TRANSLATE_NOOP(
    "Validation",
    "This ID-card number does not add up (its last character is wrong); please check it.",
)
ID_BIRTH_DATE = QT_TRANSLATE_NOOP(
    "Validation", "The date of birth in this ID-card number is not a real date."
)
ID_NO_KEY = QT_TRANSLATE_NOOP(
    "Validation",
    "ID-card numbers can be recorded once this computer is connected to the district; sync or enroll first.",
)
ID_BIRTH_YEAR_DIFFERS = QT_TRANSLATE_NOOP(
    "Validation", "The ID-card number says born in {id_year}, but the birth year says {year}."
)

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ID_SHAPE = re.compile(r"^[0-9]{17}[0-9X]$")
_SEPARATORS = re.compile(r"[\s\-]")
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
# A landline with its area code (010-62345678, 0831-6234567) or a local number of 7–8 digits
# (local numbers never start with 1: those are mobiles and service numbers).
_LANDLINE = re.compile(r"^(0[0-9]{2,3})?[2-9][0-9]{6,7}$")


def normalise_id_number(text: str) -> str:
    """What was typed, as the 18 characters that are checked and hashed: full-width folded,
    separators dropped, a lower-case x made upper case."""
    folded = unicodedata.normalize("NFKC", text or "")
    return _SEPARATORS.sub("", folded).upper()


def check_character(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def id_birth_date(number: str) -> dt.date | None:
    """The date of birth encoded in a (normalised) 18-character number, or None if not a date."""
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def checked_id_number(problems: Problems, field: str, text: str) -> str:
    """The normalised number, or "" after adding the reason it is wrong to ``problems``."""
    number = normalise_id_number(text)
    if not number:
        return ""
    if not _ID_SHAPE.match(number):
        problems.add(field, ID_LENGTH)
        return ""
    if check_character(number[:17]) != number[17]:
        problems.add(field, ID_CHECK_DIGIT)
        return ""
    if id_birth_date(number) is None:
        problems.add(field, ID_BIRTH_DATE)
        return ""
    return number


def id_hash(key: bytes, number: str) -> str:
    """The keyed hash kept instead of the number (HMAC-SHA256, hex)."""
    return hmac.new(key, number.encode("ascii"), hashlib.sha256).hexdigest()


def id_fields(store: Store, problems: Problems, field: str, text: str) -> dict[str, str] | None:
    """``{"id_hash", "id_last4"}`` for a typed number ("" for both when cleared), or None when the
    number is wrong or cannot be hashed here (the reason is in ``problems``)."""
    if not normalise_id_number(text):
        return {"id_hash": "", "id_last4": ""}
    number = checked_id_number(problems, field, text)
    if not number:
        return None
    if not store.id_key:
        problems.add(field, ID_NO_KEY)
        return None
    return {"id_hash": id_hash(store.id_key, number), "id_last4": number[-4:]}


def normalise_phone(text: str) -> str:
    """Digits only (a leading +86 or 86 dropped), full-width folded: what is compared and checked."""
    folded = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text or ""))
    folded = folded.replace("(", "").replace(")", "")
    for prefix in ("+86", "0086"):
        if folded.startswith(prefix):
            folded = folded[len(prefix) :]
    if len(folded) == 13 and folded.startswith("861"):
        folded = folded[2:]  # a mobile written with the country code but no "+"
    return folded


def is_valid_phone(text: str) -> bool:
    """An 11-digit mobile, or a landline with or without its area code."""
    digits = normalise_phone(text)
    return bool(_MOBILE.match(digits) or _LANDLINE.match(digits))


def mask_phone(text: str) -> str:
    """ "138****5678" for lists: enough to tell two people apart, not enough to call them."""
    digits = normalise_phone(text)
    if len(digits) <= 4:
        return digits
    if len(digits) >= 11:
        return f"{digits[:3]}****{digits[-4:]}"
    return "*" * (len(digits) - 4) + digits[-4:]


def masked_id(last4: str) -> str:
    """How a stored ID number is shown: only what is kept."""
    return f"**************{last4}" if last4 else ""
