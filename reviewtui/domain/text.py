"""Text types that refuse what a terminal would interpret: control characters, escapes, bidi tricks."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

# Bidi embeddings, overrides and isolates can reorder what a reader sees (the "Trojan Source" trick).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_LINE_BREAKS = frozenset("\u2028\u2029\x85")
_ALLOWED_IN_NOTES = frozenset("\n\t")
_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
# Every character the loop below can refuse (control characters are exactly U+0000-001F and U+007F-009F):
# text without any of them, nearly all text, is passed by one regex search instead of a per-character loop.
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def find_unsafe_character(text: str, *, multiline: bool) -> str | None:
    """Return a description of the first character that must not reach a terminal, or None."""
    if _SUSPECT.search(text) is None:
        return None
    for char in text:
        if multiline and char in _ALLOWED_IN_NOTES:
            continue
        if char in _LINE_BREAKS and not multiline:
            return f"line break U+{ord(char):04X}"
        if char in _BIDI_CONTROLS:
            return f"bidi control U+{ord(char):04X}"
        if char == "\x1b":
            return "terminal escape sequence (ESC)"
        if unicodedata.category(char) == "Cc":
            return f"control character U+{ord(char):04X}"
    return None


def count(number: int, noun: str) -> str:
    """'1 problem', '3 problems'."""
    return f"{number} {noun}{'s' * (number != 1)}"


def _check_line(text: str) -> str:
    problem = find_unsafe_character(text, multiline=False)
    if problem:
        raise PydanticCustomError("unsafe_text", "contains a {problem}; remove it", {"problem": problem})
    return text


def _check_note(text: str) -> str:
    problem = find_unsafe_character(text, multiline=True)
    if problem:
        raise PydanticCustomError("unsafe_text", "contains a {problem}; remove it", {"problem": problem})
    return text


def _check_not_blank(text: str) -> str:
    if not text.strip():
        raise PydanticCustomError("blank", "must not be empty")
    return text


def _check_id(text: str) -> str:
    if not _ID_PATTERN.fullmatch(text):
        raise PydanticCustomError(
            "bad_id", "must start with a letter or digit and use only letters, digits, '.', '_' or '-'"
        )
    return text


Identifier = Annotated[
    str, StringConstraints(min_length=1, max_length=40), AfterValidator(_check_id)
]
"""An id typed by a user (quarter, objective, KR, meeting): safe to use inside a file name."""

Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=200),
    AfterValidator(_check_line),
    AfterValidator(_check_not_blank),
]
"""A one-line title: objective, key result, action item."""

PersonName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=80),
    AfterValidator(_check_line),
    AfterValidator(_check_not_blank),
]
"""An owner or attendee: one line, never empty."""

ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=200), AfterValidator(_check_line)
]
"""One line that may be empty: unit, team, evidence source, dependency help."""

Note = Annotated[
    str, StringConstraints(max_length=4000), AfterValidator(_check_note)
]
"""Free text that may span lines: evidence, blocker, decision note."""

Confidence = Annotated[int, Field(ge=1, le=10)]
