"""Markdown helpers shared by the exports: user text must not become markup in a Markdown file either."""

from __future__ import annotations


def md(text: str) -> str:
    """Escape text for Markdown, table cells included: links, emphasis, code, HTML and entities stay literal."""
    # '&' before '<': the '&lt;' written for '<' must stay one entity, and a title '&lt;x&gt;' must show as typed.
    return text.replace("\\", "\\\\").replace("&", "&amp;").replace("|", "\\|").replace("\n", " ") \
        .replace("[", "\\[").replace("]", "\\]").replace("<", "&lt;").replace("*", "\\*").replace("_", "\\_") \
        .replace("`", "\\`")
