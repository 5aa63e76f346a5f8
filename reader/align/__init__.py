"""English ↔ Arabic: which articles translate each other, and which paragraphs correspond.

``pairing`` finds pairs (declared in metadata.csv, made by the user, suggested by shared names,
numbers and dates); ``aligner`` aligns the paragraphs of a pair; ``tmx`` exports an alignment for
translation-memory tools. No Qt here: the CLI and the app share it.
"""

from reader.align.aligner import align, alignment_json

__all__ = ["align", "alignment_json"]
