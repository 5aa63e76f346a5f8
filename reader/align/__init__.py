"""English ↔ Arabic: which articles translate each other, and which paragraphs correspond.

``pairing`` finds pairs (declared in metadata.csv, made by the user, suggested by shared names,
numbers and dates); ``aligner`` aligns the paragraphs of a pair; ``tmx`` exports an alignment for
translation-memory tools; ``cli_commands`` adds ``corpus-reader align``. No Qt here: the CLI and
the app share it.
"""

from reader.align.aligner import Bead, align, alignment_json
from reader.align.pairing import PairingIndex, Suggestion, all_pairs, declared_pairs, suggest_pairs
from reader.align.tmx import to_tmx

__all__ = [
    "Bead",
    "PairingIndex",
    "Suggestion",
    "align",
    "alignment_json",
    "all_pairs",
    "declared_pairs",
    "suggest_pairs",
    "to_tmx",
]
