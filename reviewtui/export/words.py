"""Small wording helpers shared by every text output."""


def count(number: int, noun: str) -> str:
    """'1 problem', '3 problems'."""
    return f"{number} {noun}{'s' * (number != 1)}"
