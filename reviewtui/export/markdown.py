"""Markdown helpers shared by the exports: user text must not become markup in a Markdown file either."""

from __future__ import annotations


def md(text: str) -> str:
    """Escape text for Markdown, table cells included: links, emphasis, code and HTML stay literal."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("[", "\\[") \
        .replace("]", "\\]").replace("<", "&lt;").replace("*", "\\*").replace("_", "\\_").replace("`", "\\`")
