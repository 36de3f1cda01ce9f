"""Plain-text helpers: find what a terminal would interpret (control characters, escapes, bidi tricks); count nouns.

No pydantic here: lists and tables use these without loading the models. The field types built on them
are in reviewtui.domain.text_fields.
"""

from __future__ import annotations

import re
import unicodedata

# Bidi embeddings, overrides and isolates can reorder what a reader sees (the "Trojan Source" trick).
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_LINE_BREAKS = frozenset("\u2028\u2029\x85")
_ALLOWED_IN_NOTES = frozenset("\n\t")
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


# Characters that show as nothing, so two names that look the same would differ. A BOM at the very start of a
# file is stripped when it is read; one anywhere else is text.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_INVISIBLE_NAMES = {"\u00ad": "soft hyphen", "\u200b": "zero-width space", "\u200c": "zero-width non-joiner",
                    "\u200d": "zero-width joiner", "\u2060": "word joiner", "\ufeff": "byte order mark"}


_JOINERS = "\u200c\u200d"


def find_invisible_character(text: str, *, in_name: bool = False) -> str | None:
    """Name the first character that shows as nothing ('zero-width space U+200B'), or None.

    in_name: a (non-)joiner between two letters is part of how a name is spelled (Persian, Indic scripts)."""
    for found in _INVISIBLE.finditer(text):
        char, at = found[0], found.start()
        if in_name and char in _JOINERS and 0 < at < len(text) - 1 \
                and text[at - 1].isalpha() and text[at + 1].isalpha():
            continue
        return f"{_INVISIBLE_NAMES[char]} U+{ord(char):04X}"
    return None


def count(number: int, noun: str) -> str:
    """'1 problem', '3 problems'."""
    return f"{number} {noun}{'s' * (number != 1)}"
