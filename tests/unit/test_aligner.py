"""Paragraph alignment: recovers merges, splits and one-sided paragraphs; never loses a paragraph.

The synthetic text below is a news report written for this test in English and in Arabic, one
list of sentences per paragraph, so that paragraphs can be merged and split at sentence boundaries
while the true grouping stays known. The gold test runs over the hand-aligned real pairs of the
bundled corpus (``tests/data/alignments/*.json``).
"""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.align.aligner import align, alignment_json, group_accuracy, numbers_in, paragraph_features
from reader.text.names import AliasTable
from tests.conftest import CORPUS, DATA

# (English sentences, Arabic sentences) per paragraph.
PARALLEL: list[tuple[list[str], list[str]]] = [
    (
        ["Rockets struck Camp Taji, north of Baghdad, on Wednesday evening, killing two American "
         "soldiers and a British medic.",
         "At least 14 other people were wounded, according to a statement from the US-led coalition."],
        ["سقطت صواريخ على معسكر التاجي شمالي بغداد مساء الأربعاء، ما أدى إلى مقتل جنديين أميركيين "
         "ومسعفة بريطانية.",
         "وأصيب 14 شخصاً آخرون على الأقل، بحسب بيان صادر عن التحالف الدولي بقيادة الولايات المتحدة."],
    ),
    (
        ["The coalition said 18 Katyusha rockets had been fired from a truck parked near the village "
         "of Rashidiya.",
         "Iraqi security forces later found the launcher and 9 rockets that had failed to fire."],
        ["وقال التحالف إن 18 صاروخ كاتيوشا أُطلقت من شاحنة كانت متوقفة قرب قرية الراشدية.",
         "وعثرت القوات الأمنية العراقية لاحقاً على منصة الإطلاق و9 صواريخ لم تنطلق."],
    ),
    (
        ["Less than 24 hours later, American aircraft struck five weapons depots belonging to "
         "Kata'ib Hezbollah near Karbala and in Jurf al-Sakhar."],
        ["وبعد أقل من 24 ساعة، قصفت طائرات أميركية خمسة مخازن أسلحة تابعة لكتائب حزب الله قرب كربلاء "
         "وفي جرف الصخر."],
    ),
    (
        ["The Pentagon said the strikes were \"defensive, proportionate and fully consistent with "
         "international law\".",
         "Defence Secretary Mark Esper told reporters that Washington would not tolerate attacks on "
         "its troops."],
        ["وقالت وزارة الدفاع الأميركية (البنتاغون) إن الضربات كانت «دفاعية ومتناسبة ومنسجمة تماماً مع "
         "القانون الدولي».",
         "وقال وزير الدفاع مارك إسبر للصحافيين إن واشنطن لن تتسامح مع الهجمات على قواتها."],
    ),
    (
        ["The Iraqi Joint Operations Command condemned the raids as a \"flagrant aggression\" that "
         "killed three soldiers, two policemen and a civilian worker at the unfinished Karbala airport."],
        ["ونددت قيادة العمليات المشتركة العراقية بالغارات ووصفتها بأنها «اعتداء سافر» أدى إلى مقتل ثلاثة "
         "جنود وشرطيين وعامل مدني في مطار كربلاء قيد الإنشاء."],
    ),
    (
        ["Prime Minister Adel Abdul Mahdi, who has led a caretaker government since December, called "
         "the American response a violation of Iraqi sovereignty.",
         "His office said the foreign ministry would file a complaint with the United Nations Security "
         "Council."],
        ["ووصف رئيس الوزراء عادل عبد المهدي، الذي يقود حكومة تصريف أعمال منذ كانون الأول/ديسمبر، الرد "
         "الأميركي بأنه انتهاك للسيادة العراقية.",
         "وقال مكتبه إن وزارة الخارجية ستقدم شكوى إلى مجلس الأمن الدولي التابع للأمم المتحدة."],
    ),
    (
        ["The foreign ministry also summoned the American ambassador, Matthew Tueller, and the British "
         "ambassador, Stephen Hickey."],
        ["كما استدعت وزارة الخارجية السفير الأميركي ماثيو تولر والسفير البريطاني ستيفن هيكي."],
    ),
    (
        ["Kata'ib Hezbollah denied any role in the attack on Camp Taji.",
         "A previously unknown group calling itself Usbat al-Tha'ireen claimed responsibility in a "
         "video posted on Telegram on March 14."],
        ["ونفت كتائب حزب الله أي دور لها في الهجوم على معسكر التاجي.",
         "وتبنّت جماعة غير معروفة سابقاً تطلق على نفسها اسم عصبة الثائرين المسؤولية في مقطع مصور نُشر "
         "على تطبيق تلغرام في 14 آذار/مارس."],
    ),
    (
        ["The video showed what the group said was footage of the launch, with the time stamp 19:40."],
        ["وأظهر المقطع ما قالت الجماعة إنه لقطات لعملية الإطلاق، مع توقيت يشير إلى الساعة 19:40."],
    ),
    (
        ["The attack was the 22nd against bases hosting American troops since the end of October, "
         "according to a count by the coalition."],
        ["وكان الهجوم الثاني والعشرين على قواعد تستضيف قوات أميركية منذ نهاية تشرين الأول/أكتوبر، وفقاً "
         "لإحصاء أجراه التحالف."],
    ),
    (
        ["About 5,200 American troops are stationed in Iraq to train local forces and fight the "
         "remnants of ISIS.",
         "Parliament voted on January 5 to expel them after the killing of Qassem Soleimani and Abu "
         "Mahdi al-Muhandis near Baghdad airport."],
        ["ويتمركز نحو 5200 جندي أميركي في العراق لتدريب القوات المحلية ومحاربة فلول تنظيم داعش.",
         "وكان البرلمان قد صوّت في 5 كانون الثاني/يناير على إخراجهم بعد اغتيال قاسم سليماني وأبو مهدي "
         "المهندس قرب مطار بغداد."],
    ),
    (
        ["Soleimani commanded the Quds Force of Iran's Revolutionary Guards; al-Muhandis was deputy "
         "head of the Popular Mobilization Units."],
        ["وكان سليماني يقود فيلق القدس التابع للحرس الثوري الإيراني، فيما كان المهندس نائب رئيس هيئة "
         "الحشد الشعبي."],
    ),
    (
        ["On Friday, the coalition said a second attack had hit Camp Taji, wounding three coalition "
         "soldiers and two Iraqi servicemen.",
         "More than 25 rockets were fired, the Iraqi military said."],
        ["ويوم الجمعة، أعلن التحالف أن هجوماً ثانياً استهدف معسكر التاجي، ما أدى إلى إصابة ثلاثة من جنود "
         "التحالف وعسكريين عراقيين اثنين.",
         "وقال الجيش العراقي إن أكثر من 25 صاروخاً أُطلقت."],
    ),
    (
        ["Hadi al-Amiri, the head of the Fatah parliamentary bloc, warned that the American strikes "
         "would push the country towards open confrontation."],
        ["وحذّر هادي العامري، رئيس كتلة الفتح النيابية، من أن الضربات الأميركية ستدفع البلاد نحو مواجهة "
         "مفتوحة."],
    ),
    (
        ["Muqtada al-Sadr urged all sides to show restraint and called on the government to speed up "
         "talks on a timetable for the withdrawal of foreign forces."],
        ["ودعا مقتدى الصدر جميع الأطراف إلى ضبط النفس، وطالب الحكومة بتسريع المحادثات بشأن جدول زمني "
         "لانسحاب القوات الأجنبية."],
    ),
    (
        ["In Tehran, a foreign ministry spokesman said the United States should \"respect the will of "
         "the Iraqi people\" and leave the region."],
        ["وفي طهران، قال متحدث باسم وزارة الخارجية إن على الولايات المتحدة «احترام إرادة الشعب العراقي» "
         "ومغادرة المنطقة."],
    ),
    (
        ["The coalition announced on March 17 that it would withdraw from Qaim, on the Syrian border, "
         "and hand the base over to the Iraqi army.",
         "Further handovers of bases in Kirkuk and Mosul are expected in the coming weeks."],
        ["وأعلن التحالف في 17 آذار/مارس أنه سينسحب من القائم على الحدود السورية ويسلّم القاعدة إلى "
         "الجيش العراقي.",
         "ومن المتوقع تسليم قواعد أخرى في كركوك والموصل خلال الأسابيع المقبلة."],
    ),
    (
        ["Officials said the moves had been planned for months and were not a response to the rocket "
         "attacks.",
         "They said the campaign against ISIS no longer required a large foreign presence."],
        ["وقال مسؤولون إن هذه الخطوات كانت مقررة منذ أشهر ولا علاقة لها بالهجمات الصاروخية.",
         "وأضافوا أن الحملة ضد داعش لم تعد تتطلب وجوداً أجنبياً كبيراً."],
    ),
    (
        ["The spread of the coronavirus has also led the coalition to suspend training for 60 days."],
        ["كما دفع تفشي فيروس كورونا التحالف إلى تعليق التدريب لمدة 60 يوماً."],
    ),
    (
        ["Iraq's health ministry has reported 124 cases and 10 deaths, most of them in Najaf, Baghdad "
         "and Basra."],
        ["وأعلنت وزارة الصحة العراقية تسجيل 124 إصابة و10 وفيات، معظمها في النجف وبغداد والبصرة."],
    ),
    (
        ["President Barham Salih on Tuesday named Adnan al-Zurfi, a former governor of Najaf, as "
         "prime minister-designate."],
        ["وكلّف رئيس الجمهورية برهم صالح يوم الثلاثاء محافظ النجف السابق عدنان الزرفي بتشكيل الحكومة."],
    ),
    (
        ["Zurfi has 30 days to form a cabinet and win a vote of confidence in the 329-seat parliament.",
         "Several Shia blocs, including Fatah, have already said they reject his nomination."],
        ["وأمام الزرفي 30 يوماً لتشكيل حكومة ونيل ثقة البرلمان المؤلف من 329 مقعداً.",
         "وقد أعلنت كتل شيعية عدة، بينها تحالف الفتح، رفضها لترشيحه."],
    ),
    (
        ["Analysts said the rocket attacks were designed to raise the cost of the American presence "
         "without provoking a full-scale war."],
        ["ورأى محللون أن الهجمات الصاروخية تهدف إلى رفع كلفة الوجود الأميركي من دون استدراج حرب شاملة."],
    ),
    (
        ["\"The factions want to show that they can strike at will,\" said Hisham al-Hashimi, a "
         "Baghdad-based security expert.",
         "\"But they also know that Washington's patience is limited.\""],
        ["وقال الخبير الأمني المقيم في بغداد هشام الهاشمي: «الفصائل تريد أن تظهر أنها قادرة على الضرب "
         "متى شاءت».",
         "وأضاف: «لكنها تعلم أيضاً أن صبر واشنطن محدود»."],
    ),
    (
        ["In January, Iran fired more than a dozen ballistic missiles at Ain al-Asad air base in Anbar "
         "province.",
         "More than 100 American service members were later diagnosed with traumatic brain injuries."],
        ["وفي كانون الثاني/يناير، أطلقت إيران أكثر من عشرة صواريخ باليستية على قاعدة عين الأسد الجوية في "
         "محافظة الأنبار.",
         "وشُخّصت لاحقاً إصابة أكثر من 100 عسكري أميركي بارتجاج في الدماغ."],
    ),
    (
        ["The Pentagon has since sent Patriot air defence batteries to Ain al-Asad and to Erbil, in "
         "the Kurdistan region."],
        ["ومنذ ذلك الحين أرسل البنتاغون بطاريات دفاع جوي من طراز باتريوت إلى عين الأسد وإلى أربيل في "
         "إقليم كردستان."],
    ),
    (
        ["Secretary of State Mike Pompeo spoke by telephone with Abdul Mahdi on Thursday and said "
         "those responsible for the attacks must be held accountable."],
        ["وأجرى وزير الخارجية الأميركي مايك بومبيو اتصالاً هاتفياً مع عبد المهدي يوم الخميس، وقال إنه "
         "يجب محاسبة المسؤولين عن الهجمات."],
    ),
    (
        ["Abdul Mahdi replied that Iraq would not allow its territory to become a battlefield for "
         "regional and international conflicts."],
        ["وردّ عبد المهدي بأن العراق لن يسمح بأن تصبح أراضيه ساحة للصراعات الإقليمية والدولية."],
    ),
    (
        ["Oil prices fell below $30 a barrel on Monday, deepening the financial crisis of a "
         "government that relies on crude sales for more than 90 percent of its revenue."],
        ["وتراجعت أسعار النفط إلى ما دون 30 دولاراً للبرميل يوم الاثنين، ما عمّق الأزمة المالية لحكومة "
         "تعتمد على مبيعات الخام لتأمين أكثر من 90 في المئة من إيراداتها."],
    ),
    (
        ["The finance ministry warned that it may struggle to pay the salaries of some 4.5 million "
         "public employees in April."],
        ["وحذّرت وزارة المالية من أنها قد تواجه صعوبة في دفع رواتب نحو ٤٫٥ ملايين موظف حكومي في "
         "نيسان/أبريل."],
    ),
    (
        ["The protest movement that began in October 2019 has been largely suspended because of a "
         "curfew imposed to contain the virus.",
         "More than 600 demonstrators have been killed since the protests began."],
        ["وتوقفت حركة الاحتجاج التي انطلقت في تشرين الأول/أكتوبر ٢٠١٩ إلى حد كبير بسبب حظر التجول "
         "المفروض لاحتواء الفيروس.",
         "وقُتل أكثر من ٦٠٠ متظاهر منذ بدء الاحتجاجات."],
    ),
    (
        ["Tahrir Square in central Baghdad, the heart of the movement, was almost empty on Sunday, "
         "with only a few dozen tents still standing."],
        ["وبدت ساحة التحرير في وسط بغداد، قلب الحركة الاحتجاجية، شبه خالية يوم الأحد، ولم يبقَ فيها سوى "
         "بضع عشرات من الخيام."],
    ),
]

EN = [" ".join(en) for en, _ in PARALLEL]
AR = [" ".join(ar) for _, ar in PARALLEL]


@pytest.fixture(scope="module")
def aliases() -> AliasTable:
    return AliasTable.load([CORPUS / "aliases.csv"])


# ---------------------------------------------------------------------------------------------
# Building a perturbed pair with a known true grouping


def perturb(
    seed: int, operations: int = 6, drop: float = 0.0
) -> tuple[list[str], list[str], list[tuple]]:
    """Merge adjacent paragraphs and split paragraphs at sentence boundaries, on either side.

    Operations touch disjoint original paragraphs, so each true group stays a 1-1, 1-2 or 2-1.
    With ``drop``, that share of the Arabic paragraphs of two or more sentences first loses its
    last sentence: a loose translator, whose lengths no longer fit the ratio.
    Returns (english paragraphs, arabic paragraphs, true groups as index tuples).
    """
    rng = random.Random(seed)
    source = [(en, ar[:-1] if len(ar) > 1 and rng.random() < drop else ar) for en, ar in PARALLEL]
    n = len(source)
    used: set[int] = set()
    ops: dict[int, str] = {}
    attempts = 0
    while len(ops) < operations and attempts < 500:
        attempts += 1
        kind = rng.choice(["merge_en", "merge_ar", "split_en", "split_ar"])
        k = rng.randrange(n - 1 if kind.startswith("merge") else n)
        span = {k, k + 1} if kind.startswith("merge") else {k}
        if span & used:
            continue
        side = 0 if kind.endswith("en") else 1
        if kind.startswith("split") and len(source[k][side]) < 2:
            continue
        used |= span
        ops[k] = kind
    en: list[str] = []
    ar: list[str] = []
    truth: list[tuple] = []
    k = 0
    while k < n:
        en_s, ar_s = source[k]
        kind = ops.get(k)
        if kind in ("merge_en", "merge_ar"):
            en_next, ar_next = source[k + 1]
            if kind == "merge_en":
                truth.append(((len(en),), (len(ar), len(ar) + 1)))
                en.append(" ".join(en_s + en_next))
                ar.extend([" ".join(ar_s), " ".join(ar_next)])
            else:
                truth.append(((len(en), len(en) + 1), (len(ar),)))
                en.extend([" ".join(en_s), " ".join(en_next)])
                ar.append(" ".join(ar_s + ar_next))
            k += 2
            continue
        if kind == "split_en":
            cut = rng.randrange(1, len(en_s))
            truth.append(((len(en), len(en) + 1), (len(ar),)))
            en.extend([" ".join(en_s[:cut]), " ".join(en_s[cut:])])
            ar.append(" ".join(ar_s))
        elif kind == "split_ar":
            cut = rng.randrange(1, len(ar_s))
            truth.append(((len(en),), (len(ar), len(ar) + 1)))
            en.append(" ".join(en_s))
            ar.extend([" ".join(ar_s[:cut]), " ".join(ar_s[cut:])])
        else:
            truth.append(((len(en),), (len(ar),)))
            en.append(" ".join(en_s))
            ar.append(" ".join(ar_s))
        k += 1
    return en, ar, truth


def assert_covers(beads, n: int, m: int) -> None:
    """Every index of both sides exactly once, in order, no empty group."""
    a = [i for ga, _ in beads for i in ga]
    b = [j for _, gb in beads for j in gb]
    assert a == list(range(n))
    assert b == list(range(m))
    assert all(ga or gb for ga, gb in beads)


# ---------------------------------------------------------------------------------------------
# Tests


def test_evidence_is_language_neutral(aliases):
    assert numbers_in("نحو ٥٬٢٠٠ جندي و٤٫٥ ملايين") == ["5200", "4.5"]
    assert numbers_in("about 5,200 troops and 4.5 million in 2019") == ["5200", "4.5", "2019"]
    en = paragraph_features(EN[7], aliases)
    ar = paragraph_features(AR[7], aliases)
    shared = set(en) & set(ar)
    assert {"e:Camp Taji", "e:Kata'ib Hezbollah", "e:Usbat al-Tha'ireen", "n:14", "m:3"} <= shared


def test_clean_parallel_text_aligns_one_to_one(aliases):
    beads = align(EN, AR, aliases=aliases)
    assert beads == [((i,), (i,)) for i in range(len(EN))]


def test_recovers_merges_and_splits(aliases):
    right = total = 0
    for seed in range(25):
        en, ar, truth = perturb(seed)
        beads = align(en, ar, aliases=aliases)
        assert_covers(beads, len(en), len(ar))
        ok, n = group_accuracy(beads, truth)
        right += ok
        total += n
    share = right / total
    print(f"synthetic merges/splits, with aliases: {right}/{total} paragraphs in the right group "
          f"({share:.1%})")
    assert share >= 0.95


def test_recovers_merges_and_splits_without_alias_table():
    right = total = 0
    for seed in range(25):
        en, ar, truth = perturb(seed)
        ok, n = group_accuracy(align(en, ar), truth)
        right += ok
        total += n
    print(f"synthetic merges/splits, no aliases: {right}/{total} ({right / total:.1%})")
    assert right / total >= 0.95


def test_anchors_hold_when_the_translation_is_loose(aliases):
    """A third of the Arabic paragraphs lose a sentence: lengths mislead, numbers and names not."""
    right = total = 0
    for seed in range(40):
        en, ar, truth = perturb(seed, drop=0.3)
        ok, n = group_accuracy(align(en, ar, aliases=aliases), truth)
        right += ok
        total += n
    print(f"synthetic loose translation (30% drop a sentence) + merges/splits: {right}/{total} "
          f"({right / total:.1%})")
    assert right / total >= 0.95


def test_paragraph_on_one_side_only(aliases):
    caption = "صورة أرشيفية لجنود أميركيين في معسكر التاجي شمال بغداد (أ ف ب)"
    related = "Related: Iraq summons US and UK envoys over strikes"
    en = [*EN[:6], related, *EN[6:]]
    ar = [*AR[:3], caption, *AR[3:]]
    beads = align(en, ar, aliases=aliases)
    assert_covers(beads, len(en), len(ar))
    assert ((), (3,)) in beads
    assert ((6,), ()) in beads
    ok, n = group_accuracy(
        beads,
        [((i,), (i,)) for i in range(3)] + [((), (3,))] + [((i,), (i + 1,)) for i in range(3, 6)]
        + [((6,), ())] + [((i + 1,), (i + 1,)) for i in range(6, len(EN))],
    )
    assert ok == n


def test_long_documents_align_in_the_band(aliases):
    """The report repeated 30 times (about 1,000 paragraphs a side) with a few perturbations."""
    en: list[str] = []
    ar: list[str] = []
    truth: list[tuple] = []
    for seed in range(30):
        e, a, t = perturb(100 + seed, operations=3)
        truth.extend((tuple(i + len(en) for i in ga), tuple(j + len(ar) for j in gb)) for ga, gb in t)
        en.extend(e)
        ar.extend(a)
    beads = align(en, ar, aliases=aliases)
    assert_covers(beads, len(en), len(ar))
    ok, n = group_accuracy(beads, truth)
    assert ok / n >= 0.95


def test_a_long_one_sided_stretch_widens_the_band():
    en = EN + [f"Comment {i}: this page has reader comments that the translation does not carry."
               for i in range(60)] + EN
    ar = AR + AR
    beads = align(en, ar)
    assert_covers(beads, len(en), len(ar))
    assert beads[: len(EN)] == [((i,), (i,)) for i in range(len(EN))]
    tail = beads[-len(EN):]
    assert tail == [((len(EN) + 60 + i,), (len(AR) + i,)) for i in range(len(EN))]


def test_empty_sides():
    assert align([], []) == []
    assert align(["a"], []) == [((0,), ())]
    assert align([], ["a", "b"]) == [((), (0,)), ((), (1,))]


def test_alignment_json_contract():
    data = alignment_json("x#01", "y#01", [((0,), (0, 1)), ((1,), ())])
    assert data == {"a": "x#01", "b": "y#01", "pairs": [[[0], [0, 1]], [[1], []]]}
    json.dumps(data)


_paragraph = st.text(
    alphabet=st.sampled_from(list("abc xyz ABC 0123456789 ٠١٢٣ بغداد «»“”\".,")), min_size=0, max_size=120
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_paragraph, max_size=25), st.lists(_paragraph, max_size=25))
def test_alignment_always_covers_every_paragraph_in_order(a, b):
    beads = align(a, b)
    assert_covers(beads, len(a), len(b))


# ---------------------------------------------------------------------------------------------
# Gold alignments of real translated articles


def _gold_files() -> list:
    return sorted((DATA / "alignments").glob("*.json"))


def test_gold_alignments(bundled_corpus):
    files = _gold_files()
    if not files:
        pytest.skip("no gold alignments yet: tests/data/alignments/*.json does not exist")
    table = AliasTable.load([CORPUS / "aliases.csv"])
    right = total = 0
    lines = []
    for path in files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        doc_a, doc_b = bundled_corpus.get(gold["a"]), bundled_corpus.get(gold["b"])
        assert doc_a is not None and doc_b is not None, f"{path.name}: ids not in the corpus"
        truth = [(tuple(ga), tuple(gb)) for ga, gb in gold["pairs"]]
        beads = align([p.text for p in doc_a.paragraphs], [p.text for p in doc_b.paragraphs],
                      aliases=table)
        ok, n = group_accuracy(beads, truth)
        right += ok
        total += n
        lines.append(f"{path.name}: {ok}/{n} ({ok / n:.1%})")
    print("\n".join(lines))
    print(f"gold overall: {right}/{total} paragraphs in the right group ({right / total:.1%})")
    assert right / total >= 0.95
