"""Export an aligned pair as TMX 1.4, the translation-memory format CAT tools and corpora read.

Why ElementTree and not string formatting: scraped text holds ``&``, ``<``, quotes and, now and
then, control characters that XML 1.0 forbids anywhere. ElementTree escapes the first; the second
are removed here (a TMX file that one stray form feed makes unreadable helps nobody).

Groups with paragraphs on one side only (1-0, 0-1) are left out: a translation unit with an empty
segment reads, to TMX consumers, as "this text translates to nothing", which poisons a
translation memory. Each ``<tu>`` records which paragraphs it joins (``x-paragraphs-a/b`` props),
so the export can be traced back to ``corpus-reader show --json`` indices.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from reader import __version__
from reader.align.aligner import Bead
from reader.ingest.model import Document

__all__ = ["tmx_language", "to_tmx"]

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 does not allow (C0 controls other than tab/newline/CR, surrogates, U+FFFE/F).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("", text)


def tmx_language(doc: Document) -> str:
    """The document's language as a TMX ``xml:lang``: en/ar, else its paragraphs' majority.

    A document tagged ``mixed`` or ``other`` is labelled by the language most of its text is in,
    ``und`` (undetermined, BCP 47) when that is neither English nor Arabic.
    """
    if doc.language in ("en", "ar"):
        return doc.language
    chars: dict[str, int] = {}
    for p in doc.paragraphs:
        chars[p.language] = chars.get(p.language, 0) + len(p.text)
    best = max(chars, key=lambda k: chars[k]) if chars else "other"
    return best if best in ("en", "ar") else "und"


def to_tmx(a_doc: Document, b_doc: Document, pairs: Iterable[Bead]) -> str:
    """TMX 1.4 text: one ``<tu>`` per group with paragraphs on both sides, in document order.

    A group's paragraphs are joined with a space into one ``<seg>`` (``segtype="paragraph"``).
    """
    a_lang, b_lang = tmx_language(a_doc), tmx_language(b_doc)
    root = ET.Element("tmx", {"version": "1.4"})
    header = ET.SubElement(
        root,
        "header",
        {
            "creationtool": "corpus-reader",
            "creationtoolversion": __version__,
            "datatype": "plaintext",
            "segtype": "paragraph",
            "adminlang": "en",
            "srclang": a_lang,
            "o-tmf": "corpus-reader",
        },
    )
    for kind, value in (("x-doc-a", a_doc.id), ("x-doc-b", b_doc.id), ("x-title-a", a_doc.title),
                        ("x-title-b", b_doc.title)):
        prop = ET.SubElement(header, "prop", {"type": kind})
        prop.text = _clean(value)
    body = ET.SubElement(root, "body")
    for n, (group_a, group_b) in enumerate(pairs, start=1):
        if not group_a or not group_b:
            continue
        tu = ET.SubElement(body, "tu", {"tuid": str(n)})
        for kind, group in (("x-paragraphs-a", group_a), ("x-paragraphs-b", group_b)):
            prop = ET.SubElement(tu, "prop", {"type": kind})
            prop.text = ",".join(str(i) for i in group)
        for lang, doc, group in ((a_lang, a_doc, group_a), (b_lang, b_doc, group_b)):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
            seg = ET.SubElement(tuv, "seg")
            seg.text = _clean(" ".join(doc.paragraphs[i].text for i in group))
    ET.indent(root, space=" ")
    xml = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + xml + "\n"
