"""Text field types that refuse what a terminal would interpret: control characters, escapes, bidi tricks."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

from reviewtui.domain.text import find_invisible_character, find_unsafe_character

_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


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
        invisible = find_invisible_character(text)
        if invisible:  # the id looks right on screen, so say what is wrong with it
            raise PydanticCustomError("bad_id", "contains an invisible {found}; remove it", {"found": invisible})
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
    StringConstraints(strip_whitespace=True, max_length=500),  # real published KRs run past 200
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

ShortNote = Annotated[
    str, StringConstraints(max_length=2000), AfterValidator(_check_note)
]
"""Free text of at most 2,000 characters that may span lines: a KR's notes."""
