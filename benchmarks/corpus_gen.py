"""Synthetic English/Arabic news corpus for benchmarks (search, ingest).

Why synthetic: the bundled corpus is five files, far too small to measure an index, and real scraped
corpora cannot ship with the repository. The generator imitates what matters for speed and for
behaviour: one article per ``.txt`` file with a title line, a date line in the styles scrapers
produce (``Saturday, 04 April 2020`` or ``السبت 14 آذار 2020``), then paragraphs; a Zipf-shaped
vocabulary with a long tail (so the lexicon grows with the corpus as a real one does); the same names
in several spellings (Hezbollah / Hizballah / Kata'ib Hezbollah / كتائب حزب الله ...); and a share of
Arabic articles, some of them with diacritics (vowelled), which the tokenizer must keep whole.

Deterministic: the same ``seed`` gives byte-identical files, so benchmark runs are comparable.

    python benchmarks/corpus_gen.py OUT_DIR 1000 --seed 0
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import itertools
import math
import random
import sys
from pathlib import Path


def _words(text: str) -> list[str]:
    return text.split()


# --- English -------------------------------------------------------------------------------------

_EN_COMMON = _words(
    """
the of and to in a that for on is was with by as said it at from his has have be are not were an
this which but after had they its been their who will would also about more one two three over than
other into when government officials security forces attack attacks military minister prime
president people state states country year years week month new last first against between during
under while since before some most all could there what where because however according statement
group groups forces militia militias strikes airstrike airstrikes base bases killed wounded injured
soldiers troops embassy protest protesters protests political parliament election elections vote
region regional international foreign policy sanctions oil economy economic crisis war peace talks
negotiations agreement withdrawal presence occupation resistance factions leaders leader commander
spokesman source sources reported reports media news agency told added stated confirmed denied
claimed announced warned called urged demanded rejected accused blamed condemned responded response
drone drones rocket rockets missile missiles convoy checkpoint border city capital province
district camp operation operations campaign offensive retaliation escalation tensions threat
threats sovereignty interference influence support backed allied allies coalition alliance partners
Washington Tehran Baghdad Beirut Damascus Gaza Israel Iraq Iran Syria Lebanon Yemen Saudi Kuwait
Jordan Turkey Russia American Iranian Iraqi Syrian Lebanese Israeli Kurdish Sunni Shia Shiite
Pentagon Congress Senate administration ministry council committee court judge law rights human
civilians residents families children women men victims hospital aid humanitarian refugees
displaced water electricity fuel prices currency dinar dollar budget salaries workers unemployment
corruption reform reforms demonstrations square street streets night morning evening day days hours
minutes officials official spokesperson analyst analysts experts observers sources diplomatic
diplomat ambassador delegation visit meeting meetings summit conference talks phone call letter
decision decisions plan plans strategy strategic tactical intelligence surveillance investigation
arrested detained released prisoners hostage hostages kidnapped assassination assassinated funeral
mourning martyrs martyr fighters fighter battalion brigade brigades units unit division
headquarters
"""
)

_EN_NAMES = [
    # (canonical-ish spelling first; the generator picks any spelling)
    ["Hezbollah", "Hizballah", "Hizbullah", "Hizbollah", "Hezbullah"],
    ["Kata'ib Hezbollah", "Kataib Hezbollah", "Kata’ib Hizbullah", "Kataeb Hezbollah",
     "Kataib Hizballah", "Katai'b Hezbollah"],
    ["Qassem Soleimani", "Qasem Soleimani", "Qassim Suleimani", "Ghasem Soleimani"],
    ["Hassan Nasrallah", "Hasan Nasrallah", "Hassan Nasrullah"],
    ["Abu Mahdi al-Muhandis", "Abu Mahdi al-Mohandes", "Abu Mahdi Al Muhandis"],
    ["Mustafa al-Kadhimi", "Mustafa Al-Kazemi", "Mustafa al-Kazimi", "Moustafa Kadhimi"],
    ["Popular Mobilization Forces", "Popular Mobilisation Units", "Hashd al-Shaabi", "PMF", "PMU"],
    ["Asa'ib Ahl al-Haq", "Asaib Ahl al-Haq", "Asa’ib Ahl al Haq"],
    ["Muqtada al-Sadr", "Moqtada al-Sadr", "Muqtada Sadr"],
    ["Adel Abdul-Mahdi", "Adil Abdul Mahdi", "Adel Abd al-Mahdi"],
    ["Islamic Revolutionary Guard Corps", "IRGC", "Revolutionary Guards", "Quds Force"],
    ["Islamic State", "ISIS", "ISIL", "Daesh"],
]

_EN_OUTLETS = ["Al Mayadeen", "The Cradle", "Al-Monitor", "Press TV", "Rudaw", "Shafaq News",
               "Middle East Eye", "Asharq Al-Awsat", "Reuters", "AFP"]

_EN_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]

_SYLLABLES = [c + v for c in "bdfghklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]

# --- Arabic --------------------------------------------------------------------------------------

_AR_COMMON = _words(
    """
في من على إلى أن عن مع التي الذي هذا هذه كان قد لا ما بعد قبل بين حول خلال ضد عند منذ حتى كما قال
وقال أكد وأكد أعلن وأعلن أشار وأضاف أوضح نفى اتهم طالب حذر دعا رفض أدان الحكومة الوزير رئيس الوزراء
الرئيس الدولة البلاد العراق إيران سوريا لبنان اليمن السعودية الكويت واشنطن طهران بغداد بيروت دمشق
غزة إسرائيل الأمريكية الأميركية الإيرانية العراقية السورية اللبنانية القوات الأمن الأمنية العسكرية
الجيش قوات قاعدة القاعدة قواعد هجوم الهجوم هجمات الهجمات غارة غارات صواريخ صاروخ طائرة مسيرة
المسيرة الطائرات قتلى جرحى مقتل إصابة الجنود عناصر مقاتلين الشهداء شهيد السفارة المتظاهرين
التظاهرات الاحتجاجات البرلمان مجلس النواب الانتخابات الأحزاب الكتل السياسية المقاومة الفصائل فصائل
الاحتلال الانسحاب الوجود السيادة التدخل النفوذ الدعم التحالف الدولي المتحدث باسم مصادر مصدر وكالة
الأنباء بيان البيان تصريح تصريحات مؤتمر صحفي اجتماع زيارة لقاء الاقتصاد النفط العقوبات الأزمة الحرب
السلام المفاوضات الاتفاق الاتفاقية المنطقة الإقليمية الدولية المدنيين السكان الأهالي العائلات
الأطفال النساء الضحايا المستشفى المساعدات النازحين اللاجئين الكهرباء الماء الوقود الأسعار الدينار
الدولار الموازنة الرواتب الفساد الإصلاح الشارع الساحة اليوم أمس الليلة صباح مساء الأسبوع الشهر
العام السنة الماضي المقبل الجاري الأول الثاني الثالث عملية العملية عمليات الحملة التصعيد التوتر
التهديد التهديدات الرد الانتقام الاستهداف استهداف
"""
)

_AR_NAMES = [
    ["حزب الله", "حزب اللّه", "حزب الله اللبناني"],
    ["كتائب حزب الله", "كتائب حزب اللّه"],
    ["قاسم سليماني", "قاسم سلیمانی", "الحاج قاسم سليماني"],
    ["حسن نصر الله", "حسن نصرالله", "السيد حسن نصر الله"],
    ["أبو مهدي المهندس", "ابو مهدي المهندس"],
    ["مصطفى الكاظمي", "مصطفي الكاظمي"],
    ["الحشد الشعبي", "هيئة الحشد الشعبي"],
    ["عصائب أهل الحق", "عصائب اهل الحق"],
    ["مقتدى الصدر", "السيد مقتدى الصدر"],
    ["عادل عبد المهدي", "عادل عبدالمهدي"],
    ["الحرس الثوري", "الحرس الثوري الإيراني", "فيلق القدس"],
    ["داعش", "تنظيم داعش", "الدولة الإسلامية"],
]

_AR_OUTLETS = ["الميادين", "المنار", "السومرية نيوز", "شفق نيوز", "الأخبار", "العربي الجديد"]

_AR_WEEKDAYS = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
_AR_MONTHS_LEVANT = ["كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب",
                     "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"]
_AR_MONTHS_EGYPT = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
                    "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]

_AR_LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
_AR_PATTERNS = ["{0}{1}{2}", "ال{0}{1}ا{2}", "م{0}{1}و{2}", "ت{0}{1}ي{2}", "ال{0}ا{1}{2}",
                "{0}{1}ي{2}ة", "است{0}{1}ا{2}", "م{0}ا{1}{2}", "ال{0}{1}{2}ية", "ي{0}{1}{2}ون"]
_AR_PREFIXES = ["", "", "", "", "و", "ب", "ل", "ف"]
_HARAKAT = ["\u064e", "\u0650", "\u064f", "\u0652"]  # fatha, kasra, damma, sukun
_SHADDA = "\u0651"


def _zipf_cdf(n: int, s: float = 1.07) -> list[float]:
    weights = [1.0 / (rank ** s) for rank in range(1, n + 1)]
    total = sum(weights)
    return list(itertools.accumulate(w / total for w in weights))


class _Vocab:
    """Common words head, synthesised long tail, picked with a Zipf law (like real news text)."""

    def __init__(self, head: list[str], tail: list[str]) -> None:
        self.words = head + tail
        self.cdf = _zipf_cdf(len(self.words))

    def pick(self, rng: random.Random) -> str:
        return self.words[min(bisect.bisect_left(self.cdf, rng.random()), len(self.words) - 1)]


def _english_tail(rng: random.Random, n: int) -> list[str]:
    seen: set[str] = set(_EN_COMMON)
    tail: list[str] = []
    while len(tail) < n:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3, 3, 4))))
        word += rng.choice(("", "", "s", "ed", "ing", "ation", "ist", "ly"))
        if word not in seen:
            seen.add(word)
            tail.append(word.capitalize() if rng.random() < 0.12 else word)
    return tail


def _arabic_tail(rng: random.Random, n: int) -> list[str]:
    seen: set[str] = set(_AR_COMMON)
    tail: list[str] = []
    while len(tail) < n:
        root = [rng.choice(_AR_LETTERS) for _ in range(3)]
        word = rng.choice(_AR_PATTERNS).format(*root)
        if word not in seen:
            seen.add(word)
            tail.append(word)
    return tail


def _vowel(word: str, rng: random.Random) -> str:
    """Add diacritics to most letters, as in religious or educational Arabic text."""
    out: list[str] = []
    for ch in word:
        out.append(ch)
        if "\u0621" <= ch <= "\u064a" and ch not in "اىء" and rng.random() < 0.8:
            if rng.random() < 0.08:
                out.append(_SHADDA)
            out.append(rng.choice(_HARAKAT))
    return "".join(out)


class _Writer:
    def __init__(self, rng: random.Random, vocab_size: int) -> None:
        self.rng = rng
        self.en = _Vocab(_EN_COMMON, _english_tail(rng, vocab_size))
        self.ar = _Vocab(_AR_COMMON, _arabic_tail(rng, vocab_size))

    # English ---------------------------------------------------------------------------------

    def en_sentence(self) -> str:
        rng = self.rng
        words = [self.en.pick(rng) for _ in range(rng.randint(8, 28))]
        if rng.random() < 0.45:
            words.insert(rng.randrange(len(words)), rng.choice(rng.choice(_EN_NAMES)))
        if rng.random() < 0.1:
            words.insert(rng.randrange(len(words)), str(rng.randint(2, 500)))
        text = " ".join(words)
        text = text[0].upper() + text[1:]
        if rng.random() < 0.15:
            text = f"{text}, “{self.en.pick(rng)} {self.en.pick(rng)} {self.en.pick(rng)}”"
        return text + rng.choice((".", ".", ".", ".", "?", "!"))

    def en_article(self, n_words: int, year: int, month: int, day: int) -> str:
        rng = self.rng
        title_words = [self.en.pick(rng) for _ in range(rng.randint(5, 12))]
        title_words.insert(rng.randrange(len(title_words)), rng.choice(rng.choice(_EN_NAMES)))
        title = " ".join(w.capitalize() if len(w) > 3 else w for w in title_words)
        weekday = _EN_WEEKDAYS[_weekday(year, month, day)]
        style = rng.random()
        if style < 0.5:
            dateline = f"{weekday}, {day:02d} {_EN_MONTHS[month - 1]} {year}"
        elif style < 0.8:
            dateline = f"{weekday} {day} {_EN_MONTHS[month - 1]} {year} - {rng.randint(0, 23):02d}:" \
                       f"{rng.randint(0, 59):02d}"
        else:
            dateline = f"{_EN_MONTHS[month - 1]} {day}, {year}"
        lines = [title, dateline]
        if rng.random() < 0.4:
            lines.append(f"By {rng.choice(_EN_OUTLETS)} staff")
        lines.append("")
        lines.extend(self._paragraphs(n_words, self.en_sentence))
        return "\n".join(lines) + "\n"

    # Arabic ----------------------------------------------------------------------------------

    def ar_word(self, vowelled: bool) -> str:
        word = self.ar.pick(self.rng)
        if not word.startswith(("و", "ب", "ل", "ف")) and self.rng.random() < 0.25:
            word = self.rng.choice(_AR_PREFIXES) + word
        return _vowel(word, self.rng) if vowelled else word

    def ar_sentence(self, vowelled: bool) -> str:
        rng = self.rng
        words = [self.ar_word(vowelled) for _ in range(rng.randint(8, 26))]
        if rng.random() < 0.45:
            name = rng.choice(rng.choice(_AR_NAMES))
            words.insert(rng.randrange(len(words)), _vowel(name, rng) if vowelled else name)
        if rng.random() < 0.05:
            words.insert(rng.randrange(len(words)), rng.choice(rng.choice(_EN_NAMES)))
        if rng.random() < 0.1:
            words.insert(rng.randrange(len(words)), str(rng.randint(2, 500)))
        text = " ".join(words)
        if rng.random() < 0.15:
            text = f"{text}، «{self.ar_word(vowelled)} {self.ar_word(vowelled)}»"
        return text + rng.choice(("،", ".", ".", ".", "؟"))

    def ar_article(self, n_words: int, year: int, month: int, day: int, vowelled: bool) -> str:
        rng = self.rng
        title_words = [self.ar_word(vowelled) for _ in range(rng.randint(5, 11))]
        name = rng.choice(rng.choice(_AR_NAMES))
        title_words.insert(rng.randrange(len(title_words)), name)
        weekday = _AR_WEEKDAYS[_weekday(year, month, day)]
        months = _AR_MONTHS_LEVANT if rng.random() < 0.6 else _AR_MONTHS_EGYPT
        lines = [" ".join(title_words), f"{weekday} {day} {months[month - 1]} {year}"]
        if rng.random() < 0.3:
            lines.append(rng.choice(_AR_OUTLETS))
        lines.append("")
        lines.extend(self._paragraphs(n_words, lambda: self.ar_sentence(vowelled)))
        return "\n".join(lines) + "\n"

    # Shared ----------------------------------------------------------------------------------

    def _paragraphs(self, n_words: int, sentence) -> list[str]:
        out: list[str] = []
        count = 0
        while count < n_words:
            para = " ".join(sentence() for _ in range(self.rng.randint(1, 5)))
            count += para.count(" ") + 1
            out.append(para)
            out.append("")
        return out


def _weekday(year: int, month: int, day: int) -> int:
    import datetime

    return datetime.date(year, month, day).weekday()


def _log_uniform(rng: random.Random, lo: int, hi: int) -> int:
    """Article lengths: many short pieces, a few long ones (log-uniform, like news sites)."""
    return int(math.exp(rng.uniform(math.log(max(lo, 1)), math.log(max(hi, lo + 1)))))


def generate_corpus(
    folder: str | Path,
    n_articles: int,
    seed: int = 0,
    arabic_ratio: float = 0.3,
    vowelled_ratio: float = 0.2,
    words: tuple[int, int] = (300, 3000),
) -> int:
    """Write ``n_articles`` files into ``folder`` and return the number of bytes written.

    ``arabic_ratio`` of the articles are Arabic; ``vowelled_ratio`` of those carry diacritics.
    Article lengths (in words) are log-uniform within ``words``. Dates run 2019-06 .. 2024-06.
    File names look like the scraper's: ``00042_<16 hex>.txt``.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    vocab_size = max(2000, min(60000, n_articles * 8))
    writer = _Writer(rng, vocab_size)
    total = 0
    import datetime

    first = datetime.date(2019, 6, 1).toordinal()
    last = datetime.date(2024, 6, 30).toordinal()
    for i in range(n_articles):
        day = datetime.date.fromordinal(rng.randint(first, last))
        n_words = _log_uniform(rng, words[0], words[1])
        if rng.random() < arabic_ratio:
            vowelled = rng.random() < vowelled_ratio
            text = writer.ar_article(n_words, day.year, day.month, day.day, vowelled)
        else:
            text = writer.en_article(n_words, day.year, day.month, day.day)
        data = text.encode("utf-8")
        digest = hashlib.sha1(data).hexdigest()[:16]
        (out / f"{i:05d}_{digest}.txt").write_bytes(data)
        total += len(data)
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("n_articles", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--arabic-ratio", type=float, default=0.3)
    parser.add_argument("--vowelled-ratio", type=float, default=0.2)
    args = parser.parse_args(argv)
    size = generate_corpus(args.folder, args.n_articles, seed=args.seed,
                           arabic_ratio=args.arabic_ratio, vowelled_ratio=args.vowelled_ratio)
    print(f"wrote {args.n_articles} articles, {size / 1e6:.1f} MB to {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
