"""Problem lines without the id an import names beside a path: for tests about the path itself."""

import re

_NAMED = re.compile(r"^(objectives\[\d+\](?:\.key_results\[\d+\])?) \([^)]*\)")


def unnamed(line: str) -> str:
    """'objectives[0].key_results[0] (O1-KR1).owner: ...' -> 'objectives[0].key_results[0].owner: ...'."""
    return _NAMED.sub(r"\1", line)
