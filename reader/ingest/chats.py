"""A chat copied or exported from a messaging app (WhatsApp): its forwarded stories are the articles.

Researchers keep the news a group shares: a chat exported as text, or messages selected and copied
from the web app. Each message opens with a header the app writes (``[09:12, 05/04/2017] Hana:``,
``[05/04/2017, 09:12:33] Hana:``, ``05/04/2017, 09:12 - Hana:``). A message that holds running
text is a story someone pasted; the replies, reactions and "This message was deleted" between them
are the group's talk, kept out of the stories' text. The header's time says when a member shared
the story, not when its publisher wrote it, so it dates nothing (a channel's own post, whose time
is its publication, is a different shape: :data:`reader.ingest.lines.MESSAGE_HEADER`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

__all__ = ["ChatMessage", "chat_messages", "is_story"]

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?"
_DAY = r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}"
CHAT_HEADER = re.compile(
    rf"^[\u200e\u200f]?(?:\[{_TIME},\s{_DAY}\]|\[{_DAY},?\s{_TIME}\]|{_DAY},?\s{_TIME}\s[-–]\s?)"
    r"(?:\s?(?P<name>[^:\n]{1,60}?):(?:\s|$))?",
    re.MULTILINE,
)  # web copy "[09:12, 05/04/2017] Name:", iOS export "[05/04/2017, 09:12:33] Name:",
# Android export "05/04/2017, 09:12 - Name:"
CHAT_MIN_MESSAGES = 3  # fewer such lines: an article quoting a chat, not a chat
STORY_MIN_CHARS = 200  # running text a message needs to be a story (a reply or a remark is shorter)
_LINK = re.compile(r"\S*(?:https?://|www\.)\S*|\S+\.(?:com|net|org|news|tv|info)(?:/\S*)?")


@dataclass(frozen=True)
class ChatMessage:
    """One message: ``start`` is its header's first character, ``text_start`` the first after it."""

    start: int
    text_start: int
    end: int

    def text(self, source: str) -> str:
        return source[self.text_start : self.end]


def chat_messages(text: str) -> list[ChatMessage] | None:
    """The messages of a chat, in order, or None when the text is not a chat.

    A chat is a run of message headers at line starts, most of the file's lines under one of them,
    where someone speaks more than once; a page that quotes a message or two is not one.
    """
    heads = [m for m in CHAT_HEADER.finditer(text) if m["name"] is not None or _system_line(text, m)]
    if len(heads) < CHAT_MIN_MESSAGES:
        return None
    names = Counter(m["name"].strip() for m in heads if m["name"] is not None)
    if not names or names.most_common(1)[0][1] < 2:
        return None  # no one speaks twice: a live blog's timed entries ("05/04/2017, 09:12 - The …:")
    if text[: heads[0].start()].strip().count("\n") > len(text[heads[0].start() :].splitlines()) // 4:
        return None  # a long page above the first header: a page that quotes a chat
    ends = [m.start() for m in heads[1:]] + [len(text)]
    return [ChatMessage(m.start(), m.end(), end) for m, end in zip(heads, ends, strict=True)]


def _system_line(text: str, m: re.Match[str]) -> bool:
    """An export's line with no sender ("… - Messages and calls are end-to-end encrypted") is the
    app's; it still ends the message above it."""
    return m.group(0).rstrip().endswith(("-", "–"))


def is_story(message: str) -> bool:
    """Does a message hold a story (running text beyond its links), not a reply or a reaction?"""
    words = _LINK.sub(" ", message)
    return len(" ".join(words.split())) >= STORY_MIN_CHARS and any(
        len(line.split()) >= 8 for line in words.splitlines()
    )
