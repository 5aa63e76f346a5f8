"""A site speaking to its reader: calls to action, donation appeals, disclaimers, comment forms.

Why: every news site prints them, each in its own words ("Get X straight to your inbox", "Never
miss a story", "If you found the reporting above valuable, please consider…", "X is not responsible
for the opinions of contributors", "The post … first appeared on …"), so a list of sites' strings
never ends. What they share is their *speech act*: the page, not the story, addresses the reader
(an imperative with "you"/"our", an appeal, a legal hedge). A reporter's text almost never does
outside a quotation, so a line that does, unquoted and short, is furniture.
"""

from __future__ import annotations

import re

from reader.ingest.shapes import Shapes

__all__ = ["is_reader_appeal"]

_I = re.IGNORECASE

# Imperatives a page aims at its reader; nouns that look alike ("Support for the bill", "Watch
# parties") are left out or need their object ("support our journalism").
_CTA_VERB = (
    r"(?:get|join|stay|sign\s+up|subscribe|follow|download|choose|become|click|tap|listen|register|install"
    r"|connect|explore|discover|tell\s+us|send\s+us|enter|shout|start\s+typing|donate|receive|check\s+out"
    r"|watch\s+more|read\s+more|support\s+(?:us|our|independent|local|quality))"
)
_TO_THE_READER = re.compile(r"\b(?:you|your|yours|you're|you’re|us|our)\b|!\s*$", _I)
_IMPERATIVE = re.compile(rf"^(?:please\s+)?{_CTA_VERB}\b", _I)

_APPEALS = Shapes(  # each tried only on lines holding its words (shapes)
    (
        r"^(?:never|don'?t|don’t|do\s+not)\s+miss\b",  # "Never miss a story"
        # "Become A TGP Insider", "Become a member": the site's membership, not a story's subject
        r"^become\s+an?\s+(?:[\w'’&-]+\s+){0,3}(?:insider|member|subscriber|supporter|patron|donor)s?\s*!?$",
        r"^if\s+you\s+(?:found|enjoyed|liked|value|appreciate|love|like|rely\s+on)\b",  # a donation appeal
        r"\bplease\s+(?:consider|subscribe|support|donate|whitelist|disable)\b",
        r"\bnot\s+(?:necessarily\s+)?(?:be\s+)?(?:held\s+)?(?:responsible|liable)\s+for\s+(?:the\s+)?"
        r"(?:opinions|views|content|comments|statements|accuracy)",  # a publisher's legal hedge
        r"\b(?:opinions|views)\s+expressed\s+(?:here|in\s+this|are|by)\b|\bdo(?:es)?\s+not\s+necessarily\s+reflect\b",
        r"^disclaimer\s*:",
        r"^the\s+post\s+.{1,300}\s+(?:first\s+)?appeared\s+(?:first\s+)?on\b",  # a blog feed's footer
        r"\bcancel\s+reply\b|^you\s+are\s+replying\s+to\b",  # a comment form
        r"\byour\s+comment\s+(?:is\s+awaiting|will\s+(?:appear|be\s+(?:published|posted|visible|reviewed)))"
        r"|(?:سيظهر|سيتم\s+نشر|لن\s+يتم\s+نشر|سينشر)\s+تعليقك"
        r"|(?:الحقول|الخانات)\s+(?:المتبوعة|المعلمة|المشار\s+إليها|التي\s+عليها)\s+(?:بـ|ب)?\s*\*",
        # a form's field: "Email address[email protected]", "Your email (only if you want to be …)"
        r"^(?:your\s+)?(?:e-?mail(?:\s+address)?|full\s+name|first\s+name|last\s+name|phone(?:\s+number)?"
        r"|website|البريد\s+الإلكتروني|البريد\s+الالكتروني|الاسم\s+الكامل|رقم\s+الهاتف)\s*[:*(\[]",
        # a form's required field: "Email *", "المدينة : *"
        r"^[^\W\d_][^\W\d_ ]*(?:\s[^\W\d_]+){0,2}\s*:?\s*\*$",
        r"^to\s+(?:reach|contact|email)\s+the\s+(?:reporter|editor|author|writer|newsroom)\b",
        r"^to\s+(?:view|read|continue|access|unlock)\b.{0,60}\b(?:subscribe|sign\s+in|log\s+in|register)\b",
        r"^(?:start\s+typing|type\s+(?:here|your\s+search))\b",  # a search box's prompt
        r"\bclick(?:ing)?\s+here\s+(?:to|for)\b",  # "Try X Premium for FREE by clicking here for no ads"
        # "You can support us for as little as $1", "Every gift, regardless of size, fuels our future"
        r"\bsupport\s+us\b|\bevery\s+(?:gift|donation|contribution)\b",
        # a newsletter's greeting and its forwarding prompt: "Welcome to The Download", "مرحبًا بك في نشرة
        # المساء، إليك أبرز أخبار اليوم", "Forwarded this email? Subscribe here"
        r"^(?:welcome|hello|good (?:morning|evening|afternoon))(?:\s+back)?(?:,|\s+to)\s.{0,60}"
        r"(?:newsletter|briefing|edition|digest|download|roundup)\b"
        r"|^(?:مرحبا|مرحبًا|مرحباً|أهلا|أهلًا|أهلاً)\s+(?:بك|بكم)\s+(?:في|فى)\s+(?:نشرة|النشرة)"
        r"|^(?:was this (?:email|newsletter) forwarded to you|forwarded this (?:email|newsletter))\b"
        # and a paywall's pitch: "your subscription includes access to …", "Why are you making
        # commenting … only available to subscribers" (one shape, one prefilter)
        r"|\byour\s+(?:subscription|membership)\s+(?:includes|gives|also\s+includes)\b"
        r"|\bonly\s+available\s+to\s+(?:subscribers|members)\b",
        # "SUPPORT OAN ON FACEBOOK", "Become an OAN Supporter on Facebook to Watch ..."
        r"^(?:support|follow|like|join|become)\b.{0,60}\bon\s+(?:facebook|twitter|instagram|youtube|telegram"
        r"|whatsapp|tiktok)\b",
        # a follow button: "Follow Manchester Evening News"
        r"^follow\s+(?:the\s+)?(?-i:[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,4})$",
        # Arabic: the site's readers named ("قراءنا الأعزاء"), its follow and sign-up prompts, its hedge
        r"(?:قراءنا|قرائنا|قارئنا|عزيزي\s+القارئ|أعزائي\s+القراء|القراء\s+الأعزاء)",
        r"^(?:تابعنا|تابعونا|تابعوا|انضم|انضموا|اشترك|اشتركوا|حمل|حمّل|نزّل|نزل)\s+(?:على|عبر|إلى|الى|في|ل|تطبيق)",
        r"كل\s+ما\s+عليك\s+(?:هو\s+)?(?:إنشاء|انشاء|تسجيل)",
        r"(?:لا\s+تعبر|لا\s+يعبر|لا\s+تعكس|لا\s+يعكس)\s+(?:بالضرورة\s+)?(?:عن\s+)?(?:رأي|وجهة\s+نظر|رأى)",
    )
)
_QUOTED = re.compile(r"[\"“”«»]|\b(?:said|says|told|asked)\b", _I)
MAX_APPEAL_WORDS = 45  # an appeal is a line or two; a paragraph this long is the story's


def is_reader_appeal(text: str) -> bool:
    """Does this line address the site's reader rather than tell the story?"""
    if not ((_IMPERATIVE.match(text) and _TO_THE_READER.search(text)) or _APPEALS.search(text)):
        return False
    return len(text.split()) <= MAX_APPEAL_WORDS and not _QUOTED.search(text)
