"""The articles of a chat (:mod:`reader.ingest.chats`): one per story a member shared.

The talk around a story (replies, reactions, "This message was deleted") goes with the story above
it, or with the first story when it comes before any, and is kept out of the story's text. A story
is read like any page: its first line is its headline when headline-shaped, its dateline and byline
are found by the usual rules, and an untitled story is named by its opening words.
"""

from __future__ import annotations

from reader.ingest.boundaries import FileBoundaryFixes, apply_to_starts, lines_at
from reader.ingest.chats import ChatMessage, is_story
from reader.ingest.lines import split_lines
from reader.ingest.model import Boundary
from reader.ingest.segment import Segment, build_segment

__all__ = ["chat_segments"]


def chat_segments(
    text: str, messages: list[ChatMessage], common: frozenset[str], fixes: FileBoundaryFixes | None
) -> list[Segment] | None:
    """One segment per story, or None when no message holds one (then the file is read as a page).

    A researcher's split makes the message it falls in an article of its own; a merge joins a story
    to the one above it.
    """
    stories = [n for n, message in enumerate(messages) if is_story(message.text(text))]
    if not stories:
        return None
    if fixes:
        spans = [(m.start, m.end) for m in messages]
        split = lines_at(fixes.split_at, spans)
        stories = [n for n in apply_to_starts(stories, spans, fixes) if n or n in split or n in stories]
        stories = stories or [0]
    segments: list[Segment] = []
    for k, (first, last) in enumerate(zip(stories, [*stories[1:], len(messages)], strict=True)):
        start = 0 if k == 0 else messages[first].start
        end = messages[last].start if last < len(messages) else len(text)
        segments.append(_story_segment(text, messages[first:last], (start, end), common))
    return segments


def _story_segment(
    text: str, messages: list[ChatMessage], span: tuple[int, int], common: frozenset[str]
) -> Segment:
    shared = [m for m in messages if is_story(m.text(text))] or messages[:1]
    body = "\n\n".join(_unbold(m.text(text)) for m in shared)
    lines = split_lines(body, common)
    seg = build_segment(lines, 0, len(lines), span) if lines else Segment(*span, title=None)
    seg.start, seg.end = span
    seg.removed.extend(text[m.start : m.end].strip() for m in messages if m not in shared)
    seg.removed.extend(text[m.start : m.text_start].strip() for m in shared)
    seg.header_date = None  # when a member shared it (the header's time), never when it was written
    seg.boundary = Boundary("a story shared in a chat (a message with running text)", 0.9)
    return seg


def _unbold(message: str) -> str:
    """A message's text without the app's bold marks around its first line ("*Headline*")."""
    head, sep, rest = message.strip().partition("\n")
    if len(head) > 2 and head.startswith("*") and head.endswith("*"):
        head = head[1:-1].strip()
    return head + sep + rest
