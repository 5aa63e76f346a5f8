"""Classify the lines of a scraped page by their *shape*: headline, byline, date line, furniture...

The splitter decides article boundaries from these kinds. Rules describe shapes that recur on news
sites and blogs (an all-caps or title-case line without a final full stop, a ``By ...`` line, a
``Related News`` block), never the exact strings of one file, because users bring pages we have
never seen.

Lines are *logical*: what a text browser wrapped at ~78 columns is joined again (the next word
would not have fitted on the line: a soft break), and the converters' markup (lynx's ``[12]`` link
numbers, markdown links, headings and emphasis, bullets) is dropped from the text while the offsets
still point into the source. Furniture (``Kind.NAV``) is judged on that markup too: a line that is
a link, a breadcrumb, a form widget, a caption or credit, a run of one-word menu items, or a short
line that recurs far apart in one file (a site's header and footer on every glued page).
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

from reader.ingest.appeals import is_reader_appeal
from reader.ingest.archives import ARCHIVE_START, toolbar_lines
from reader.ingest.dates import looks_like_date_line, parse_header_date, relative_date_evidence
from reader.ingest.shapes import Shapes
from reader.text.script import paragraph_language


class Kind(StrEnum):
    SEPARATOR = "separator"  # "Related News", "MORE ON THIS TOPIC:", "مقالات متعلقة": another item follows
    RULE = "rule"  # a dashed line, a lone URL: where scrapers glue one page to the next
    BOILER = "boilerplate"  # copyright, share widgets, comment prompts, ads, mirror addresses
    NAV = "navigation"  # links, breadcrumbs, menus, widgets: page furniture that never opens an article
    BYLINE = "byline"  # "By ...", "Posted on ... by ...", "Written by"
    DATE = "date"  # a line that is mainly a date
    SHORT = "short"  # a short line without a final full stop: a headline, subhead, name or outlet
    BODY = "body"  # running text


@dataclass(frozen=True)
class Line:
    """One *logical* line: soft-wrapped physical lines are joined, markup markers dropped from ``text``.

    ``start``/``end`` still index the source, so spans and the original text stay exact.
    """

    text: str  # stripped, unwrapped, without dump markup (``[12]`` link numbers, ``#`` headings)
    start: int  # code-point offsets in the source (first and last physical line)
    end: int
    kind: Kind
    language: str
    blank_before: bool = False  # an empty line (or the file start) precedes it
    heading: int = 0  # a markdown heading level (``# Title`` = 1) as html2text writes them
    indent: int = 0  # leading spaces (text browsers indent a page's text; scrapers' seams start at 0)
    bullet: bool = False  # it was a list's item ("* ...", "-   ...", "• ..."): a headline never is one
    gap: int = 0  # empty lines right above it (a scraper may stand pages two apart, paragraphs one)
    continued: bool = False  # on a later page of one printed document: no article starts there

    @property
    def words(self) -> int:
        return len(self.text.split())


MAX_SHORT_CHARS = 220
MAX_SHORT_WORDS = 25
BODY_MIN_WORDS = 12
BODY_MIN_LINE_WORDS = 4

_I = re.IGNORECASE

_SEPARATOR = re.compile(
    r"^(?:"
    r"(?:related|more|similar|recommended|latest|popular|other)\s+"
    r"(?:news|videos?|articles?|posts?|stories|reads?|coverage|items?|links?)"
    r"|more\s+(?:on|about|from)\s+(?:this|the|that)\s+(?:topic|subject|story|issue)"
    r"|see\s+also|you\s+may\s+also\s+like|also\s+read(?:\s+\w+){0,3}|read\s+also(?:\s+\w+){0,3}"
    r"|(?:اقرأ|إقرأ|اقرا)\s+(?:أيضا|أيضاً|أيضًا|ايضا|ايضاً|ايضًا)|شاهد\s+(?:أيضا|أيضاً|ايضا)"
    r"|(?:.{0,30}\s)?(?:و)?من\s+(?:أخبارنا|اخبارنا|مواضيعنا)(?:\s+(?:أيضا|أيضاً|أيضًا|ايضا|ايضاً|ايضًا))?\s*:?"
    r"|you\s+might\s+also\s+like|further\s+reading|recommended\s+for\s+you|read\s+next"
    r"|(?:مقالات|فيديوات|فيديوهات|أخبار|اخبار|مواضيع|موضوعات|الموضوعات|المواضيع|مقاطع|روابط)\s+"
    r"(?:متعلقة|المتعلقة|ذات\s+(?:صلة|علاقة)|مشابهة|مرتبطة|مختارة|ساخنة(?:\s+اخرى|\s+أخرى)?)"
    r"|(?:related|top|trending|editor'?s|more|latest|most)\s+(?:news\s+)?(?:topics|stories|picks|now|headlines"
    r"|news|read|popular|viewed|shared|commented)(?:\s+(?:today|this\s+week|right\s+now|for\s+you))?"
    r"(?:\s+(?:in|from|on)\s+[\w .'-]{1,30})?"
    r"|(?:most\s+(?:read|popular|viewed))|related|trending|recommended(?:\s+reading)?|more\s+on\s*:.{0,60}|what\s+to\s+(?:read|watch)\s+next"
    r"|editors?[’']?s?\s+(?:recommendations|picks|choice)"
    r"|(?:مقالات|مواضيع|أخبار|اخبار)\s+(?:من\s+)?(?:نفس|ذات)\s+(?:التصنيف|القسم)"
    r"|more\s+(?:from|in|by)\s+[\w'’&-]+(?:\s+[\w'’&-]+){0,3}|more\s+(?:[\w'’&-]+\s+){1,2}(?:stories|news)"
    r"|(?:our\s+)?readers\s+(?:also\s+)?read(?:\s+next)?"
    r"|(?:also\s+)?in\s+the\s+news|elsewhere\s+on\s+[\w .'-]{1,30}|around\s+the\s+(?:web|world|bbc)"
    r"|(?:آخر|اخر|أحدث)\s+(?:الأخبار|الاخبار|المقالات|الأخبار|المواضيع)"
    r"|(?:الأكثر|الاكثر)\s+(?:قراءة|قراءه|مشاهدة|مشاهده|تداولا|تعليقا)|must[- ]reads?|story\s+timeline"
    r"|(?:أهم|اهم)\s+(?:الأخبار|الاخبار|الأنباء)"
    r"|الأكثر\s+(?:تصفحا|تصفحاً|شعبية)|اخترنا\s+لك|ترشيحاتنا|قد\s+يعجبك(?:\s+أيضا|\s+أيضاً)?|المزيد\s+من\s+(?:الأخبار|الاخبار|المقالات)"
    r")\s*[:：.…]*$",
    _I,
)

def _one_of(patterns: tuple[str, ...]) -> Shapes:
    """Each shape compiled on its own: the regex engine's literal prefilters stay usable, which a
    single alternation of all shapes defeats (measured 3x slower); a shape is tried only on lines
    holding its literal text (``shapes``)."""
    return Shapes(patterns, _I)


JUMP_LINE = (
    r"^(?:see|continued on|cont(?:inued|'d)?\.? on|turn to|story continues on)\s+(?:[\w'’-]+,?\s+){0,3}"
    r"(?:page|pg\.?|p\.)\s*[a-z]?\d{1,3}\.?$"
    r"|^(?:التتمة|تتمة|البقية|بقية|باقي)\s+(?:في\s+)?(?:ص|صفحة|الصفحة)\s*\.?\s*\d{1,3}$"
)
_BOILER = _one_of(
    (
        r"^(?:copyright|©|\(c\)\s)|all rights? reserved|جميع الحقوق محفوظة|^.{0,80}©.{0,120}$",
        r"akismet|أكيسميت",
        r"^proof-?read(?:ing)?\s+by\b",
        # One shape (one prefilter) for the furniture of newer kinds of saved text: a press release's
        # contacts ("For more information, please contact …", "Media contacts:", "لمزيد من المعلومات
        # يرجى التواصل مع …"); a print page's jump line ("See BUDGET, page 3", "التتمة ص 5"); a mail's
        # link to its web copy ("View this email in your browser", "إذا لم تظهر الرسالة بشكل صحيح"); a
        # back link ("Return to Transcripts main page") and a transcript's notice; a short link's label,
        # "read the rest", a feedback widget, an affiliate disclosure; a phone's mail signature ("Sent
        # from my iPhone", "أُرسلت من iPhone")
        r"^(?:for (?:more|further|additional) information,?\s*(?:please\s+)?"
        r"(?:contact|visit|call|email|reach)\b|(?:media|press|investor|news)\s+(?:contacts?|enquiries|inquiries)\s*:?"
        r"|(?:لمزيد|للمزيد) من (?:المعلومات|التفاصيل)\s*[،,]?\s*(?:يرجى|يُرجى|الرجاء)?\s*"
        r"(?:التواصل|الاتصال|زيارة|مراسلة)|للاستفسارات(?: الإعلامية| الصحفية)?\s*[:،]?)"
        r"|" + JUMP_LINE + r""
        r"|^view (?:this|the) (?:email|e-mail|newsletter|message) (?:in|on) (?:your|a|the) (?:web )?browser"
        r"|^(?:having )?trouble (?:viewing|reading|seeing) this (?:email|e-mail|message)"
        r"|^إذا لم (?:تظهر|يظهر|تتمكن من (?:قراءة|عرض)) (?:هذه )?(?:الرسالة|النشرة|البريد)"
        r"|(?:اضغط|انقر) هنا (?:لعرضها|لعرض (?:الرسالة|النشرة)) في (?:المتصفح|متصفح)"
        r"|^(?:return|back|go back)\s+to\s+(?:the\s+)?(?:[\w'’-]+\s+){0,4}(?:main\s+)?"
        r"(?:page|home|homepage|index|list|top|listing|overview)\.?$|^this is a rush transcript\b"
        r"|^short\s?url\s*:?$|^read the rest(?: of (?:this|the) (?:entry|story|article|post))?\W*$"
        r"|^have your say\.?\s*give us feedback\.?$|^advertising disclosure\b"
        r"|\bwe may (?:receive|earn|get) (?:compensation|a commission|commissions|an affiliate commission)\b"
        r"|^(?:sent from my|sent from|get outlook for|sent via)\s+(?:the\s+)?[\w\s-]{2,30}$"
        r"|^(?:أرسلت|أُرسلت|مرسل|تم الإرسال)\s+(?:من|عبر)\s+.{2,30}$",
        r"paywall|help fund\b|please (?:donate|support)|donate (?:now|here|to)|patreon|buy me a coffee",
        r"^(?:share|like|tweet|email|print|pin)(?:\s+(?:this|it|on\s+\w+))*\s*:?$",
        r"enable javascript|javascript (?:is )?(?:disabled|required)"
        r"|(?:this (?:web)?site|we) (?:uses?|stores?) (?:data such as )?cookies"
        r"|email address will not be published|logged in to (?:leave|post) a comment|comment policy"
        r"|moderates? (?:the |all |reader )?comments|comments (?:will|may) be (?:rejected|removed|deleted)"
        r"|^(?:ie|internet explorer)\s?\d* is (?:not|no longer) supported"
        r"|browser is (?:not|no longer) supported"
        r"|(?:join|follow) (?:us|our [\w ]{1,40}) on (?:whatsapp|telegram|facebook|twitter|x)\b"
        r"|my bookmarks|^(?:loading|advertisement|sponsored|promoted)\b",
        r"^(?:click|tap) to (?:share|email|print|like)",
        r"^(?:facebook|twitter|whatsapp|telegram|linkedin|reddit|pinterest|flipboard|email|print)(?:[\s,|•·]*"
        r"(?:facebook|twitter|whatsapp|telegram|linkedin|reddit|pinterest|flipboard|email|print))+$",
        r"^like loading|bloggers? like this|^\d+\s+comments?$|^no comments?\s*:?$|^post a comment$",
        r"^leave a (?:reply|comment)|^(?:add|write) a comment|^comments?\s*\(\d+\)$|^\d+\s+responses?$",
        r"\bsingles\b|\bdating\b|^meet your\b|^advertisement$|^sponsored(?: content)?$|^ads? by\b",
        r"alternate (?:addresses|domains|links|urls)|mirror (?:sites?|addresses)",
        r"^subscribe\b|newsletter|sign up (?:for|to)\b|follow us\b|تابعونا|تابعنا (?:على|عبر)|للاشتراك"
        r"|اشترك في",
        r"^(?:شارك|مشاركة|انشر)(?:\s+\S+){0,3}\s*[:：]?$|^اضغط هنا",
        r"اترك تعليقا|اترك تعليقاً|أضف تعليق|اضف تعليق|إلغاء الرد|لن يتم نشر عنوان بريدك|الحقول الإلزامية"
        r"|إعادة النشر|reprint permission|republish(?:ing)? (?:this|our)|strive for accuracy"
        r"|^(?:your )?video will play\b|^wait \d+ seconds? to continue|opens? in a new window"
        r"|\bvideo will auto-?play\b|^something went wrong\b|^(?:oops|sorry),? (?:something|there was)\b"
        # a footer's credit, "Designed & Developed by X", "Powered by WordPress" (no comma, no stop)
        r"|^(?:(?:web)?site )?(?:designed|developed|powered|hosted)"
        r"(?: (?:&|and) (?:designed|developed|maintained))? by\s+[^.,;:]{1,50}$"
        r"|external links? (?:and )?will open|\b(?:is )?sponsored by\b"
        r"|^(?:in partnership with|presented by)\b|^paid (?:content|post|partner)",
        # the account and paywall prompts of news sites, their ad and share placeholders, affiliate notes
        r"\b(?:register|sign in|sign up|signup|log in|login|subscribe)(?: (?:now|today|for free))?"
        r"(?: or (?:register|sign in|sign up|signup|log in|login))?"
        r" (?:to|and) (?:unlock|read|continue|keep reading|access|join|comment|view)\b"
        r"|\bunlock (?:this|more|unlimited) (?:article|stor(?:y|ies)|content)|\b(?:for|to) subscribers only\b"
        r"|\breserved for (?:subscribers|members)"
        r"|^you must (?:be )?(?:logged in|log in|sign in|register|confirm)\b"
        r"|^already (?:a subscriber|have an account)|^(?:create|manage) (?:a |your )?(?:free )?account$"
        r"|\baccount to (?:continue|keep) reading\b"
        r"|^(?:sign|log) ?in with (?:your |a )?(?:password|email|google|apple|facebook)\b"
        r"|^(?:menu|search|close|account|user|profile) icon\b"
        r"|^(?:this )?advertisement has not loaded|^(?:the )?(?:story|article) continues (?:below|after)\b"
        r"|^continue reading (?:below|after)\b|^show (?:more|fewer) sharing options"
        r"|^print this (?:article|page)\b"
        r"|^share (?:or|and) comment on this (?:article|story|post)"
        r"|^share (?:your thoughts|this) with (?:your )?friends"
        r"|^(?:got|have) a (?:confidential )?(?:news |story )?tip\b|^thanks for watching(?:!|\s*$)"
        r"|\bvideo (?:has )?failed to load\b"
        r"|\buse of this (?:site|website) constitutes acceptance\b"
        r"|\bprovide a valid email\b|^thanks for signing up\b|\bwelcome email is on its way\b"
        r"|\bcheck your (?:junk|spam) folder\b|\bby signing up,? you (?:consent|agree)\b|\bsigning you up\b"
        r"|\bview all (?:posts|articles|stories) by\b|^(?:more|all) (?:posts|articles|stories) by\b"
        r"|^interested in more newsletters\b|^get email updates from\b|^sign in or create an account$"
        r"|^rating:\s*\d+(?:\.\d+)?(?:\s*/\s*\d+)?\s*(?:\(?\d+\s+votes?\)?|votes?)?$"
        r"|^share (?:this|it) with (?:your )?friends|^comment on this (?:article|story|post)"
        r"|\b(?:purchase|buy|shop) (?:something )?through (?:the )?links (?:on|in) (?:our|this)\b"
        r"|\bdelivered to your inbox\b|^يجب (?:عليك )?تسجيل الدخول|سجل الدخول (?:ل|من أجل)"
        r"|\bdelivered (?:straight )?to you\.?$",
        # a platform's own lines: closed comments, a comment service, a slideshow's script, a "more from
        # author" box, disclosures, and the server's own error messages printed into the page
        r"^(?:comments? (?:are|is) (?:now )?closed|les commentaires sont fermés|التعليقات مغلقة)\.?$"
        r"|^comments? powered by disqus$|^(?:this )?slideshow requires javascript\.?$"
        r"|^(?:related (?:articles|posts)|you (?:may|might) also like)\s*more from (?:the )?author$"
        r"|^(?:advertising|affiliate) disclosure$|^this field is (?:mandatory|required)[.!]?$"
        r"|^(?:هذا الحقل|الحقل) (?:مطلوب|إجباري|اجباري|إلزامي|الزامي)[.!]?$"
        r"|^(?:all )?(?:stock )?quotes (?:are )?delayed (?:by )?(?:at least |a minimum of |up to )?\d+ min"
        r"|^(?:please )?support (?:our |independent |quality |local )*journalism\b"
        r"|\bsupport (?:independent|quality|local) journalism[.!]?$"
        r"|^this (?:document|article|material|content) is subject to copyright\.?$"
        r"|^(?:deprecated function|deprecated|warning|notice|fatal error|parse error)\s*:.{0,300}"
        r"(?:\bon line \d+|\(line \d+ of [^)]+\))\.?$"
        r"|^(?:سياسة الخصوصية|privacy policy)[^.!?؟]{0,30}[:：]$",
        # a browser warning ("We've detected you are on Internet Explorer. For the best … experience")
        # and a reprint notice ("This copy is for your personal, non-commercial use only")
        r"\bwe(?:'ve|’ve| have) detected (?:that )?you(?:'re|’re| are) (?:using|on)\b"
        r"|\byou(?:'re|’re| are) using an? (?:outdated|old|unsupported|older) (?:web )?browser\b"
        r"|\byou(?:'re|’re| are) using a browser version with limited support\b"
        r"|^(?:please )?(?:update|upgrade) your (?:web )?browser\b|\bfor the best [\w.'’ ]{1,40} experience\b"
        r"|متصفحك (?:قديم|غير مدعوم)|(?:يرجى|الرجاء) تحديث (?:المتصفح|متصفحك)"
        r"|\bfor (?:your )?personal,? non-?commercial use only\b"
        # a newsletter's footer: why the reader gets it, how to stop it
        r"|\byou(?:'re|’re| are) receiving this (?:e-?mail|message|newsletter|digest)\b"
        r"|\byou received this (?:e-?mail|message|newsletter|digest) because\b"
        r"|^(?:manage (?:your )?(?:preferences|subscriptions?)\s*\|?\s*)?unsubscribe\b"
        r"|(?:وصلتك|وصلتكم|تلقيت) هذه (?:الرسالة|النشرة)|لإلغاء الاشتراك|لالغاء الاشتراك|إلغاء الاشتراك$",
        # a line of style sheet or script, not text ("#logo { margin-top: 10px; }")
        r"^[#.@]?[\w-][\w\s,>:#.-]{0,80}\{\s*[\w-]+\s*:[^{}]*\}?\s*$",
    )
)

_BYLINE = re.compile(
    r"^(?:(?:by|بقلم|كتب|كتبت)\s*:?$|by\s*:?\s*\S|posted\s+(?:on|by|in)\b|written\s+by\b|written\s*:|author\s*:|reported\s+by\b"
    r"|بقلم\b|كتب\b|كتبت\b|إعداد\b|اعداد\b|تقرير\b)",
    _I,
)
_TRAILING_BYLINE = re.compile(r"^(?:written\s+by|by)\s*:?\s*(?P<name>.+)$", _I)
# A video page's views and upload day: "48,912 views  Mar 4, 2024", "١٢٬٣٠٤ مشاهدة  قبل ٥ ساعات"
_VIEWS_STAMP = re.compile(
    r"^[\d.,٫٬]+\s*(?:[KMB]|ألف|مليون)?\s*(?:views|مشاهدة|مشاهدات)\s+(?:[•·]\s*)?"
    r"(?=[^\n]{0,40}(?:\d|ago|قبل|منذ|yesterday|أمس))[^\n]{2,60}$",
    re.IGNORECASE,
)
_SOURCED_ADDRESS = re.compile(
    r"^(?:source|sources|via|original|المصدر|مصدر|مصدر الخبر|رابط المصدر|نقلا عن)\s*[:：/|–—-]\s*"
    r"[^\s:/][^\n]{0,80}?(?:https?://|www\.)\S+$",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(r"^[.\s]*(?:via|source|sources|المصدر|مصدر)\s*[:：]?\s*(?P<name>.+?)[.\s]*$", _I)

_MEDIA_WORD = re.compile(
    r"\b(?:news|tv|press|front|agency|agencies|times|post|herald|tribune|daily|journal|gazette|network|"
    r"media|radio|channel|online|monitor|observer|telegraph|guardian|review|magazine|weekly|wire|newspapers?|"
    r"chronicle|courier|inquirer|dispatch|bulletin|"
    r"reuters|afp|ap|bbc|cnn)\b|(?:^|\s)(?:نت|نيوز|وكالة|قناة|صحيفة|جريدة|موقع|شبكة|الأخبار)(?:\s|$)",
    _I,
)
_TERMINAL = ".:;,،؛"
_SENTENCE_END = (".", "!", "?", "؟", ":")  # a line ending so says its last word; nothing runs on
_LATIN_WORD = re.compile(r"[A-Za-z\u00C0-\u024F][\w’'\-.]*")


_TICKER = re.compile(r"^\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?\s*[,|–—-]?\s*[^\W\d_]", re.IGNORECASE)
# (and a live blog's entry stamp, "21:43 , Matt Watts": a time, then its writer)
_POINT_NUMBER = re.compile(r"^\(?\d{1,2}\s*[-–—.):]+\s*[-–—]?$|^\(\d{1,2}\)$")
_TWO_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_]", re.S)
_NON_WORD_RE = re.compile(r"[\W_]+")


def _has_two_letters(text: str) -> bool:
    return _TWO_LETTERS.search(text) is not None


# An end mark between pages: "[end]", "(END)", "-- انتهى --", "/انتهى/", "-- نهاية الخبر --",
# "[end of article]"
END_MARK = (
    r"[\[(<*=/_~#-]+\s*(?:(?i:end|the end|ends)|انتهى|النهاية|نهاية)"
    r"(?:\s+(?:(?i:of (?:the )?(?:article|story|item|post|news))|الخبر|المقال|الموضوع))?\s*[\])>*=/_~#-]+"
)
# A stamp the researcher's tool framed after (or over) each page it kept: "-- saved 11/02/2026 --", or
# the one OneNote writes under a screen clipping ("Screen clipping taken: 14/10/2024 09:52")
SAVED_STAMP = (
    r"[-=*~#]{2,}\s*(?i:saved|clipped|archived|retrieved|downloaded|fetched|captured)\b[^-=*~#\n]{0,40}[-=*~#]{2,}"
    r"|(?i:screen clipping taken)\s*:[^\n]{0,40}"
)
# A digest's or a scraper's item number on a line of its own: ">> STORY 2", "== Article 3 ==", "الخبر 2".
ITEM_NUMBER = (
    r"[-–—_=*~#>\[(\s]*(?:story|item|article|record|الخبر|خبر|المقال)\s*(?:no\.?\s*|#\s*)?\d{1,4}"
    r"(?:\s*(?:of|/|من)\s*\d{1,4})?[-–—_=*~#<\])\s:]*"
)
# A scraper's page header between rules: "==== 2 / 4 ====", "----- Page 3 of 7 -----", "=== صفحة 2 ===",
# "=== file 3 ===" (a seam whatever follows it: the next page may open with its site's menus)
PAGE_HEADER = (
    r"[-–—_=*~#]{3,}\s*(?:(?:page|file|article|document|doc|item|part|story|post|entry|صفحة|الصفحة|ملف|الملف"
    r"|مقال|المقال|خبر|الخبر)\s*(?:no\.?|#|رقم)?\s*)?\d{1,4}(?:\s*(?:/|of|من)\s*\d{1,4})?\s*[-–—_=*~#]{3,}"
)
_RULE = re.compile(
    r"^(?:[-–—_=*~•·+#.%\sـ\u2500-\u257f]{3,}"  # (and box-drawing rules: "━━━━", "═══"; "%%%%")
    # a page's address, alone or in a scraper's record header: "url: https://…", ">>> https://…",
    # "<https://…>" (markdown's bare link),
    # "#3 | https://… | retrieved 2025-03-12 18:41"
    r"|(?:(?:#\s*\d{1,5}|>{1,3})\s*[|:–—-]?\s*)?"  # (not lynx's "12. https://…" list of references)
    r"(?:(?:url|link|source|original|saved from|retrieved from|archived from|pasted from|clipped from"
    r"|copied from|from"
    r"|page|permalink|thread|topic(?: link)?|المصدر|الرابط|رابط (?:الخبر|المقال|الموضوع|المشاركة|الصفحة)"
    r"|نقلا عن|منقول من)\s*:?\s*)?<?(?:https?://|www\.)\S+"
    r"(?:\s*\|\s*(?:(?:title|العنوان)\s*:[^|]{0,200}|[^|]{0,60})){0,3}"  # ("… | Title: the page's headline")
    # a tab-separated record ("3<TAB>https://…<TAB>2025-10-06T19:02:40<TAB>200"), head(1)'s "==> file <=="
    r"|\d{1,6}\t(?:https?://|www\.)\S+(?:\t[^\t]*){0,6}|==>\s.{1,200}\s<=="
    # a cut mark ("-- >8 --") or an end mark ("[end]", "(END)", "-- انتهى --", "/انتهى/") between pages
    r"|[-–—_=*~#\s]*(?:>8|8<|✂|✄)[-–—_=*~#\s]*|"
    + ITEM_NUMBER
    + r"|" + END_MARK + r"|" + SAVED_STAMP
    + "|" + PAGE_HEADER + ")$",
    _I
)

# The heading of a blog's comments, which names the post ("5 thoughts on “JSON parsing”", "One response
# to “…”"): what follows is the readers', not the post's.
COMMENTS_TITLE = re.compile(
    r"^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:thoughts?|responses?|comments?|replies|reply)"
    r"\s+(?:on|to)\s+[“\"'‘«]",
    re.IGNORECASE,
)

# A page's skip link ("Skip to content", "تخطي إلى المحتوى"): the first line of a web page.
SKIP_LINK = re.compile(
    r"^(?:skip|jump|go)\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation|menu|search|footer)\b"
    r"|^skip\s+(?:navigation|links?)\b"
    r"|^(?:تخطي|تخط|تجاوز|انتقل|اذهب|إذهب|الذهاب|انتقال)\s+(?:إلى|الى|إلي|ل)\s*(?:المحتوى|المحتوي|القائمة)",
    re.IGNORECASE,
)

# A breadcrumb that starts at the home page ("Home > World", "الرئيسية| أخبار| تفاصيل الخبر"): the top
# of an article's page, under the site's menu.
# Arabic trails are often copied without their arrows (icons): "الرئيسية بلوق الصفحة 230", or with their
# crumbs glued together; no headline or sentence opens with "الرئيسية" and stops after a few words.
HOME_BREADCRUMB = re.compile(
    r"^(?:home|homepage|الرئيسية|الصفحة الرئيسية)\s*[>›»/|]"
    r"|^(?:الرئيسية|الصفحة الرئيسية)(?:\s+[^\s.!?؟:،]+){1,5}$"
    r"|^(?:الرئيسية|الصفحة الرئيسية)[\u0621-\u064a]",  # glued: "الرئيسيةالأخبار الدوليةالكويت تقطع …"
    re.IGNORECASE,
)

# A masthead: "رئيس التحرير: …", or a role over its holder's name ("رئيس مجلسى الإدارة والتحرير",
# "Editor-in-Chief"). The date printed over it is the site's today, not an article's.
MASTHEAD_ROLE = re.compile(
    r"^(?:المؤسس|رئيس التحرير|رئيس مجلس الإدارة|رئيس مجلس الادارة|مدير التحرير|editor[- ]in[- ]chief"
    r"|founder|publisher)\s*:"
    r"|^(?:رئيس|رئيسة|مدير|مديرة|نائب رئيس)\s+(?:مجلس[يى]?\s+(?:الإدارة|الادارة)(?:\s+و\s*التحرير)?"
    r"|التحرير|تحرير)$|^(?:editor[- ]in[- ]chief|managing editor|executive editor)$",
    re.IGNORECASE,
)
# Furniture shapes of text-browser dumps, markdown converters and copy-paste (never one site's words).
_NAV = _one_of(
    (
        r"^(?:[*+•·o-]\s*)?\[\d+\]",  # lynx: a line that is a link ("[12]Home", "* [13]World")
        r"^(?:[*+•·-]\s*)?!?\[[^\]]*\]\([^)]*\)\s*$",  # markdown: a line that is only a link or image
        r"^!\[",  # markdown image
        # a tag's attributes, printed by a dump that met raw markup ('href="https://…">Embedded video')
        r"^(?:href|src|srcset|class|style|width|height|frameborder|data-[\w-]+)\s*=\s*[\"']",
        r"^(?:\S+\s+){1,4}https?://\S+$",  # an image's alt text and its address ("print header logo https://…")
        r"^(?:iframe|frame)\s*:|\(button\)|^[(\[]submit[)\]]|^\[_+\]|_{6,}|^\(\s?\*?\s?\)\s|^\[[x ]\]\s",
        # a link back to the page's top ("Scroll back to top", "العودة إلى الأعلى")
        r"^(?:scroll\s+)?(?:back|return|go)\s+to\s+(?:the\s+)?top(?:\s+of\s+(?:the\s+)?page)?(?:\s+\S+){0,3}$"
        r"|^(?:العودة|عودة|الرجوع|رجوع)\s*(?:إلى|الى|ل)\s*(?:الأعلى|الاعلى|أعلى|اعلى)",
        r"^\[(?:image|img|logo|icon|photo|video|inline image|embedded content)\b[^\]]*\]",
        # a forum poster's card, fields only, two of them numbers ("عدد المساهمات : 19 نقاط : 52",
        # "Posts: 689 Joined: 15/01/2010 Age: 31")
        r"^(?=.{0,160}$)(?=(?:[^:]*:\s?\d){2})(?:[^\W\d][^\s:]*(?:\s[^\W\d][^\s:]*){0,2}\s?:\s?\S+(?:\s+|$)){2,}$",
        r"^(?:references|visible links|hidden links)\s*:?$",
        r"^\d+\.\s+(?:https?|file|mailto|javascript|ftp):\S*$",
        r"^(?:skip|jump|go)\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation|menu|search|footer)\b",
        r"^skip\s+(?:navigation|links?)\b",
        r"^(?:تخطي|تخط|تجاوز|انتقل|اذهب|إذهب|الذهاب|انتقال)\s+(?:إلى|الى|إلي|ل)\s*(?:المحتوى|المحتوي|القائمة)",
        r"^(?:next|previous|prev|older|newer)\s*(?:post|article|story|entry|page|item|:)s?.{0,80}$",
        r"^(?:more|read more|also|see also|watch|listen|related|اقرأ المزيد|شاهد|اقرأ)\s*[:：]\s*\S.{0,120}$",
        # "إقرأ ايضاً:طيران أديل ..."
        r"^(?:اقرأ|إقرأ|اقرا)\s+(?:أيضا|أيضاً|أيضًا|ايضا|ايضاً|ايضًا)\s*[:：]\s*\S.{0,120}$",
        r"^view this (?:post|photo|video|profile) on (?:instagram|facebook|twitter|x|tiktok|youtube)$",
        r"^(?:dark mode|light mode|go top|go to top)(?:\s+(?:dark mode|light mode|go top|go to top))*$",
        # "YOU MAY ALSO LIKE: Bank Of England To Hold ..."
        r"^(?:you (?:may|might) also like|also read|read also|recommended(?: for you)?"
        r"|related (?:stories|articles|news|posts?))\s*[:：]\s*\S.{0,120}$",
        r"\bduration\s*:\s*\d{1,3}\s*(?:min|m\b|:)",  # an audio or video player: "Duration: 3min 13sec"
        r"^(?:المقال|الخبر|المقالة|الموضوع|المنشور)\s+(?:التالي|السابق)",
        r"^(?:read\s+more|continue\s+reading|read\s+the\s+full\s+(?:story|article))\b.{0,60}$",
        r"^(?:اقرأ|إقرأ|اقرا)\s+(?:المزيد|أيضا|أيضاً|أيضًا|ايضا|ايضاً|ايضًا)\b.{0,80}$",
        # "the story is below these links", "the story goes on below": an ad network's lead-in
        r"^(?:الخبر|المقال|التفاصيل)\s+(?:أسفل|اسفل|تحت)\s+(?:هذه|هذا)|^للخبر\s+بقية",
        r"^(?:search|بحث|ابحث)(?:\s+(?:for|this site|the site|في الموقع))?\s*[:.…]*$",
        r"^(?:menu|main menu|close|open menu|toggle navigation|القائمة|القائمة الرئيسية|إغلاق|اغلاق)$",
        r"^(?:photo|image|picture|credit|file photo|صورة|الصورة|صورة أرشيفية)\s*[:(|]",
        r"(?:في|من)\s+صورة\s+(?:من\s+)?(?:أرشيف|ارشيف|أرشيفية|ارشيفية)|^(?:وكالات|المصادر)\s*[:：-]",
        r"^.{0,160}\b(?:photograph|photo|photos|image|picture|credit|illustration)(?:\s+by)?\s*:\s*\S.{0,80}$",
        r"^.{0,160}\((?:photo|image|credit|صورة|الصورة)\b[^)]{0,60}\)\s*$",
        # a caption's credit: "Refugees in Ethiopia - المصدر - UNHCR"
        r"^.{0,160}\s[-–—|]\s*(?:المصدر|مصدر الصورة|الصورة|source|photo)\s*[-–—:|]\s*\S.{0,80}$",
        r"^(?:image|media|video|photo|picture)\s+(?:caption|copyright|source)\b",
        r"^.{0,200}\((?:تصوير|عدسة|photo(?:graph)?(?:\s+by)?|credit)\s*:?\s*[^)]{1,60}\)\s*$",  # "(تصوير: X)"
        r"^link\s*:\s",  # elinks: the page's <link> elements ("Link: canonical")
        # a caption's credit after a dash: "... in Shah Alam. — Picture by Yusof Mat Isa", "— AFP pic"
        r"^.{0,300}\s[—–-]\s*(?:(?:file\s+)?(?:picture|pic|photo|image)s?\s+(?:by|courtesy(?:\s+of)?|from)\s+\S.{0,60}"
        r"|[\w.]{2,20}\s+(?:pic|picture|photo)s?\.?)$",
        r"^(?:الساعة\s*)?\d{1,2}:\d{2}\s*(?:ص|م|am|pm|صباحا|مساء)?\.?$",  # a clock widget
        r"^.{0,160}[(/]\s*(?:afp|reuters|ap|epa|getty(?: images)?|flickr|alamy|shutterstock"
        r"|wikimedia(?: commons)?|أ\.?\s?ف\.?\s?ب|رويترز|د\.?\s?ب\.?\s?أ|الأناضول|أرشيفية|ارشيفية"
        r"|أ\.?\s?ب)\.?\s*\)?\s*$",
        r"\[\s{3,}\]",  # an empty form field
        r"^(?:section|القسم)\s*:",
        HOME_BREADCRUMB.pattern,  # a breadcrumb from the home page
        r"\b\d[\d,.]*\s*(?:views|comments|shares|likes|reads|مشاهدة|مشاهدات|تعليق|تعليقات)\b.{0,40}$",
        # an author box's counter: "عدد المقالات 194", "Articles: 57", "312 posts"
        r"^(?:عدد\s+(?:المقالات|المشاركات|الأخبار|المواضيع)|articles|posts|stories)\s*[:：]?\s*\d[\d,.]*$"
        r"|^\d[\d,.]*\s+(?:articles|posts|مقالات|مقالا|مقال)$",
        r"(?:^|\s)[A-Z][\w-]{1,15}/[A-Z][\w .'’-]{2,40}$",  # a photo credit: "EPA-EFE/Stuart Brock"
        r"^(?:search this blog|blog archive|popular posts|labels|about me|report abuse|subscribe to\s*:"
        r"|بحث هذه المدونة|أرشيف المدونة|ارشيف المدونة|المشاركات الشائعة|التسميات|من أنا|الإبلاغ عن إساءة"
        r"|الاشتراك في\s*:|showing posts with (?:the )?label|إظهار الرسائل ذات التسميات"
        r"|show all posts|إظهار كافة الرسائل)",  # blog-platform widgets
        MASTHEAD_ROLE.pattern,
        r"^(?:toggle caption|caption|hide caption|enlarge this image|expand image|view image)\b",
        # an image search's captions copied with the picture ("Image result for dry taps", "Related image")
        r"^(?:image result for\b.{0,80}|related image)$",
        # an icon font's ligature names: "play_circle_filled", "cover play_circle_filled", "skip_next"
        r"^(?:[a-z]+\s+)?[a-z]+(?:_[a-z]+)+(?:\s+[a-z]+(?:_[a-z]+)+){0,5}$",
        # a page's counter: "عدد الزوار 5", "Views: 1,204", "المشاهدات: 35"
        r"^(?:عدد\s+)?(?:الزوار|الزيارات|المشاهدات|القراءات|القراء|المشاهدين)\s*[:：]?\s*\d[\d,.]*$"
        r"|^(?:views|visitors|visits|reads|hits|page views)\s*[:：]?\s*\d[\d,.]*$",
        # an embedded player's consent box: "Please accept YouTube cookies to play this video."
        r"^(?:please\s+)?accept\s+(?:all\s+)?(?:(?-i:[A-Z])[\w-]+\s+)?(?:cookies|content)"
        r"(?:\s+to\s+(?:play|view|watch|see|load)\b.{0,40})?\.?$|^if you accept this notice\b"
        r"|^do not show this (?:message )?again\.?$|^share all sharing options(?: for)?\s*:?$"
        r"|^read the (?:complete|full|whole) (?:article|story|post)\.?$",
        r"^(?:[^>›»|/\n]{0,40}[^\W\d_][^>›»|/\n]{0,40}\s[>›»|/]\s){2,}[^>›»|/]{0,80}$",  # breadcrumbs
        r"^(?:\d+\.\s+\S+(?:\s\S+){0,3}\s+){2,}",  # lynx numbered breadcrumbs: "1. Home 2. News"
        r"^(?:tags?|topics?|categories|category|filed under|الوسوم|وسوم|الكلمات المفتاحية|التصنيف)\s*:",
        # Arabic pages' labels: ads, "now reading", a photo's note
        r"^(?:الإعلانات|إعلانات|اعلانات|يتم التصفح الآن|صورة (?:أرشيفية|ارشيفية|تعبيرية))\s*[:.]?$",
        # a long page's or a newsletter's contents label ("Table of contents", "In this issue")
        r"^(?:table of contents|contents|in this (?:issue|article|post|edition)|on this page|jump to"
        r"|المحتويات|جدول المحتويات|فهرس المحتويات|في هذا العدد|محتويات المقال)\s*[:：]?$",
        # a post's categories: "In Local News, News", "Posted in Politics", "نشر في: أخبار، سياسة"
        r"^(?:posted|filed|published)\s+(?:in|under)\s*:?\s+[A-Z0-9][\w&'’ -]{1,30}"
        r"(?:,\s*[A-Z0-9][\w&'’ -]{1,30})*$",
        r"^in\s+[A-Z][\w&'’-]*(?:\s[A-Z][\w&'’-]*){0,3}(?:,\s*[A-Z][\w&'’-]*(?:\s[A-Z][\w&'’-]*){0,3})+$",
        r"^#[^#\s](?:[^#]{0,60}$|.*»)",  # lynx: the page's <link> elements ("#alternate", "#Site » Feed")
        r"^#{1,6}\s*\[[^\]]*\]\([^)]*\)\s*$",  # a markdown heading that is only a link: a teaser
        r"^(?:[?*+•·-]\s*)?\[[^\]\s][^\]]{0,200}\](?:\s*\[[^\]]{0,200}\])*(?:\s+\S+){0,6}$",  # w3m images
        r"^(?:share|shares|sharing|tweet|email|send)\s+(?:on|via|to|this|by|with)\b.{0,40}$",
        r"^(?:شارك|مشاركة|انشر)\s+(?:على|عبر|في)\b.{0,40}$",
        r"^[^>›»\n]{1,40}(?:\s[>›»]\s[^>›»\n]{1,40})+\s[>›»]$",  # a breadcrumb ending in its arrow
        r"(?:^|\s)(?:getty images|afp|reuters|ap photo|epa|shutterstock|file photo)(?:\s*/\s*\S+.{0,30})?$",
        # a page's widgets: text size, copy link, jump to top or bottom, empty image slots, captcha
        r"^(?:حجم الخط|font size|text size|a\+?\s*a-?|[-+]?\s*a\s*[-+]?\s*a\s*[-+]?)$",
        r"^(?:انسخ الرابط|نسخ الرابط|تم نسخ الرابط|copy link|link copied|copied!?)$"
        r"|^(?:اذهب|انتقل|العودة|الذهاب)\s+(?:الى|إلى)\s+(?:الأسفل|الاسفل|الأعلى|الاعلى|أعلى|أسفل)"
        r"|^(?:back|go|scroll|return) to (?:the )?(?:top|bottom|front page|home ?page|home|main page"
        r"|gallery)$"
        r"|^go to accessibility shortcuts$"
        r"|^no image(?: caption| available)?$|^download (?:the )?(?:pdf|app)$|^share close button$"
        r"|^thanks for (?:signing up|subscribing)!?$|reload captcha|^(?:enter|type) the captcha"
        r"|protected by recaptcha"
        r"|لا يمكن نسخ هذا المحتوى|^(?:alert: |error: )?content is protected\W*$"
        r"|^read (?:this|the) (?:story|article) in [a-z]+$"
        # share buttons with their counters: "Share 384 Tweet 240", "Share197Tweet123Share5Send"
        r"|^(?:(?:share|shares|tweet|tweets|pin|send|email|like|likes|whatsapp|شارك|مشاركة|غرد)\s*[\d,.]*[km]?\s*){2,}$"
        # a shop's cart widget
        r"|^(?:no products in the cart|your (?:shopping )?(?:cart|basket|bag) is (?:currently )?empty)\.?$"
        r"|^(?:سلة (?:التسوق|المشتريات) فارغة|لا توجد منتجات في (?:سلة التسوق|سلة المشتريات|السلة))\.?$"
        # a reading-time badge: "4 Min Read", "Reading Time: 3 mins read", "5 دقائق للقراءة"
        r"|^(?:estimated )?(?:reading|read) time\s*:?.{0,20}$|^\d{1,3}\s*-?\s*min(?:ute)?s?\.?\s+read$"
        r"|^\d{1,3}\s*[–-]\s*\d{1,3}\s*(?:minutes|mins|دقائق|دقيقة)$"  # a reader view's "7–9 minutes"
        # an archive's age notice over an old story ("This article is more than 11 years old")
        r"|^this (?:article|story|content|page) is (?:more than|over) (?:a|an|one|\d{1,2}) (?:years?|months?)"
        r" old$"
        # a gallery's count: "Gallery: Xbox One X | 14 Photos", "Slideshow ( 3 images )"
        r"|^.{0,80}[|(:]\s*\d{1,3}\s+(?:photos?|images?|pictures?|صور|صورة)\s*\)?$"
        # ... and its place in it: "Image 1 of / 5", "Photo 3 of 12", "صورة 2 من 7"
        r"|^(?:image|photo|picture|slide|صورة)\s+\d{1,3}\s+(?:of|من)\s*/?\s*\d{1,3}$"
        r"|^view (?:all )?\d{1,3} (?:images|photos|pictures)$|^end of (?:the )?article$"
        # a share widget's label, a reading list's and a bookmark's buttons, an alert sign-up's heading
        r"|^(?:addthis )?sharing buttons$|^(?:add to|remove from) (?:your )?saved (?:stories|articles|items)$"
        r"|\bto bookmark this (?:story|article)\b|^(?:get )?breaking news (?:alerts|e-?mails)\b"
        r"|^(?:وقت|مدة|زمن) القراءة\s*:?.{0,20}$|^\d{1,3}\s*(?:دقائق|دقيقة|دقيقتان|د)\s*(?:للقراءة|قراءة)$",
    )
)
_LYNX_LINK = re.compile(r"(?<![\w\]])\[\d{1,5}\](?=\S)")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?$")
_BANNER = re.compile(r"^#{3,}\s+\S.*\s#{3,}$")  # framed on both sides (markdown's own headings are not)
_MD_EMPTY = re.compile(r"\*{4,}")  # html2text's empty bold markers ("congressman.****")
_MD_INLINE = re.compile(r"(?<![\w*_])(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?![\w*_])")
_BULLET = re.compile(
    r"^(?:[*+•·▪►□■◦○◆‣⁃➤]|-(?=\s)|[o?](?=\s+[A-Z\u0600-\u06FF]))\s*"
)  # lynx nests "* + o #"; a bullet saved in a code page without it is "?"


_CAPTION = Shapes(
    (
        r"^(?i:(?:clockwise\s+)?from (?:left|right|top|bottom)|left to right|right to left"
        r"|top to bottom)\s*[,:]",
        r"^FILE\s*[-–—:]|\bfile photo\b|\((?:photo|photograph|image)\s+(?:by|credit|:)[^)]{0,80}\)",
        r"\((?:[A-Z][\w.&-]{0,15}\s){1,2}(?:Photo|Images?|Pictures?)\s?/[^)]{1,80}\)\s*$",
        r"^[A-Z][A-Z .,]{2,40}\s[-–—]\s(?:[A-Z]{3,9}\.?\s\d{1,2}|\d{1,2}\s[A-Z]{3,9})\s*:",
    ),
    0,
)  # "FILE - In this Nov. 21 photo ...", "... (AP Photo/Jane Doe)", "WASHINGTON, DC - OCTOBER 10: U.S.
# President ..." (agency captions)
CAPTION_MAX_CHARS = 500


def is_caption(text: str) -> bool:
    """A photo caption in an agency's style: long as a paragraph, but furniture."""
    return len(text) <= CAPTION_MAX_CHARS and _CAPTION.search(text)


def is_rule(text: str) -> bool:
    """A line of dashes or stars, a page's URL or file name alone on its line: a seam between pages."""
    if text == FORM_FEED:
        return True
    if page_file_name(text):
        return True
    if text.endswith(("...", "…")) and ("://" in text or text.startswith("www.")):
        return False  # a link's shortened text ("http://www.amazon.com/Kamp-Rite-TB34..."): no page's address
    return (len(text) <= 300 or (len(text) <= 4000 and text.count(" ") <= 3)) and bool(_RULE.match(text))


# A saved page's file name over its text, as files are joined with their names ("03_gaza_reply.txt",
# "C:\\notes\\page 2.html"): the name alone on its line, with a text or web page file's suffix.
_FILE_FRAME = "-=<>#*~| "  # what a joining script draws around each file's name
_FILE_LABEL = re.compile(
    r"^(?:[-=<>#*~|]+\s+)?(?:(?:file|filename|file name|source file|الملف|ملف)\s*:\s*)?", re.IGNORECASE
)
PAGE_FILE_SPACES = 4  # "Gaza - Al Jazeera.html"; not a sentence that ends "… is in report.txt"
_PAGE_FILE_SUFFIXES = (".txt", ".text", ".htm", ".html", ".xhtml", ".mht", ".mhtml", ".md", ".markdown")
_PAGE_FILE = re.compile(r"^(?:[A-Za-z]:)?[\w\-.()\[\]/\\~ ,'&+]{0,200}[\w)\]]\.[a-z]{2,8}$", re.IGNORECASE)


def page_file_name(text: str) -> bool:
    """Is the line a saved page's file name alone, as files are joined under their names?"""
    # (apart from _RULE, behind a cheap test: its pattern costs ten times the others on every line)
    inner = text.rstrip(_FILE_FRAME)
    if not inner.lower().endswith(_PAGE_FILE_SUFFIXES):
        return False
    inner = _FILE_LABEL.sub("", inner)  # "--- file: cbc-news.html ---", "<<< assarih_77652.txt >>>"
    return (inner.count(" ") <= PAGE_FILE_SPACES and not inner.startswith("-")  # (an address's wrapped tail)
            and bool(_PAGE_FILE.match(inner)))


def is_navigation(raw: str, shown: str | None = None) -> bool:
    """Links, widgets, breadcrumbs, skip links, captions: furniture, judged on the dump's own markup.

    Only short lines are tried (by what a reader sees, ``shown``: link targets do not count).
    """
    seen = raw if shown is None else shown
    if len(seen) > NAV_MAX_CHARS or len(seen.split()) > 30:
        return False
    return _NAV.search(raw)


_BUTTON = re.compile(r"\s*\((?:BUTTON|submit|reset)\)")
_GLUED_DATE = re.compile(
    r"(?<=[a-z)])(?=(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+\d)"
)
# a label glued to its day: "First Published3 May 2024", "Updated12 March 2024"
_GLUED_LABEL_DAY = re.compile(
    r"(?:(?<=[Pp]ublished)|(?<=[Uu]pdated))(?=\d{1,2}\s+(?:January|February|March|April|May|June|July|August"
    r"|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b)"
)

# A teaser's link to the rest of its article, left after the ellipsis that cut it ("… Read More",
# "...continue reading →", "… اقرأ المزيد"): the link's words go, the paragraph and its ellipsis stay.
_MORE_LINK = re.compile(
    r"(?:(?<=…)|(?<=\.\.\.))\s*\[?(?:read\s+more|continue\s+reading|read\s+the\s+rest|lire\s+la\s+suite"
    r"|(?:اقرأ|إقرأ|اقرا)\s+المزيد|قراءة\s+المزيد|(?:more|المزيد)(?=\s*[»›→←]))\]?\s*[»›→←]?\s*$",
    _I,
)


# A forum's BBCode, copied with the post ("[JUSTIFY]…[/JUSTIFY]", "[align=center]", "[table1=width:95%;]")
_BBCODE = re.compile(
    r"\[/?(?:b|i|u|s|justify|center|left|right|align|color|size|font|quote|table\d?|tr|td|cell|list|indent"
    r"|highlight|sup|sub|hr|\*)(?:=[^\[\]\n]{0,80})?\]",
    re.IGNORECASE,
)


_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def strip_markup(raw: str) -> tuple[str, int]:
    """Text without the converter's markers (link numbers, markdown links, bullets, a forum's BBCode);
    the heading level."""
    text = _LYNX_LINK.sub("", raw)
    if _BIDI_CONTROL.search(text):
        # pdftotext wraps each Arabic line in embedding marks ("\u202b…\u202c"): invisible, and
        # unbalanced once the text is cut into paragraphs; the reader sets each paragraph's direction
        text = _BIDI_CONTROL.sub("", text)
    if "[" in text:
        text = _BBCODE.sub("", text)
    heading = 0
    m = _MD_HEADING.match(text)
    if m:
        heading, text = len(m.group(1)), m.group(2)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "*" in text or "_" in text:
        text = _MD_INLINE.sub(r"\2", _MD_EMPTY.sub("", text))
    text = _BULLET.sub("", text)
    if "…" in text or "..." in text:
        text = _MORE_LINK.sub("", text)
    if "(BUTTON)" in text and len(_BUTTON.sub("", text).split()) >= 2:
        text = _BUTTON.sub("", text)  # lynx's form buttons beside a byline ("(BUTTON) Search" is one)
    if len(text) <= 160:
        text = _GLUED_DATE.sub(" ", text)  # "Associated PressApril 28, 2023": blocks glued by the dump
        if "ublished" in text or "pdated" in text:
            text = _GLUED_LABEL_DAY.sub(" ", text)
    return text.strip(), heading


def is_boilerplate(text: str) -> bool:
    if len(text) > 400:
        return False
    return _BOILER.search(text)


def is_separator(text: str) -> bool:
    return len(text) <= 60 and bool(_SEPARATOR.match(text))


_INNER_BY = re.compile(r"^(?:[A-Z][\w'’.-]*\s+){1,3}By\s+[A-Z][\w'’.-]*\s+[A-Z]")  # "Jane Doe By Jane Doe"
_NAME_PART = re.compile(r"^(?:[A-Z][\w'’.-]*\s+){1,2}[A-Z][\w'’.-]*$")
_LIST_JOIN = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_SHIFT_NOTE = re.compile(r"\s*\((?:now|earlier|later|until \S+|from \S+)\)", re.IGNORECASE)


def _has_function_word(words: list[str]) -> bool:
    """A person's name has no "To", "For" or "The" in it; a title-case headline or subhead does."""
    return any(w.lower() in FUNCTION_WORDS for w in words)


def is_author_list(text: str) -> bool:
    """``Ibtisam Mahdi, Ruwaida Kamal Amer``: two or more names (2-3 capitalised words each) in a row."""
    text = _SHIFT_NOTE.sub("", text)  # a live blog's writers by shift: "Ann Lee (now); Tom Fox (earlier)"
    if len(text) > 120 or ("," not in text and " and " not in text and "&" not in text and ";" not in text):
        return False
    parts = [p for p in _LIST_JOIN.split(text.strip(" ,")) if p]
    # A name has no "To" or "For" in it: "How To Grow and Care For Bougainvillea" is a title-case headline.
    return len(parts) >= 2 and all(
        _NAME_PART.match(p) and not _has_function_word(p.split()) for p in parts
    )


_NAME_ROLE = re.compile(
    r"^(?:[A-Z][\w'’.-]*\s+){1,2}[A-Z][\w'’.-]*\s*,\s*(?:[\w&'’.-]+\s+){0,4}"
    r"(?:attorney|editor|reporter|correspondent|writer|director|professor|analyst|fellow|contributor"
    r"|columnist|staff|producer|researcher|lecturer|journalist|economist|commentator)\b",
    re.IGNORECASE,
)  # "Sarah Hinger, Staff Attorney, ACLU ...": an author and their role
_ROLE_AT = re.compile(
    r"^(?:[\w'’.-]+\s+){0,3}(?:reporter|correspondent|editor|writer|columnist|contributor|producer)"
    r"\s*(?:,|at|for)\s+\S.{0,40}$",
    re.IGNORECASE,
)  # "General Assignment Reporter, HuffPost": the author's role under their name
_DESK = re.compile(
    r"^(?:[A-Z][\w&'’.-]*\s+){1,4}(?i:staff|digital team|news team|web team|editorial team|news desk|desk"
    r"|newsroom|bureau|wire staff|staff writers?|staff reporters?)$"
)  # "CTV News Digital Team", "Reuters Staff": a newsroom signs the article, in place of a name


_ARABIC_LEAD = re.compile(r"^(?:بقلم|كتب|كتبت|إعداد|اعداد|تقرير)\s*[:：]?\s*")
ARABIC_BYLINE_NAME_WORDS = 6  # "تقرير: محمد بن عبد الله الأحمد"; more is a headline under a genre label


def is_byline(text: str) -> bool:
    if len(text) > 160 or len(text.split()) > 16:
        return False
    lead = _ARABIC_LEAD.match(text)
    if lead and len(text[lead.end() :].split()) > ARABIC_BYLINE_NAME_WORDS:
        # "تقرير : الاحتلال يوسع عطاءات بناء جديدة ...": a report's headline, not its writer's name
        return bool(_NAME_ROLE.match(text) or _ROLE_AT.match(text) or is_author_list(text))
    shapes = (_BYLINE.match(text), _INNER_BY.search(text), _NAME_ROLE.match(text), _ROLE_AT.match(text))
    if _DESK.match(text):
        return True
    return any(shapes) or is_author_list(text)


_GLUED_WORDS = re.compile(r"[a-z][A-Z]|[a-z]&[A-Z]")
GLUED_MENU_JOINS = 3


def _glued_menu(text: str) -> bool:
    """A menu copied without its spaces: "HeadlinesSports NewsBusiness NewsIndia NewsWorld News", or
    one in a script without case, whose items share their head word: "الأخبار أخبار سورية أخبار عربية"."""
    joins = len(_GLUED_WORDS.findall(text))
    if joins >= GLUED_MENU_JOINS and joins * 4 >= len(text.split()) and not text.endswith(_SENTENCE_END):
        return True
    return _shared_head_words(text)


_CONTROL_WORDS_SPACED = (
    "search open close sign in up out log login logout register subscribe subscribed menu videos video "
    "share comment comments print adjust more home email tweet save saved follow listen watch toggle "
    "navigation skip account newsletter newsletters alerts notifications settings bookmark gift "
    "بحث إغلاق اغلاق تسجيل الدخول الخروج اشترك اشتراك القائمة مشاركة شارك طباعة تعليق حفظ متابعة "
    "حسابي الرئيسية"
)
_CONTROL_WORDS = frozenset(_CONTROL_WORDS_SPACED.split())
CONTROL_ROW_WORDS = (2, 8)
CONTROL_ROW_CHARS = 80


def is_control_row(text: str) -> bool:
    """A row of a page's buttons copied as one line: "Open Search Close Search Search", "Videos Sign
    In Subscribe", "Share Adjust Comment Print". Every word a control's label, and no sentence."""
    low, high = CONTROL_ROW_WORDS
    if len(text) > CONTROL_ROW_CHARS or not low <= text.count(" ") + 1:
        return False  # (cheap test first: most lines are longer, or one word)
    words = _NON_WORD_RE.sub(" ", text.casefold()).split()
    return low <= len(words) <= high and all(w in _CONTROL_WORDS for w in words) and not (
        text.rstrip().endswith(_SENTENCE_END)
    )


_CODE_SIGNS = (
    re.compile(r"[A-Za-z_]\w*\("),  # a call: data.frame(, print(
    re.compile(r"<-|->|==|!=|::|\+=|&&|\|\||=>"),  # operators prose has no use for
    re.compile(r"[A-Za-z_\])]\s?=\s?[\w\"'(\[{]"),  # an assignment or a keyword argument: size = 20
    re.compile(r"[;{}]\s*$|^\s*[{}]"),  # a statement's end, a block's brace
    re.compile(r"[a-z]_[a-z]|\w\.\w+\("),  # snake_case names, methods: my_ggp, install.packages(
)
CODE_SIGNS = 2
_ADDRESSES = re.compile(r"\S*(?:://|www\.|javascript:)\S*", re.IGNORECASE)


_LITERAL_ASSIGNMENT = re.compile(
    r"^\s*(?:(?:var|let|const|my|local)\s+)?[A-Za-z_$][\w.$]*\s?=\s?"
    r"(?:\[\]|\{\}|\(\)|-?\d+(?:\.\d+)?|None|True|False|null|nil|true|false|\[\s*['\"\d]|'[^']*'|\"[^\"]*\")\s*;?$"
)


def looks_like_code(text: str) -> bool:
    """A line of a program shown in a tutorial ("data <- data.frame(Probability = c(0.5, 0.7))"):
    never a headline, however short and unpunctuated, and no new page when it follows a rule."""
    if not any(mark in text for mark in ("(", "=", ";", "{", "<-", "->", "::")):
        return False  # (cheap test first: every program line shown has one of these)
    if _LITERAL_ASSIGNMENT.match(text):
        return True  # "results = []", "count = 0": a name given a value, which prose never writes so
    text = _ADDRESSES.sub(" ", text)  # an address's query string ("?c_src=site_button") is no program
    return sum(bool(sign.search(text)) for sign in _CODE_SIGNS) >= CODE_SIGNS


MENU_HEAD_REPEATS = 3  # one word this many times in a line of a few words: the items of one menu


def _shared_head_words(text: str) -> bool:
    raw = text.split()
    if not 2 * MENU_HEAD_REPEATS - 1 <= len(raw) <= 4 * MENU_HEAD_REPEATS or text.endswith(_SENTENCE_END):
        return False  # (cheap test first: most lines are too long or too short to be such a menu)
    words = [w for w in map(fold_for_compare, raw) if w]
    places: dict[str, list[int]] = {}
    for k, w in enumerate(words):
        if len(w) >= 3 and w not in FUNCTION_WORDS:
            places.setdefault(w, []).append(k)
    return any(
        len(at) >= MENU_HEAD_REPEATS
        and len(at) * 3 >= len(words)
        and all(b - a >= 2 for a, b in itertools.pairwise(at))  # each item adds a word of its own
        for at in places.values()
    )


_SLASHES = re.compile(r"\s[/|]\s")


def _slashed_dateline(text: str) -> bool:
    """"November 19, 2019 / 12:21 AM / Updated 2 hours ago": a dateline set out in parts, which the
    breadcrumb shape ("Home / World / Asia") takes for navigation."""
    if len(text) > 120 or not _SLASHES.search(text):
        return False
    plain = _SLASHES.sub(" ", text)
    return not is_navigation(plain) and _full_dateline(plain)


META_CELLS = 4
META_CELL_WORDS = 8


def _meta_bar(text: str) -> bool:
    """"Site | Sunday, 23 August 2020 at 12:36 | Views: 10858": a page's meta bar, one of whose few
    short cells is the whole dated stamp; the others (a site, an author, a counter) make it look like
    a menu, but the date is the article's."""
    if len(text) > 200 or not _SLASHES.search(text):
        return False
    cells = [c.strip() for c in _SLASHES.split(text)]
    return len(cells) <= META_CELLS and all(len(c.split()) <= META_CELL_WORDS for c in cells) and any(
        _full_dateline(c) for c in cells
    )


_CELL_GAP = re.compile(r"\s{3,}|\s*\|\s*")
MENU_CELLS = 4
MENU_CELL_WORDS = 3


def _spaced_menu(text: str) -> bool:
    """"|  سياسة     اقتصاد     نفط وطاقة    رياضة": a menu bar whose items the copy kept apart with
    wide gaps or bars: four or more cells of one to three words, none of them a sentence."""
    if "   " not in text and "|" not in text:
        return False
    cells = [c for c in _CELL_GAP.split(text) if c.strip()]
    return len(cells) >= MENU_CELLS and all(
        len(c.split()) <= MENU_CELL_WORDS and _has_two_letters(c) and not c.rstrip().endswith(_SENTENCE_END)
        for c in cells
    )


_SLASH_CELL = re.compile(r"\s*/\s+|\s+/\s*")
CREDIT_CELLS = 3  # "Bheki/ Informal Traders/ City of Johannesburg": a photo credit or a trail of sections


def _slashed_cells(text: str) -> bool:
    """Three or more short cells set apart by slashes with a space beside them (a photo's credit, a
    breadcrumb): no headline is written so; "AC/DC" or "24/7" have no space by their slash."""
    if "/" not in text:
        return False
    cells = _SLASH_CELL.split(text)
    return len(cells) >= CREDIT_CELLS and all(
        1 <= len(c.split()) <= MENU_CELL_WORDS + 1
        and _has_two_letters(c)  # "1 / 12 / 2020" is a date
        and not c.rstrip().endswith(_SENTENCE_END)
        for c in cells
    )


_LANGUAGE_NAMES = frozenset((
    "english", "arabic", "french", "german", "italian", "spanish", "portuguese", "russian", "chinese",
    "japanese", "korean", "dutch", "turkish", "persian", "farsi", "urdu", "hindi", "hebrew", "greek",
    "polish", "swedish", "français", "deutsch", "español", "italiano", "português", "русский", "türkçe",
    "فارسی", "اردو", "العربية", "الإنجليزية", "الانجليزية", "الفرنسية",
))
LANGUAGE_MENU_NAMES = 3
LANGUAGE_MENU_SHARE = 3  # a language's name in every three words or fewer: a menu, not a sentence naming them
_POSTAL_ADDRESS = re.compile(
    r"^\d{1,5}[a-z]?\s+(?:[\w'’.-]+\s+){0,4}(?:road|rd|street|st|avenue|ave|boulevard|blvd|lane|ln|drive|dr"
    r"|highway|hwy|place|square|sq|parkway|pkwy|terrace|court|ct)\b\.?(?:\s*,.{0,60})?$",
    re.IGNORECASE,
)


def _language_menu(text: str) -> bool:
    """"English[111] fr French[112] de German[113] it Italian": a site's language switcher."""
    words = _NON_WORD_RE.split(text.casefold())
    found = [w for w in words if w in _LANGUAGE_NAMES]
    return len(set(found)) >= LANGUAGE_MENU_NAMES and len(found) * LANGUAGE_MENU_SHARE >= len(text.split())


# "#Threatpost » Feed Threatpost » Comments Feed …": the feeds a page links in its head, as lynx
# prints them; a wide dump joins them into one line longer than any widget.
_LINK_ELEMENTS = re.compile(r"^#[^#\s][^#\n]{0,120}?»\s*(?:[\w-]+\s+){0,2}feed\b", re.IGNORECASE)


def classify(text: str, raw: str | None = None) -> Kind:
    """The kind of one stripped, non-empty (logical) line; ``raw`` keeps the dump's markup if any."""
    if is_rule(raw or text):
        return Kind.RULE
    if _VIEWS_STAMP.match(text):
        return Kind.DATE  # a video page's "48,912 views  3 days ago": when it went up, under its title
    if is_separator(text):
        return Kind.SEPARATOR
    if is_caption(text):
        return Kind.NAV
    if "\u0640" in text:  # tatweel only stretches letters: judge the shape without it
        text = text.replace("\u0640", "")
    if raw is not None and "(BUTTON)" in raw and "(BUTTON)" not in text:
        raw = _BUTTON.sub("", raw)  # a button beside real text does not make the line a widget
    if _RANKING.match(text):
        return Kind.NAV  # a "most read" ranking glued into one line, however long
    if _LINK_ELEMENTS.match(text):
        return Kind.NAV  # lynx's <link> elements of a page joined into one long line, however long
    if COMMENTS_TITLE.match(text):
        return Kind.BOILER
    if is_navigation(text):
        if _slashed_dateline(text) or _filed_under_dateline(text) or _meta_bar(text):
            return Kind.DATE
        # "By TPN, in News, Portugal · 31 Jan 2025, 20:02 · 0 Comments": a counter does not make
        # a dated byline a widget.
        return Kind.BYLINE if is_byline(text) and _dated_byline(text) else Kind.NAV
    if raw is not None and raw != text and is_navigation(raw, text):
        # A link on its author's name ("[53]Reuters November 18, 2019 11:03 PM") leaves a dateline.
        dated = _slashed_dateline(text) or (len(text) <= 120 and looks_like_date_line(text))
        return Kind.DATE if dated else Kind.NAV
    if (_glued_menu(text) or _spaced_menu(text) or _language_menu(text) or _POSTAL_ADDRESS.match(text)
            or is_control_row(text)):
        return Kind.NAV  # (a site's language switcher, its postal address in the footer)
    if _slashed_cells(text):
        return Kind.DATE if _slashed_dateline(text) else Kind.NAV
    if is_boilerplate(text):
        return Kind.BOILER
    if _SOURCED_ADDRESS.match(text):
        return Kind.NAV  # "المصدر: الاتحاد — https://…": where the page came from, however long its address
    if is_reader_appeal(text):
        return Kind.NAV  # the page's widget speaking to its reader, wherever it stands
    if is_byline(text):
        return Kind.BYLINE
    if len(text) <= 120 and (looks_like_date_line(text) or _filed_under_dateline(text)):
        return Kind.DATE
    if _TICKER.match(text):
        return Kind.NAV  # a news ticker's "17:37 headline" (a time, not a date, then a teaser)
    if is_short(text):
        return Kind.SHORT
    if len(text) < 40 and not _has_two_letters(text):
        if _POINT_NUMBER.match(text):
            return Kind.SHORT  # "1 –", "(2)": the number of a point in the text
        return Kind.NAV  # a bullet, an icon, a share count: widget debris, never text
    if len(text.split()) < BODY_MIN_LINE_WORDS:
        return Kind.SHORT  # "Loading...", "Sign in.": a full stop does not make a widget a paragraph
    return Kind.BODY


def is_short(text: str) -> bool:
    """A line shaped like a headline, subhead, name or outlet: brief, no closing full stop."""
    if len(text) > MAX_SHORT_CHARS or len(text.split()) > MAX_SHORT_WORDS:
        return False
    if not _has_two_letters(text):
        return False
    stripped = text.rstrip(" \t\"'”’»)]")
    return not stripped or stripped[-1] not in _TERMINAL


def is_body(text: str) -> bool:
    return (len(text.split()) >= BODY_MIN_WORDS and not is_short(text)) or len(text.split()) >= 30


_NOT_ASCII_LETTERS = re.compile(r"[^A-Za-z]+")
_NOT_ASCII_CAPITALS = re.compile(r"[^A-Z]+")


def is_all_caps(text: str) -> bool:
    letters = len(_NOT_ASCII_LETTERS.sub("", text))
    return letters >= 12 and len(_NOT_ASCII_CAPITALS.sub("", text)) >= 0.9 * letters


def is_title_case(text: str) -> bool:
    """Most content words capitalised, as English headlines are (small words may stay lower)."""
    words = [w for w in _LATIN_WORD.findall(text) if len(w) >= 4]
    if len(words) < 2:
        return False
    return sum(w[0].isupper() for w in words) >= 0.75 * len(words)


_FUNCTION_WORDS_SPACED = (
    "the a an of to in on for and or but with by from at as that those these this its their our your "
    "is are was were be his her my about into onto than whose which being been upon including amid among "
    "في من على إلى الى عن مع و أو أن إن التي الذي الذين ثم لدى عند بين حول ضد عبر خلال منذ نحو"
)
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_SPACED.split())


def ends_mid_sentence(text: str) -> bool:
    """Does the line stop on a word that needs a next one ("... are those of the")? A headline never
    does; a sentence broken across lines, a caption cut short or a teaser clipped with no ellipsis does.
    """
    words = text.split()
    return bool(words) and words[-1].casefold() in FUNCTION_WORDS


def is_outlet_like(text: str) -> bool:
    """A very short line naming a site, channel or agency ("South Front", "الميادين نت")."""
    if len(text.split()) > 5 or any(ch.isdigit() for ch in text) or not is_short(text):
        return False
    return bool(_MEDIA_WORD.search(text))


def is_name_like(text: str) -> bool:
    """A line that is only a person's name: 2-4 words, no digits, no closing punctuation."""
    words = text.split()
    if not 2 <= len(words) <= 4 or any(ch.isdigit() for ch in text) or not is_short(text):
        return False
    if paragraph_language(text) == "ar":
        return True
    if "&" in text or _has_function_word(words):
        return False  # "Size & Growth", "Care For Roses": a subhead in title case, not a person
    return all(w[0].isupper() for w in words if w[0].isalpha())


@lru_cache(maxsize=1 << 16)
def fold_for_compare(text: str) -> str:
    """Compare headlines written twice with small differences (case, punctuation, hyphens)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD_RE.sub(" ", text).strip()


def near_repeat(a: str, b: str) -> bool:
    """Same headline again, perhaps re-cased or with one word changed ("Strike On" / "Strike Hits")."""
    fa, fb = fold_for_compare(a), fold_for_compare(b)
    if not fa or not fb:
        return False
    if fa == fb:
        return True
    wa, wb = fa.split(), fb.split()
    if min(len(wa), len(wb)) < 3:
        return False
    shared = len(set(wa) & set(wb))
    return shared >= 0.75 * max(len(set(wa)), len(set(wb)))


def trailing_byline(text: str) -> str | None:
    m = _TRAILING_BYLINE.match(text)
    return m.group("name").strip() if m and len(text.split()) <= 8 else None


def source_attribution(text: str) -> str | None:
    """``Via American Herald Tribune`` / ``المصدر : الميادين نت`` at an article's end names its outlet."""
    m = _SOURCE_LINE.match(text)
    if not m or len(text.split()) > 8:
        return None
    return m.group("name").strip() or None


WRAP_MIN_WIDTH = 50  # narrower "wrapping" is a column of short lines, not a text-browser dump
WRAP_MAX_WIDTH = 200  # wider lines are unwrapped paragraphs
WRAP_WINDOW = 8  # physical lines either side that show the local wrap width
NAV_MAX_CHARS = 220  # furniture lines (links, captions, widgets) are short; paragraphs are not tried
NAV_RUN = 3  # this many very short lines in a row are a menu
NAV_RUN_WORDS = 3
_LIST_ITEM = re.compile(r"^\s*(?:[*+•·▪►□■◦○◆‣⁃➤-]\s|\d{1,3}[.)]\s|\[\d+\]\s*[*+•·-])")


@dataclass
class _Physical:
    raw: str  # stripped
    start: int
    width: int  # length with indentation, as the wrapping tool counted
    blank_before: bool


FORM_FEED = "\f"  # a scraper's (or a printer's) page break


def _physical_lines(text: str) -> list[_Physical]:
    out: list[_Physical] = []
    pos = 0
    blank = True
    for raw in text.split("\n"):
        if FORM_FEED in raw and raw.lstrip(" \t").startswith(FORM_FEED):  # a page break, then the line
            lead = raw.index(FORM_FEED)
            out.append(_Physical(FORM_FEED, pos + lead, 0, blank))
            blank = True
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(_Physical(stripped, pos + lead, len(raw.rstrip()), blank))
            blank = False
        else:
            blank = True
        pos += len(raw) + 1
    return out


def _full_dateline(text: str) -> bool:
    """A line that is a whole date with its day ("Tuesday, 10 January 2023"), not a wrapped "April 2013"."""
    if not looks_like_date_line(text):
        return False
    parsed = parse_header_date(text)
    return parsed is not None and parsed[1] == "day"


_LABEL = re.compile(r"^[^\W\d_][\w -]{0,20}:")


HEADLINE_TAIL_WORDS = 8  # the last words of a wrapped headline, alone on the last line of its block


def _block_tail(lines: list[_Physical], i: int) -> bool:
    """Is physical line i a few words that end their block (a blank line or the end after them)?"""
    last = i + 1 >= len(lines) or lines[i + 1].blank_before
    return last and len(lines[i].raw.split()) <= HEADLINE_TAIL_WORDS


_ADDRESS_LINE = re.compile(r"^(?:https?|file)://\S+$")


def _soft_wrapped(lines: list[_Physical], i: int) -> bool:
    """Was the break after physical line i made by a wrapping tool rather than by the author?

    The tell is the width: the line is near the local wrap width and the next line's first word would
    not have fitted after it. A headline, date or byline ends well short of the width, so it stays.
    """
    cur, nxt = lines[i], lines[i + 1]
    if nxt.blank_before or _LIST_ITEM.match(nxt.raw) or is_rule(cur.raw) or is_rule(nxt.raw):
        return False
    if _ADDRESS_LINE.match(nxt.raw.strip()):
        return False  # a page's address alone (a printed page's footer under its last paragraph)
    if (label := _LABEL.match(cur.raw)) and nxt.raw.startswith(label.group()):
        return False  # "Link: ..." / "Link: ...", "Tags: ..." lines: a list of fields, not a sentence
    if ":" in cur.raw and ":" in nxt.raw and RECORD_FIELD.match(cur.raw.strip()) and RECORD_FIELD.match(
        nxt.raw.strip()
    ):
        return False  # "Title: …" over "Item Type: …": a record's fields, one a line
    if cur.width < WRAP_MIN_WIDTH * 0.3:
        return False  # a short line (a menu item, a label) never wrapped
    if _HYPHEN_CUT.search(cur.raw) and _GOES_ON.match(nxt.raw):
        return True  # "… to ban power-" / "guzzling big-screen TVs": a word broken at its hyphen
    if nxt.raw[0].islower() and (
        ends_mid_sentence(cur.raw) or (cur.width >= WRAP_MIN_WIDTH and not cur.raw.endswith(_SENTENCE_END))
    ):
        # One sentence, whatever the width: "... show a 'community pushed to its" / "limits'", or an
        # unindented headline wider than the text around it ("... his term'," / "as priest steps in").
        return True
    if cur.width >= WRAP_MIN_WIDTH and ends_mid_sentence(cur.raw) and _block_tail(lines, i + 1):
        return not _own_header_line(nxt)  # a title-case headline wrapped on "... Atop a" / "Greek Peak"
    lo, hi = max(0, i - WRAP_WINDOW), min(len(lines), i + WRAP_WINDOW + 1)
    # The wrap width is the widest that several lines reach: a lone long URL or an unwrapped
    # paragraph among wrapped lines does not set it.
    widths = sorted((lines[j].width for j in range(lo, hi) if lines[j].width <= WRAP_MAX_WIDTH), reverse=True)
    width = next((w for k, w in enumerate(widths) if k + 2 < len(widths) and widths[k + 2] >= w - 3), 0)
    if width < WRAP_MIN_WIDTH or not 0.3 * width <= cur.width <= width:
        return False
    wider = sum(_breakable_beyond(lines[j], width) for j in range(lo, hi))
    if wider >= sum(width - 3 <= lines[j].width <= width for j in range(lo, hi)):
        return False  # more lines a tool wrapping at that width would have broken than lines it broke
    first_word = nxt.raw.split(maxsplit=1)[0]
    if cur.width + 1 + len(first_word) <= width - 1:
        return False
    return not _own_header_line(nxt)


def _own_header_line(line: _Physical) -> bool:
    """A dateline or byline under a long headline stands on its own, however the headline ends."""
    return len(line.raw) <= 120 and (is_byline(line.raw) or _full_dateline(line.raw))


# Where a byline's date starts: "By A, B on Monday, November 18th, 2019", "By A · 31 Jan 2025".
BYLINE_DATE_LEAD = re.compile(r"\s(?:on|-|–|—|\|)\s|[,|·•]\s*(?=\S*\d)|\s(?:في|بتاريخ)\s", _I)


def _dated_byline(text: str) -> bool:
    """Does a byline give a date ("By A, in News · 31 Jan 2025, 20:02", "By A on May 3, 2021")?"""
    if parse_header_date(text) is not None:
        return True
    m = BYLINE_DATE_LEAD.search(text)
    return m is not None and parse_header_date(text[m.end():]) is not None


_RANKING = re.compile(r"^#1\s[^#]{3,300}\s#2\s[^#]{3,300}\s#3\s")  # "#1 Headline #2 Headline #3 …"
_SECTION_CELL = r"[^\W\d_][\w&'’-]*(?:\s+[^\W\d_][\w&'’-]*)?"
_FILED_UNDER = re.compile(
    rf"^(?:in\s+{_SECTION_CELL}(?:\s*,\s*{_SECTION_CELL}){{0,6}}|{_SECTION_CELL}(?:\s*,\s*{_SECTION_CELL}){{1,6}})"
    r"\s*[-–|·•]\s*(?=\S)",
    _I,
)


def _filed_under_dateline(text: str) -> bool:
    """The sections a page is filed under, then its date ("In News , Portugal , Tourism - 02 Feb
    2025, 20:02"): a date line, however many sections come first. One name without "In" may be a
    person's ("Pete Evans · CBC News · Posted: ..."), which the byline rules judge."""
    m = _FILED_UNDER.match(text)
    return m is not None and looks_like_date_line(text[m.end():]) and parse_header_date(text) is not None


def _breakable_beyond(line: _Physical, width: int) -> bool:
    """Is ``line`` wider than ``width`` though it has a space where a wrapping tool would have
    broken it? (A long address or word may stick out of a wrapped dump; a sentence may not.)"""
    if line.width <= width + 3:
        return False
    space = line.raw.rfind(" ", 0, width - (line.width - len(line.raw)))
    return space > width // 2


def _open_link(parts: list[str], nxt: _Physical) -> bool:
    """Is a markdown link still open ("[headline ...") with its "](url)" on the next lines?"""
    if nxt.blank_before or len(parts) >= 6:
        return False
    text = " ".join(parts)
    return text.count("[") > text.count("]")


WORD_RUN = 4  # one word per line this many times, with a function word among them: a broken sentence
_ONE_WORD = re.compile(r"^[^\W\d_][\w'’-]*[:،,]?$")


def _word_runs(phys: list[_Physical]) -> dict[int, int]:
    """Where lines hold one word each of one sentence: {first line: how many lines}. Linear.

    Some pages put every word of a headline in its own element, and copy-paste or a scraper then
    gives one word per line. A menu is also a run of single words, but never of "in", "of", "في":
    the function word among them shows a sentence cut into pieces.
    """
    runs: dict[int, int] = {}
    i = 0
    while i < len(phys):
        j = i
        while j < len(phys) and _ONE_WORD.match(phys[j].raw) and (j == i or not phys[j].blank_before):
            j += 1
        if j - i >= WORD_RUN and any(p.raw.casefold() in FUNCTION_WORDS for p in phys[i + 1 : j]):
            runs[i] = j - i
        i = max(j, i + 1)
    return runs


def _logical_lines(text: str) -> list[tuple[str, int, int, bool, int]]:
    """(raw text, start, end, blank_before, indent) with soft-wrapped lines joined."""
    phys = _physical_lines(text)
    word_runs = _word_runs(phys)
    out: list[tuple[str, int, int, bool, int]] = []
    i = 0
    while i < len(phys):
        first = phys[i]
        parts = [first.raw]
        if (run := word_runs.get(i, 0)) > 1:
            parts.extend(p.raw for p in phys[i + 1 : i + run])
            i += run - 1
        while i + 1 < len(phys) and (_soft_wrapped(phys, i) or _open_link(parts, phys[i + 1])):
            i += 1
            parts.append(phys[i].raw)
        last = phys[i]
        joined = _join_wrapped(parts)
        indent = first.width - len(first.raw)
        out.append((joined, first.start, last.start + len(last.raw), first.blank_before, indent))
        i += 1
    return out


_URL_CUT = re.compile(r"(?:https?://|www\.)\S*[/_=?&-]$")
_URL_REST = re.compile(r"^[\w%~-]+[./_=?&#-]\S*")


def _join_wrapped(parts: list[str]) -> str:
    """The physical lines of one logical line, joined by a space, except inside an address the dump
    broke over two lines ("https://www.chron.com/business/article/" / "New-car-sales-….php")."""
    joined = parts[0]
    for part in parts[1:]:
        glued = (_URL_CUT.search(joined) and _URL_REST.match(part)) or (
            _HYPHEN_CUT.search(joined) and _GOES_ON.match(part)
        )
        joined += ("" if glued else " ") + part
    return joined


_HYPHEN_CUT = re.compile(r"[^\W\d_]{2}-$")


_MENU_KINDS = (Kind.SHORT, Kind.NAV, Kind.BOILER)  # "Subscribe", "Newsletters", "EMAIL" are menu items too


def _mark_menus(lines: list[Line]) -> None:
    """Runs of very short lines (menus, section lists, tag clouds, a form's field labels) are navigation,
    wherever they are; a one-word boilerplate item ("Subscribe", "Email") inside a menu does not end it."""
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].kind in _MENU_KINDS and lines[j].words <= NAV_RUN_WORDS:
            j += 1
        if j - i >= NAV_RUN:
            for k in range(i, j):
                lines[k] = replace(lines[k], kind=Kind.NAV)
        i = max(j, i + 1)


TAIL_RUN = 3  # short lines in a row that end alike ("About us, opens new tab"): a list of links
TAIL_WORDS = 2
TAIL_LINE_WORDS = 7


def _mark_alike_tails(lines: list[Line]) -> None:
    """Runs of short lines ending in the same words ("Careers, opens new tab", "Site map, opens new
    tab") are a list of links whose markup a converter spelled out: navigation, whatever their length.
    (The same line printed again and again is a repeat, for the rules on repeats.)"""
    def tail(line: Line) -> str | None:
        words = line.text.split()
        if line.kind not in _MENU_KINDS or not TAIL_WORDS < len(words) <= TAIL_LINE_WORDS:
            return None  # (a day's headlines may end alike too, but a headline is longer than a link)
        return fold_for_compare(" ".join(words[-TAIL_WORDS:])) or None

    i = 0
    while i < len(lines):
        key = tail(lines[i])
        j = i + 1
        while key is not None and j < len(lines) and tail(lines[j]) == key:
            j += 1
        if key is not None and j - i >= TAIL_RUN and len({lines[k].text for k in range(i, j)}) == j - i:
            for k in range(i, j):
                lines[k] = replace(lines[k], kind=Kind.NAV)
        i = j


_RADIO = re.compile(r"^\(\s?\*?\s?\)\s")
_QUESTION_END = ("?", "؟")
POLL_REACH = 3  # lines from a poll's question to its first answer button


def _mark_polls(lines: list[Line]) -> None:
    """A question followed by answer buttons ("( ) Yes", "(*) نعم") is a poll widget, not text."""
    for i, line in enumerate(lines):
        if not _RADIO.match(line.text):
            continue
        for q in range(i - 1, max(-1, i - 1 - POLL_REACH), -1):
            if lines[q].text.endswith(_QUESTION_END) and lines[q].words <= 30:
                if q > 0 and not lines[q].blank_before and not lines[q - 1].text.endswith(_SENTENCE_END):
                    q -= 1  # the question's first half, where a wrap was not undone
                for k in range(q, i):
                    lines[k] = replace(lines[k], kind=Kind.NAV)
                break


NAME_WORDS = 4


def _mark_repeated_chrome(lines: list[Line]) -> None:
    """Short lines that recur far apart in one file (a site's header and footer on every page) are chrome.

    A headline written twice sits within a few lines of its copy, and a whole article repeated brings
    its long lines along; only single words and short lines next to other recurring lines go.
    """
    seen: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if line.kind in (Kind.SHORT, Kind.NAV, Kind.BOILER) and line.words <= 12:
            seen.setdefault(fold_for_compare(line.text), []).append(i)
    recurring = {
        i for places in seen.values() if len(places) > 1 and places[-1] - places[0] > 4 for i in places
    }
    if not recurring:
        return

    def by_dateline(i: int) -> bool:
        """Right under a date line: a post's headline (a sidebar's list of posts repeats it far away)."""
        return i > 0 and lines[i - 1].kind is Kind.DATE and lines[i].words >= 4

    def over_its_date(i: int) -> bool:
        """The first copy, over its date or byline (a link or two between): the page's headline,
        which its "Recommended" list or share box prints again further down."""
        if lines[i].words < 4 or seen[fold_for_compare(lines[i].text)][0] != i:
            return False
        for line in lines[i + 1 : i + 4]:
            if line.kind in (Kind.DATE, Kind.BYLINE):
                return True
            if line.kind is not Kind.NAV and line.words > NAME_WORDS:
                return False  # (the author's name may stand alone between)
        return False

    def masthead(i: int) -> bool:
        """Every copy opens a page (the file's start, or right under a seam) over text that differs
        from page to page: the site's name or tagline at each page's top, not a page saved twice."""
        places = seen[fold_for_compare(lines[i].text)]
        tops = all(k == 0 or lines[k - 1].kind is Kind.RULE for k in places)
        after = {fold_for_compare(lines[k + 1].text) for k in places if k + 1 < len(lines)}
        return tops and len(after) == len(places)

    headlines = {i for i in recurring if (by_dateline(i) or over_its_date(i)) and not masthead(i)}
    for i in sorted(recurring):
        line = lines[i]
        if masthead(i) and line.kind is Kind.SHORT:
            lines[i] = replace(line, kind=Kind.NAV)
            continue
        if line.kind is not Kind.SHORT or i in headlines or (
            i - 1 in headlines and fold_for_compare(line.text) == fold_for_compare(lines[i - 1].text)
        ):
            continue  # the headline (or its second copy, right under it) under its date
        chrome = [
            j in recurring or (0 <= j < len(lines) and lines[j].kind is Kind.NAV) for j in (i - 1, i + 1)
        ]
        neighbours, in_menu = any(chrome), all(chrome)
        if is_outlet_like(line.text) and not in_menu:
            continue  # an outlet named in every article's header is evidence, not chrome ("Careers
            # News and Advice" between two menu items is a menu item)
        if line.words == 1 or (neighbours and line.words <= 6):
            lines[i] = replace(line, kind=Kind.NAV)


BLOCK_APART = 6  # lines between two copies of a block (a headline printed twice is one line away)
BLOCK_LINES = 4  # recurring lines in a row that make a block of the site's chrome
BLOCK_COPIES = 3  # later copies looked at for each line (linear time on a file of one line repeated)
BLOCK_TEXT_CHARS = 300  # running text a repeated block may hold and still be chrome (a footer's blurb)


def _mark_repeated_blocks(lines: list[Line]) -> None:
    """A run of lines printed again, line for line, a page or more away (a sidebar's "Stuff to watch"
    box, a footer) is the site's chrome on every page, however long its teasers' headlines: none of
    its lines heads an article. A whole article printed twice is not touched (its running text recurs
    with it: duplicates are told apart later)."""
    keys = [fold_for_compare(line.text) for line in lines]
    places: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        places.setdefault(key, []).append(i)
    chrome: set[int] = set()
    i = 0
    while i < len(lines):
        best = 0
        spots = places[keys[i]]
        first = bisect.bisect_left(spots, i + BLOCK_APART)
        for j in spots[first : first + BLOCK_COPIES]:
            n = 0
            while j + n < len(lines) and i + n < j and keys[i + n] == keys[j + n]:
                n += 1
            if n >= BLOCK_LINES and best < n:
                best = n
                copy = j
        if best:
            runs = (range(i, i + best), range(copy, copy + best))
            text = sum(len(lines[k].text) for k in runs[0] if lines[k].kind is Kind.BODY)
            kinds = {lines[k].kind for k in runs[0]}
            if text <= BLOCK_TEXT_CHARS and Kind.SHORT in kinds:
                chrome.update(k for run in runs for k in run)
            i += best
        else:
            i += 1
    for k in chrome:
        if lines[k].kind is Kind.SHORT:
            lines[k] = replace(lines[k], kind=Kind.NAV)


PAGE_COUNTER = re.compile(
    r"^[\[(]?\s*(?:(?:page|article|document|doc|item|part|note|entry|صفحة|الصفحة|مقال|المقال|خبر|الخبر|جزء"
    r"|ملاحظة)\s*)?"
    r"(\d{1,3})\s*(?:/|of|من)\s*(\d{1,3})\s*[\])]?$",
    re.IGNORECASE,
)  # "2/4", "Page 2 of 5", "Document 3 of 30", "(2/4)", "صفحة 2 من 4"


SPLIT_HEADLINE_WORDS = 12  # each part of a headline broken over two lines (a PDF's large type)
_KEY_WORDS = 3


def _join_split_headlines(lines: list[Line]) -> None:
    """A headline set in large type breaks over two lines ("Facebook Is Tracking Me Even Though I'm Not
    on" / "Facebook"); where the page prints it whole elsewhere (its browser title, a print header, a
    share card: "Facebook Is Tracking Me … Facebook | ACLU"), the two lines are that one headline. So are
    two title-case lines broken after the first one's colon, and a line with its lower-case rest."""
    folded = [" ".join(fold_for_compare(line.text).split()) for line in lines]
    index: dict[tuple[str, ...], list[int]] = {}
    for k, f in enumerate(folded):
        words = f.split()
        if len(words) > _KEY_WORDS:
            index.setdefault(tuple(words[:_KEY_WORDS]), []).append(k)

    def printed_whole(a: Line, head: str, first: int, j: int) -> bool:
        """Is ``a`` (lines first..j-1, folded ``head``) with line j the start of a line printed whole?"""
        b = lines[j]
        if not (  # (a PDF's large type may leave a blank line between the two)
            a.kind is Kind.SHORT and b.kind in (Kind.SHORT, Kind.NAV) and b.gap <= 1
            and a.words <= 2 * SPLIT_HEADLINE_WORDS and 0 < b.words <= SPLIT_HEADLINE_WORDS
            and not a.text.endswith((".", "!", "?", "؟", "|"))
        ):
            return False
        joined = f"{head} {folded[j]}"
        key = tuple(joined.split()[:_KEY_WORDS])
        return len(key) == _KEY_WORDS and any(
            not first <= k <= j and (folded[k] == joined or folded[k].startswith(joined + " "))
            for k in index.get(key, ())
        )

    out: list[Line] = []
    i = 0
    while i < len(lines):
        a, head, j = lines[i], folded[i], i + 1
        while j < len(lines) and (
            _colon_headline(a, lines[j]) or _lower_tail(a, lines[j]) or printed_whole(a, head, i, j)
        ):
            b = lines[j]  # (a headline broken over three lines is joined a line at a time)
            text = f"{a.text} {b.text}"
            kind = classify(text)  # (a headline however it ends: "… Release. Why You Shouldn't Worry.")
            a = replace(a, text=text, end=b.end, kind=Kind.SHORT if kind is Kind.BODY else kind)
            head, j = f"{head} {folded[j]}", j + 1
        out.append(a)
        i = j
    lines[:] = out


COLON_HEAD_WORDS = 5  # "Filed Under:" / "Politics" is a label and its value, not a headline
COLON_TAIL_WORDS = 6


def _lower_tail(a: Line, b: Line) -> bool:
    """Is ``b`` the lower-case rest of the headline ``a`` broken in large type ("Trump
    ‘congratulates’ China in dig" / "at Supreme Court ruling")?"""
    return (
        a.kind is Kind.SHORT and b.kind is Kind.SHORT and not b.blank_before and a.text[:1].isupper()
        and 3 <= a.words <= SPLIT_HEADLINE_WORDS and 3 <= b.words <= COLON_TAIL_WORDS
        and bool(_GOES_ON.match(b.text)) and b.text.split()[0] in FUNCTION_WORDS  # ("at Supreme Court …")
        and not a.text.endswith((".", "!", "?", ":", "|"))
    )


def _colon_headline(a: Line, b: Line) -> bool:
    """Is ``a`` the first half of a title-case headline broken after its colon, ``b`` the rest?"""
    return (
        a.kind in (Kind.SHORT, Kind.BODY) and b.kind in (Kind.SHORT, Kind.NAV) and not b.blank_before
        and a.text.endswith(":") and COLON_HEAD_WORDS <= a.words <= SPLIT_HEADLINE_WORDS
        and 0 < b.words <= COLON_TAIL_WORDS
        and is_title_case(a.text) and is_title_case(b.text) and not b.text.endswith((".", ":"))
    )


_LAYOUT_GAP = re.compile(r"\s{3,}")  # the spaces a layout-keeping converter sets between a line's fields


def _page_count(line: Line) -> re.Match[str] | None:
    """The page counter a line holds: alone ("2/6"), or as the last field of a printed footer that a
    layout-keeping converter wrote on one line ("http://site/page          2/6")."""
    if line.words <= 4 and (m := PAGE_COUNTER.match(line.text)):
        return m
    fields = _LAYOUT_GAP.split(line.text.strip())
    return PAGE_COUNTER.match(fields[-1]) if 1 < len(fields) <= 3 and line.words <= 8 else None


def _mark_page_counters(lines: list[Line]) -> None:
    """Lines that count the pages of a file ("1/4" ... "4/4") are seams between pages.

    One such line could be a score or a date; a run of them counting up to the same total is a
    scraper's or a database export's numbering of the pages it glued together. Printed pages (each
    counter right over a page break: a browser's print to PDF turned back into text) are one document
    while the count goes up; where it starts again or its total changes, the next document begins.
    """
    runs: list[list[tuple[int, int, str]]] = []
    for i, line in enumerate(lines):
        m = _page_count(line)
        if not m or not 0 < int(m.group(1)) <= int(m.group(2)):
            continue
        n, total = int(m.group(1)), m.group(2)
        run = next((r for r in reversed(runs) if r[-1][2] == total), None)
        if run is not None and n > run[-1][1] and (run is runs[-1] or _printed(lines, run[-1][0]) is None):
            run.append((i, n, total))
        else:
            runs.append([(i, n, total)])
    footers = [i for run in runs for i, _, _ in run if _printed(lines, i) is not None]
    if len(footers) >= PRINTED_MIN_PAGES:  # a print of several pages: its footers' print stamps
        for i in footers:
            _mark_print_stamp(lines, i)
    for run in runs:
        if len(run) < 2:
            continue
        printed = all(_printed(lines, i) is not None for i, _, _ in run[:-1])
        if printed:  # one document from its first page's footer to its last page's
            for k in range(run[0][0] + 1, run[-1][0] + 1):
                lines[k] = replace(lines[k], continued=True)
        first_top = _page_top(lines, run[0][0])
        for k, (i, _, _) in enumerate(run):
            # A printed page's footer ("Page 2 of 3", then the page break): a PDF turned back into
            # text, whose pages the text runs across. Both are furniture there, not seams; the break
            # after a document's last printed page is the seam before the next one.
            lines[i] = replace(lines[i], kind=Kind.NAV if printed else Kind.RULE)
            brk = _printed(lines, i)
            if printed and brk is not None and (k + 1 < len(run) or run is runs[-1]):
                lines[brk] = replace(lines[brk], kind=Kind.NAV)
                if k + 1 < len(run) and first_top is not None:
                    _mark_repeated_header(lines, first_top, brk + 1)
            if printed:  # the page's address printed in the footer beside its number: no seam
                for j in range(i - 1, max(-1, i - 3), -1):
                    text = lines[j].text
                    if lines[j].kind is Kind.RULE and ("://" in text or text.startswith("www.")):
                        lines[j] = replace(lines[j], kind=Kind.NAV)


_GOES_ON = re.compile(r"^[a-z][a-z]")  # "the 1970s." (not "iPhone", a name that opens a headline)


def _mark_printer_breaks(lines: list[Line]) -> None:
    """Page breaks inside a file where one of them cuts a sentence in two ("… dozens of other products
    sinc" / page break / "the 1970s.") are a printer's (a PDF turned back into text), not a scraper's
    seams between pages: furniture, all of them; the articles are found by their own headlines."""
    breaks = [k for k, line in enumerate(lines) if line.text == FORM_FEED and line.kind is Kind.RULE]
    cuts = [k for k in breaks if 0 < k < len(lines) - 1 and _cuts_sentence(lines[k - 1], lines[k + 1])]
    if not cuts:
        return
    for k in breaks:
        lines[k] = replace(lines[k], kind=Kind.NAV)
    for k in reversed(cuts):  # the sentence is one again, across the page break
        above, below = lines[k - 1], lines[k + 1]
        text = f"{above.text} {below.text}"
        lines[k - 1] = replace(above, text=text, end=below.end, kind=classify(text))
        del lines[k : k + 2]


def _cuts_sentence(above: Line, below: Line) -> bool:
    """Does a page break between these two lines fall in a sentence ("… products since" / "the 1970s.")?"""
    ends = above.text.endswith(_SENTENCE_END)
    goes_on = below.kind is not Kind.RULE and bool(_GOES_ON.match(below.text))  # (not "https://…")
    return above.kind is Kind.BODY and not ends and goes_on


RUNNING_HEAD_LINES = 2  # a printed page's header: the print's date and time, the page's title
RUNNING_HEAD_PAGES = 3


def _mark_running_heads(lines: list[Line]) -> None:
    """The lines that open printed page after printed page with the same words (a browser's print
    header: "12/7/26, 9:46 PM" and the page's title) are the printer's, not the article's."""
    tops = [0] + [k + 1 for k, line in enumerate(lines) if line.text == FORM_FEED]
    seen: dict[str, dict[int, int]] = {}  # the line's words -> {page top: line}
    for top in tops:
        for k in range(top, min(top + RUNNING_HEAD_LINES, len(lines))):
            if lines[k].text == FORM_FEED:
                break
            seen.setdefault(fold_for_compare(lines[k].text), {}).setdefault(top, k)
    for key, where in seen.items():
        # On three pages or more, over pages that go on differently: not one article saved twice
        # (a headline printed twice at one page's top is that page's own).
        after = {lines[top + RUNNING_HEAD_LINES].text for top in where
                 if top + RUNNING_HEAD_LINES < len(lines)}
        if key and len(where) >= RUNNING_HEAD_PAGES and len(after) > 1:
            for k in where.values():
                lines[k] = replace(lines[k], kind=Kind.NAV)


PRINT_FOOTER_LINES = 3  # a printed page's footer: its counter, the print's date and time, its address
PRINT_FOOTER_WORDS = 6


def _printed(lines: list[Line], i: int) -> int | None:
    """The page break under the page counter at line i when the counter is a printed page's footer
    (right over the break, or over the print's date and time); else None."""
    for k in range(i + 1, min(len(lines), i + 1 + PRINT_FOOTER_LINES)):
        if lines[k].text == FORM_FEED:
            return k
        if lines[k].words > PRINT_FOOTER_WORDS:
            return None
    return None


PRINTED_MIN_PAGES = 2
# "3/9/25, 4:17 PM", "٤:٢٢ ،٩/٣/٢٠٢٥ م": the browser's short numeric day and the time, either way round
_PRINT_STAMP = re.compile(
    r"\d{1,2}/\d{1,2}/\d{2,4}\s*[,،]?\s*\d{1,2}:\d{2}|\d{1,2}:\d{2}\s*[,،]?\s*\d{1,2}/\d{1,2}/\d{2,4}"
)


def _mark_print_stamp(lines: list[Line], i: int) -> None:
    """The date and time a browser prints in each page's footer, beside the counter at line i (under
    it, or over it where a right-to-left page sets it first): when it was printed, never when the
    story was written."""
    brk = _printed(lines, i)
    around = [*range(i + 1, brk if brk is not None else i + 1), *range(max(0, i - 2), i)]
    for k in around:
        line = lines[k]
        if line.words <= PRINT_FOOTER_WORDS and _PRINT_STAMP.search(line.text) and line.kind is not Kind.BODY:
            lines[k] = replace(line, kind=Kind.NAV)


PRINT_HEADER_LINES = 3  # a printed page's header: the page's title and its address, on a line or two


def _mark_repeated_header(lines: list[Line], first_top: int, top: int) -> None:
    """The header a browser prints over every page of one document ("Title https://…", or the title
    and the address on lines of their own) is furniture on its second page and after."""
    header = [fold_for_compare(line.text) for line in lines[first_top : first_top + PRINT_HEADER_LINES]]
    for k in range(top, min(len(lines), top + PRINT_HEADER_LINES)):
        if lines[k].text == FORM_FEED:
            return
        if any(h and near_repeat(lines[k].text, lines[first_top + n].text) for n, h in enumerate(header)):
            lines[k] = replace(lines[k], kind=Kind.NAV)


def _page_top(lines: list[Line], i: int) -> int | None:
    """The first line of the printed page whose footer is line i."""
    k = i
    while k > 0 and lines[k - 1].text != FORM_FEED:
        k -= 1
    return k if k < i else None


_UNDERSCORES = re.compile(r"^_{3,}$")


def _mark_page_rules(lines: list[Line]) -> None:
    """A text browser draws a page's own rules (``<hr>``) as underscores indented with its text
    ("     ______"); a scraper's seam between two pages starts at the margin. An indented rule of
    underscores is the page's furniture, not a seam."""
    for i, line in enumerate(lines):
        if line.kind is Kind.RULE and line.indent > 0 and _UNDERSCORES.match(line.text):
            lines[i] = replace(line, kind=Kind.NAV)


TEASER_STAMPS = 3  # "10 h ago" lines this close together: a list of teasers, each stamped
TEASER_GAP = 6  # lines between two stamps of one list
CAPTION_WORDS = 45


def _mark_teaser_runs(lines: list[Line]) -> None:
    """A run of items stamped "10 h ago" / "منذ ساعتين" is a list of teasers: furniture, not text.

    Each item (a photo caption, its section and stamp, its headline) looks like a little article,
    and a caption is as long as a paragraph; the stamps repeating every few lines give the list
    away. Only unpunctuated lines go: a live blog's entries, stamped too, end their sentences.
    """
    stamps = [
        i for i, line in enumerate(lines) if line.kind is Kind.DATE and relative_date_evidence(line.text)
    ]
    run: list[int] = []
    for i in [*stamps, None]:
        if i is not None and (not run or i - run[-1] <= TEASER_GAP):
            run.append(i)
            continue
        if len(run) >= TEASER_STAMPS:
            for k in range(max(0, run[0] - 2), min(len(lines), run[-1] + 2)):
                line = lines[k]
                caption = line.words <= CAPTION_WORDS and not line.text.endswith(_SENTENCE_END)
                teaser = line.kind is Kind.SHORT or (line.kind is Kind.BODY and caption)
                if teaser or line.kind is Kind.DATE:
                    lines[k] = replace(line, kind=Kind.NAV)
        run = [i] if i is not None else []


WIDE_GAPS_MIN = 2  # a scraper that stands pages apart with a wider gap does it between every page
WIDE_GAP_SHARE = 0.7  # of the file's paragraph gaps: wider ones are rarer than this when they mark pages


def _keep_rare_wide_gaps(lines: list[Line]) -> None:
    """A gap wider than the paragraphs' means something only where it is rare: a scraper standing
    pages two blank lines apart in a file whose paragraphs are one apart. Elsewhere (a dump with two
    blank lines around every menu, a text with no single gaps at all) every gap counts as one."""
    single = sum(line.gap == 1 for line in lines) + sum(
        not line.blank_before and line.kind is Kind.BODY and above.kind is Kind.BODY
        for above, line in itertools.pairwise(lines)
    )  # (paragraphs with no blank line between them are set apart too, just more narrowly)
    wide = sum(line.gap >= 2 for line in lines)
    if wide and (wide < WIDE_GAPS_MIN or wide > WIDE_GAP_SHARE * single):
        for k, line in enumerate(lines):
            if line.gap >= 2:
                lines[k] = replace(line, gap=1)


def split_lines(text: str, common: frozenset[str] = frozenset()) -> list[Line]:
    """Logical lines with their offsets, classified. Linear in the text length.

    ``common`` holds folded lines that recur across many files of the corpus (site furniture):
    they are boilerplate wherever they appear.
    """
    lines: list[Line] = []
    last_end = 0
    for raw, start, end, blank_before, indent in _logical_lines(text):
        gap = max(0, text.count("\n", last_end, start) - 1) if blank_before else 0
        last_end = end
        clean, heading = strip_markup(raw)
        if not clean:
            clean, kind = raw, classify(raw, raw)
            if kind in (Kind.SHORT, Kind.BODY):
                # Only markup, nothing a reader would see (share buttons as empty links, an image's
                # URL): furniture, however long its addresses make it. A row of stars stays a rule.
                kind = Kind.NAV
        else:
            kind = Kind.BOILER if common and fold_for_compare(clean) in common else classify(clean, raw)
        if heading and _BANNER.match(raw):
            kind = Kind.RULE  # "### Page title - Site ###": the banner the researcher typed over a page
        language = paragraph_language(clean[:2000])
        bullet = bool(_BULLET.match(raw)) and raw[:1] != "o"  # ("o" may be a word: "o Brasil")
        lines.append(Line(clean, start, end, kind, language, blank_before, heading, indent, bullet, gap))
    _join_split_headlines(lines)
    _keep_rare_wide_gaps(lines)
    _mark_page_rules(lines)
    _mark_menus(lines)
    _mark_alike_tails(lines)
    _mark_polls(lines)
    _mark_repeated_chrome(lines)
    _mark_repeated_blocks(lines)
    _mark_page_counters(lines)
    _mark_printer_breaks(lines)
    _mark_running_heads(lines)
    _mark_teaser_runs(lines)
    _mark_notice_tails(lines)
    _mark_record_headers(lines)
    _mark_forward_notes(lines)
    _mark_about_sections(lines)
    _mark_archive_toolbars(lines)
    _mark_post_headers(lines)
    _mark_page_posts(lines)
    _mark_sponsor_blocks(lines)
    _mark_numbered_sources(lines)
    _mark_forum_posts(lines)
    _mark_researcher_notes(lines)
    _mark_note_page_header(lines)
    _mark_pack_headings(lines)
    return lines


# A field of a saved page's record header: a browser's "Save as text", a clipper's, a notes app's, a mail
# export's or a scraper's ("Title: …", "URL: …", "Saved: 2025-10-28 22:41", "Subject: …", "tags: …")
RECORD_FIELD = re.compile(
    r"^(?:title|url|link|source|saved|clipped|created|fetched|retrieved|scraped|downloaded|captured"
    r"|accessed|archived|date|from|sent|to|cc|subject|tags|author|published|pubdate|posted|feed|channel|guid"
    r"|categories|text|body|العنوان|الرابط|المصدر|التاريخ|تاريخ النشر|الكاتب|النص|نص الخبر|نص المقال"
    r"|الموضوع|المرسل|تاريخ الإرسال|تاريخ الاطلاع|تاريخ الإطلاع|تاريخ الزيارة|تاريخ الحفظ"
    r"|date accessed|access date|accessed on|viewed on|من|إلى|الى|نسخة|نسخة إلى"
    # a reference manager's item (Zotero's "Item Type: Newspaper Article", "Publication: The Guardian")
    r"|item type|publication|publication title|website title|website type|blog title|short title|language"
    r"|library catalog|extra|abstract|rights|creator|editor|نوع العنصر|المنشور|اللغة|تاريخ الوصول)"
    r"\s*:(?:\s*\S|\s*$)",  # (a field the scraper left empty, "Date:", "النص:" over the text, is one too)
    re.IGNORECASE,
)
# The line a mail program writes over a forwarded or quoted message's header fields.
MAIL_OPENER = re.compile(
    r"^-{2,}\s*(?:original message|forwarded message|begin forwarded message|الرسالة الأصلية"
    r"|رسالة (?:أصلية|معاد توجيهها|محولة))\s*:?\s*-*$",
    re.IGNORECASE,
)
RECORD_MIN_FIELDS = 2
RECORD_MIN_BLOCKS = 2
# Telegram Desktop's copy of several messages: "Channel name, [16.06.24 21:40]" over each message.
MESSAGE_HEADER = re.compile(
    r"^[^\[\]\n]{1,80}, \[(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{2}|\d{4})"
    r"(?: \d{1,2}:\d{2}(?::\d{2})?)?\]$"
)
# A machine's timestamp, to the second ("2026-01-08T09:15:02", "08/01/2026 09:15:02"): exporters write
# them; publishers print no seconds.
MACHINE_STAMP = re.compile(
    r"(?<!\d)(?:\d{4}-\d{2}-\d{2}[T ]|\d{1,2}[./-]\d{1,2}[./-]\d{2,4},?\s)\d{2}:\d{2}:\d{2}(?!\d)"
)
STAMPED_HEADER_MAX_WORDS = 12
STAMPED_HEADER_MIN_REPEATS = 3
_DIGITS = re.compile(r"\d+")


def stamped_headers(lines: list[Line]) -> list[int]:
    """An export's header over each message or item ("#2214  2026-01-08T09:15:02  Channel"): a short
    line opening a block, holding a timestamp to the second, written at least three times in one file
    with nothing but its numbers changing. Its time says when the item was posted or shared."""
    found: dict[str, list[int]] = {}
    for k, line in enumerate(lines):
        if (k == 0 or line.blank_before) and len(line.text.split()) <= STAMPED_HEADER_MAX_WORDS and (
            MACHINE_STAMP.search(line.text)
        ):
            found.setdefault(_DIGITS.sub("0", line.text.strip()), []).append(k)
    return sorted(k for ks in found.values() if len(ks) >= STAMPED_HEADER_MIN_REPEATS for k in ks)


# A note the researcher typed over each page they pasted ("Note: check whether they appealed.")
RESEARCHER_NOTE = re.compile(r"^(?:note|my note|ملاحظة|ملاحظتي)\s*[:：]\s*\S", re.IGNORECASE)


def _mark_researcher_notes(lines: list[Line]) -> None:
    """Notes of the researcher's own, one over each page of the file, are its seams: the page's text
    starts under them. One such line alone is the article's own ("Note: this story was updated")."""
    notes = [k for k, line in enumerate(lines) if line.blank_before and RESEARCHER_NOTE.match(line.text)]
    if len(notes) < RECORD_MIN_BLOCKS or notes[0] != 0:
        return  # (the file opens with one: each page has its note over it, not under it)
    for k in notes:
        lines[k] = replace(lines[k], kind=Kind.RULE)


# The line OneNote writes under what was pasted or clipped into a page: where it came from.
CLIPPED_FROM = re.compile(
    r"^(?:pasted|clipped) from:?\s+<?(?:https?://|www\.)|^screen clipping taken\s*:", re.IGNORECASE
)
_LONE_CLOCK = re.compile(r"^\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?$", re.IGNORECASE)


def _mark_note_page_header(lines: list[Line]) -> None:
    """A notes app's page opens with its own title, the day and the time the page was made ("Kenya ports
    clippings" / "Monday, 14 October 2024" / "09:41"), over the pages pasted into it: the note's header,
    not the first page's headline and date. Only in a file that shows it is such a page (OneNote's
    "Pasted from <…>" under what was pasted)."""
    if len(lines) < 4 or not any(CLIPPED_FROM.match(line.text) for line in lines):
        return
    title, day, clock = lines[0], lines[1], lines[2]
    if (
        title.kind is Kind.SHORT and day.kind is Kind.DATE and not day.blank_before
        and _LONE_CLOCK.match(clock.text.strip()) and not clock.blank_before and lines[3].blank_before
    ):
        for k in range(3):
            lines[k] = replace(lines[k], kind=Kind.RULE)


_ORDINALS = (
    "الأول|الاول|الثاني|الثالث|الرابع|الخامس|السادس|السابع|الثامن|التاسع|العاشر|الحادي عشر|الثاني عشر"
)
# The heading a researcher typed over each page of a reading pack, numbering it and naming it: "Article 2
# of 5 – Headline", "Reading 3/6: Headline", "المقال الثالث: العنوان", "النص رقم 2 – العنوان".
PACK_HEADING = re.compile(
    r"^(?:(?i:article|reading|text|document|item|story|source)\s+(?:no\.?\s*|#\s*)?\d{1,3}\s*(?i:of|/)\s*\d{1,3}"
    r"|(?:المقال|المقالة|النص|الخبر|التقرير|القراءة|الوثيقة)\s+(?:رقم\s*)?"
    r"(?:" + _ORDINALS + r"|\d{1,3}|[٠-٩]{1,3})(?:\s+من\s+\S+)?)\s*[:：–—-]\s*\S"
)
PACK_MIN_HEADINGS = 2
CONTENTS_LABEL = re.compile(
    r"^(?:(?:table of )?contents|المحتويات|فهرس المحتويات|الفهرس|المحتوى)\s*:?$", re.IGNORECASE
)


def _mark_pack_headings(lines: list[Line]) -> None:
    """A reading pack's numbered headings (see ``PACK_HEADING``), two or more in one file, are its seams:
    the page under each keeps its own headline. (Its contents list, the same headings at the top, has no
    text between them and makes no page.)"""
    found = [k for k, line in enumerate(lines) if PACK_HEADING.match(line.text)]
    if len(found) < PACK_MIN_HEADINGS:
        return
    for k in found:
        lines[k] = replace(lines[k], kind=Kind.RULE)
    ends = [*found[1:], len(lines)]
    first = next((k for k, end in zip(found, ends, strict=True)
                  if any(lines[j].kind is Kind.BODY for j in range(k + 1, end))), None)
    if first is not None and any(CONTENTS_LABEL.match(lines[j].text) or j in found for j in range(first)):
        for j in range(first):  # the pack's cover: its title, compiler, contents list and a note on it
            if lines[j].kind is not Kind.RULE:
                lines[j] = replace(lines[j], kind=Kind.NAV)


def _mark_record_headers(lines: list[Line]) -> None:
    """Record headers, two fields or more on consecutive lines, that open several pages of one file
    are the exporter's, not the pages' text: seams (``Kind.RULE``), whose dates say when the page was
    saved or mailed, never when it was written. A markdown clip's "# Title" just above one is part of
    it. One such block alone is left as it is (an article may quote a memo's "From:" and "To:"). A chat
    app's message headers ("Channel, [16.06.24 21:40]") and an export's stamped item headers (see
    :func:`stamped_headers`) are such seams too, one line each."""
    blocks = [(k, k + 1) for k, line in enumerate(lines) if MESSAGE_HEADER.match(line.text)]
    if len(blocks) < RECORD_MIN_BLOCKS:
        blocks = []  # (one message alone: an article quoting a chat)
    blocks += [(k, k + 1) for k in stamped_headers(lines)]
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and RECORD_FIELD.match(lines[j].text) and (j == i or not lines[j].blank_before):
            j += 1
        if j - i >= RECORD_MIN_FIELDS:
            clip_title = i > 0 and lines[i - 1].heading == 1 and lines[i - 1].kind in (Kind.SHORT, Kind.NAV)
            mail = i > 0 and bool(MAIL_OPENER.match(lines[i - 1].text))  # "-----Original Message-----"
            first = i - 1 if clip_title or mail else i  # ("# Site » Blog Archive » Title": a breadcrumb)
            blocks.append((first, j))
        i = max(j, i + 1)
    if len(blocks) < RECORD_MIN_BLOCKS:
        return
    for first, end in blocks:
        for k in range(first, end):
            lines[k] = replace(lines[k], kind=Kind.RULE)


# A mail's subject when it forwards what it carries: "FW: …", "Fwd: …", "TR: …", "إعادة توجيه: …"
FORWARD_SUBJECT = re.compile(
    r"^(?:subject|الموضوع)\s*:\s*(?:(?:fw|fwd|tr|wg|rv|إعادة توجيه|توجيه)\s*:)", re.IGNORECASE
)
FORWARD_NOTE_LINES = 12  # a forwarder's note and signature, over the message forwarded under it
FORWARD_NOTE_WORDS = 40


def _mark_forward_notes(lines: list[Line]) -> None:
    """What a forwarder wrote over the message they forward ("For the heat/health folder.", their
    signature) is theirs, not the page's: between a forward's header and the forwarded message's own
    header, a few short lines are furniture, not an article of their own."""
    for i, line in enumerate(lines):
        if line.kind is not Kind.RULE or not FORWARD_SUBJECT.match(line.text):
            continue
        start = i + 1
        while start < len(lines) and lines[start].kind is Kind.RULE and RECORD_FIELD.match(lines[start].text):
            start += 1  # (the header's fields after the subject)
        end = next((k for k in range(start, min(len(lines), start + FORWARD_NOTE_LINES))
                    if lines[k].kind is Kind.RULE), None)
        if end is None or not _mail_header_at(lines, end) or any(
            lines[k].words > FORWARD_NOTE_WORDS for k in range(start, end)
        ):
            continue
        for k in range(start, end):
            lines[k] = replace(lines[k], kind=Kind.NAV)


def _mail_header_at(lines: list[Line], k: int) -> bool:
    """Does the forwarded message's own header start at line k ("-----Original Message-----", a rule
    of underscores over "From:", or "From:" itself)?"""
    window = [line.text for line in lines[k : k + 2]]
    return bool(MAIL_OPENER.match(window[0]) or _MAIL_FROM.match(window[0])
                or (len(window) > 1 and _UNDERSCORES.match(window[0]) and _MAIL_FROM.match(window[1])))


_MAIL_FROM = re.compile(r"^(?:from|من)\s*:\s*\S", re.IGNORECASE)


# A press release's closing section on who issued it: "About IDEX", "About the Coalition", "نبذة عن …"
ABOUT_HEADING = re.compile(
    r"^(?:about|نبذة عن|عن)\s+(?P<name>(?:the\s+)?[^\W\d_][\w&.'’/-]*(?:\s+[\w&.'’/-]+){0,6})\s*:?$",
    re.IGNORECASE,
)
ABOUT_PARAGRAPHS = 3
_ABOUT_OPENINGS = ("about", "نبذة", "عن ")
RELEASE_REACH = 60  # lines from a release's wire dateline to its "About …" section
# A press release's dateline or label: "NORTHBROOK, Ill.–(BUSINESS WIRE)–", "(GLOBE NEWSWIRE) --",
# "NEW YORK, Dec. 29, 2023 /PRNewswire/ --", "Press Release:", "بيان صحفي"
_WIRE_RELEASE = re.compile(
    r"\((?:business\s?wire|globe\s?newswire|marketwired|accesswire|newsfile)\)|/\s?(?:prnewswire|cnw)"
    r"(?:-\w+)?\s?/|^press release\b|^بيان صحفي|^news release\b",
    re.IGNORECASE,
)


def _mark_about_sections(lines: list[Line]) -> None:
    """A release's "About <Name>" heading over the paragraph in which <Name> describes itself
    ("IDEX (NYSE: IEX) is a company …"), under a wire release's dateline, is the issuer's boilerplate,
    reprinted under every release: furniture, the heading and up to three paragraphs under it."""
    if not any(line.text[:6].casefold().startswith(_ABOUT_OPENINGS) for line in lines):
        return  # (most files have no "About …" line: no need to look for a release's dateline)
    releases = [k for k, line in enumerate(lines) if _WIRE_RELEASE.search(line.text)]
    if not releases:
        return
    for i, line in enumerate(lines):
        m = ABOUT_HEADING.match(line.text) if line.kind is Kind.SHORT and line.words <= 8 else None
        if m is None or i + 1 >= len(lines) or not any(0 < i - k <= RELEASE_REACH for k in releases):
            continue  # (only under a release's dateline: "About Python" over an article's text is its own)
        name = m.group("name").split()
        first = name[1] if name[0].casefold() == "the" and len(name) > 1 else name[0]
        opening = lines[i + 1].text.split()[:3]
        if not any(fold_for_compare(w).startswith(fold_for_compare(first)) for w in opening if w):
            continue  # not the issuer speaking of itself
        lines[i] = replace(line, kind=Kind.NAV)
        for k in range(i + 1, min(len(lines), i + 1 + ABOUT_PARAGRAPHS)):
            if lines[k].kind is not Kind.BODY:
                break
            lines[k] = replace(lines[k], kind=Kind.NAV)


def _mark_archive_toolbars(lines: list[Line]) -> None:
    """A web archive's toolbar over the page it kept (:mod:`reader.ingest.archives`) is a seam: its
    lines open the page, and its dates say when the archive kept it."""
    openers = [k for k, line in enumerate(lines) if ARCHIVE_START.match(line.text)]
    texts = [line.text for line in lines] if openers else []
    for i in openers:
        for k in range(i, i + toolbar_lines(texts, i)):
            lines[k] = replace(lines[k], kind=Kind.RULE)


# A clippings document's numbered entry naming each page's site and address over it:
# "2. Global Pulse — https://wp.globalpulseonline.com/?p=217191" (never lynx's bare "2. https://…")
NUMBERED_SOURCE = re.compile(r"^(\d{1,3})[.)]\s+[^\s:/][^/]{0,80}?\s[—–:|-]\s*(?:https?://|www\.)\S+$")


def _mark_numbered_sources(lines: list[Line]) -> None:
    """Numbered entries that each name a page's site and address, counting up, with the page's text
    between them, are seams: each opens the page it names."""
    found = [(int(m.group(1)), i) for i, line in enumerate(lines) if (m := NUMBERED_SOURCE.match(line.text))]
    numbers = [n for n, _ in found]
    if len(found) < 2 or numbers != sorted(set(numbers)):
        return
    if any(b - a < 2 for (_, a), (_, b) in itertools.pairwise(found)):
        return  # a list of links, not pages under their names
    for _, i in found:
        lines[i] = replace(lines[i], kind=Kind.RULE)


# A forum thread's post header: its number ("#3"), when it was posted, the member's name, rank, join
# date and post count, each on its line ("Join Date: Mar 2014", "المشاركات: 4,512").
POST_NUMBER = re.compile(r"^(?:#|post\s*#|المشاركة\s*(?:رقم\s*)?#?)\s?(\d{1,5})$", re.IGNORECASE)
MEMBER_FIELD = re.compile(
    r"^(?:join(?:ed)?(?: date)?|posts|messages|reputation|location|تاريخ التسجيل|المشاركات|مشاركات|الإقامة"
    r"|الدولة|الجنس|العمر)\s*:\s*\S.{0,30}$",
    re.IGNORECASE,
)
POST_HEADER_LINES = 8
SIGNATURE_RULE = re.compile(r"^_{5,}$")


def _mark_forum_posts(lines: list[Line]) -> None:
    """A forum thread copied as text: each post's header (its number, posting time, the member's
    name and rank and counts) is a seam, whose time says when the member posted, not when the story
    they quote was written; a member's signature under its rule is furniture, however often quoted."""
    found = [
        (int(m.group(1)), i)
        for i, line in enumerate(lines)
        if (m := POST_NUMBER.match(line.text))
        and any(other.kind is Kind.DATE for other in lines[i + 1 : i + 3])
    ]
    numbers = [n for n, _ in found]
    if len(found) < 2 or numbers != sorted(set(numbers)):
        return
    for _, i in found:
        header = range(i + 1, min(len(lines), i + POST_HEADER_LINES))
        fields = [k for k in header if MEMBER_FIELD.match(lines[k].text)]
        posted = next(k for k in range(i + 1, i + 3) if lines[k].kind is Kind.DATE)
        end = 1 + (fields[-1] if fields else posted)
        for k in range(i, end):
            lines[k] = replace(lines[k], kind=Kind.RULE)
    for (_, i), (_, nxt) in itertools.pairwise(found):
        if not any(line.kind is Kind.BODY for line in lines[i:nxt]):  # a short reply: the thread's talk
            for k in range(i, nxt):
                if lines[k].kind is Kind.SHORT:
                    lines[k] = replace(lines[k], kind=Kind.NAV)
    for k in range(len(lines) - 1):
        if SIGNATURE_RULE.match(lines[k].text) and lines[k + 1].words <= POST_NAME_WORDS * 2:
            lines[k] = replace(lines[k], kind=Kind.NAV)
            lines[k + 1] = replace(lines[k + 1], kind=Kind.NAV)


# A social network's post copied from the browser opens with its author: a display name over an
# "@handle" line, then "·" and how long ago or on what day ("5h", "Oct 31").
HANDLE_LINE = re.compile(r"^@[A-Za-z0-9_]{1,15}$")
POST_STAMP = re.compile(
    r"^(?:·|\d{1,2}\s?[smhd]|\d{1,2}\s?(?:min|mins|hr|hrs)|[A-Z][a-z]{2} \d{1,2}(?:, \d{4})?"
    r"|\d{1,2} [A-Z][a-z]{2}(?: \d{4})?)$"
)
POST_NAME_WORDS = 6
POST_PAGE_WORDS = frozenset({"Post", "Conversation", "Tweet", "Thread", "منشور", "محادثة", "تغريدة"})
POST_MIN_HEADERS = 2  # one alone is an article quoting a post; two or more are copied posts
POST_STAMP_LINES = 3


def _mark_post_headers(lines: list[Line]) -> None:
    """Copied posts' author headers (a name, its "@handle", "· 5h") are seams: each opens a post, and
    the day in it says when the post went up, not when the story it carries was written."""
    heads = [
        i
        for i in range(1, len(lines))
        if HANDLE_LINE.match(lines[i].text)
        and not lines[i].blank_before
        and lines[i - 1].words <= POST_NAME_WORDS
        and not HANDLE_LINE.match(lines[i - 1].text)
        and (
            (i + 1 < len(lines) and lines[i + 1].text == "·")
            or any(line.text in POST_PAGE_WORDS for line in lines[max(0, i - 4) : i - 1])
        )
    ]  # (an author box's name, "@handle" and date is a byline: no "·" under it, no "Post" over it)
    if len(heads) < POST_MIN_HEADERS:
        return
    for i in heads:
        end = i + 1
        while end < len(lines) and end - i <= POST_STAMP_LINES and POST_STAMP.match(lines[end].text):
            end += 1
        for k in range(i - 1, end):
            lines[k] = replace(lines[k], kind=Kind.RULE)


# An advertiser's block between two rules in a newsletter: "SPONSORED", "Advertisement", "محتوى ممول"
SPONSOR_LABEL = re.compile(
    r"^(?:sponsored(?: content| by .{1,40})?|advertisement|paid (?:post|content|partnership)|promoted"
    r"|إعلان|محتوى (?:مدفوع|ممول|برعاية)|برعاية)\s*:?$",
    re.IGNORECASE,
)
SPONSOR_BLOCK_LINES = 6


def _mark_sponsor_blocks(lines: list[Line]) -> None:
    """A sponsor's block that a newsletter sets between two rules, opened by its label, is an ad:
    furniture, not a story of the issue."""
    for i, line in enumerate(lines):
        if not (i and lines[i - 1].kind is Kind.RULE and SPONSOR_LABEL.match(line.text)):
            continue
        end = next((k for k in range(i + 1, min(len(lines), i + 1 + SPONSOR_BLOCK_LINES))
                    if lines[k].kind is Kind.RULE), None)
        if end is None:
            continue
        for k in range(i, end):
            lines[k] = replace(lines[k], kind=Kind.NAV)


# A social page's post stamp under the page's name: "March 23, 2020  ·", "5h  ·", "أمس الساعة ١٠:١٥ م  ·"
PAGE_POST_STAMP = re.compile(
    r"^(?=[^\n]*(?:\d|أمس|yesterday|just now|الآن))[^\n]{1,40}?\s·\s*[🌐👥🔒]?$", re.IGNORECASE
)
PAGE_NAME_WORDS = 6


def _mark_page_posts(lines: list[Line]) -> None:
    """Posts copied from a news outlet's page on a social network each open with the page's name over
    the post's stamp ("KCAU 9 News" / "March 23, 2020  ·"): the name is a seam (two such headers in a
    file at least), the stamp the post's date line."""
    heads = [
        i for i in range(len(lines) - 1)
        if "·" in lines[i + 1].text and PAGE_POST_STAMP.match(lines[i + 1].text)
        and not lines[i + 1].blank_before and 0 < lines[i].words <= PAGE_NAME_WORDS
        and not lines[i].text.endswith(_SENTENCE_END)
    ]
    if len(heads) < POST_MIN_HEADERS:
        return
    for i in heads:
        lines[i] = replace(lines[i], kind=Kind.RULE)
        if lines[i + 1].kind is not Kind.DATE:
            lines[i + 1] = replace(lines[i + 1], kind=Kind.NAV)  # ("5h  ·": when, but no day)


NOTICE_MIN_WORDS = 3
NOTICE_TAIL_WORDS = 10


def _mark_notice_tails(lines: list[Line]) -> None:
    """A notice cut over two lines ("Please upgrade your browser" / "and improve your visit to our
    site."): the lower-case rest, stuck under it, is furniture too. (A one-word "Advertisement" may
    cut a paragraph in two; what follows it is text, and is left alone.)"""
    for k in range(1, len(lines)):
        above, line = lines[k - 1], lines[k]
        if (
            above.kind is Kind.BOILER
            and above.words >= NOTICE_MIN_WORDS
            and not above.text.rstrip().endswith((".", "!", "?", "؟"))
            and not line.blank_before
            and line.kind in (Kind.BODY, Kind.SHORT)
            and line.words <= NOTICE_TAIL_WORDS
            and line.text[:1].islower()
        ):
            lines[k] = replace(line, kind=Kind.BOILER)
