"""Fuzzy-moved highlights and the orphan review in the Notes panel, as a reader meets them.

A vowelled Arabic article is replaced by a plain copy with one word changed: its highlight is
listed "moved, fuzzy (NN%)" (row and note heading) with the quote it had; a highlight whose words
were removed is an orphan, and "Attach here" puts it on the words selected in the article, by
button, by its Alt+A mnemonic or from the row's menu. Imported reasons and the link to the other
translation are shown under the note's heading.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QStyleOptionViewItem

from reader.store.annotations import QUOTE_BEFORE
from reader.store.model import Annotation
from reader.ui.main_window import MainWindow
from reader.ui.notes_panel import NO_SELECTION, NotesPanel, StatusRole
from reader.ui.reading.tab import ArticleTab
from tests.ui.test_notes_ui import open_tab, select
from tests.ui.windows import active_window, module_profile

shared_home, profile = module_profile("fuzzy-notes")

AR_FILE = (
    "محادثات في بغداد\n\n١٤ آذار ٢٠٢٠\n\n"
    "قال الرَّئِيسُ إنَّ المُحادثاتِ ستُستأنفُ في بغدادَ الأسبوعَ المقبلَ، وفق بيانٍ رسميٍّ صدر اليوم.\n\n"
    "وأضاف أن الوفد سيصل يوم الأحد وسيبقى حتى نهاية الشهر لمتابعة الملفات العالقة مع الحكومة.\n"
)
EN_FILE = (
    "Talks in Baghdad\n\n14 March 2020\n\n"
    "The president said the talks would resume in Baghdad next week, according to a statement.\n\n"
    "He added that the delegation would arrive on Sunday and stay until the end of the month.\n"
)
MOVED = "الرَّئِيسُ إنَّ المُحادثاتِ ستُستأنفُ"
LOST = "وسيبقى حتى نهاية الشهر"


def corpus_with(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "talks-ar.txt").write_text(AR_FILE, encoding="utf-8")
    (folder / "talks.txt").write_text(EN_FILE, encoding="utf-8")
    return folder


def highlight(window: MainWindow, tab: ArticleTab, words: str, slot: int) -> Annotation:
    start = tab.document.text.index(words)
    select(tab.view, start, start + len(words))
    made = window.annotations.highlight_selection(tab, slot)
    assert made is not None and made.anchor is not None and made.anchor.quote == words
    return made


def meta_line(panel: NotesPanel, uuid: str) -> str:
    """The first line painted on the article list's row of ``uuid``."""
    model, lst = panel.article_model, panel.article_list
    index = model.index(model.row_of(uuid))
    option = QStyleOptionViewItem()
    option.font = lst.font()
    pieces = lst.delegate._pieces(option, index, 400, QColor("black"), QColor("gray"))
    return pieces[0][0].text()


def test_a_fuzzy_move_is_labelled_and_an_orphan_can_be_attached_here(qtbot, tmp_path: Path) -> None:
    folder = corpus_with(tmp_path)
    window = active_window(qtbot, folder)
    ar = next(d for d in window._docs.values() if d.language == "ar")
    tab = open_tab(window, ar.id)
    moved = highlight(window, tab, MOVED, 2)
    window.store.update_note(moved.uuid, "ملاحظة عن المحادثات")
    lost = highlight(window, tab, LOST, 6)

    plain = AR_FILE.replace("ستُستأنفُ", "ستُعقد")
    plain = "".join(ch for ch in plain if not "\u064b" <= ch <= "\u0652").replace(LOST + " ", "")
    (folder / "talks-ar.txt").write_text(plain, encoding="utf-8")
    window.rescan()
    stored = window.store.get(moved.uuid)
    assert stored.state == "moved" and stored.anchor_score is not None
    percent = int(stored.anchor_score * 100)
    assert 60 <= percent < 100
    label = f"moved, fuzzy ({percent}%)"
    assert stored.anchor.quote == "الرئيس إن المحادثات ستعقد" and stored.extra[QUOTE_BEFORE] == MOVED
    assert window.store.get(lost.uuid).state == "orphan"

    # The row says it, painted and in its tooltip; the note heading says it too.
    window.show_notes()
    panel = window.notes
    tab = window.tabs.current_tab()
    index = panel.article_model.index(panel.article_model.row_of(moved.uuid))
    assert index.data(StatusRole) == label
    assert label in meta_line(panel, moved.uuid)
    assert label in index.data(Qt.ItemDataRole.ToolTipRole)
    assert panel.select(moved.uuid)
    assert panel.editor.heading.text().startswith(f"\u200eMoved, fuzzy ({percent}%): “")
    assert panel.editor.details.isVisibleTo(panel) and MOVED in panel.editor.details.text()
    assert not panel.editor.attach_button.isVisibleTo(panel), "only orphans are attached by hand"
    assert tab.document.text[stored.anchor.start : stored.anchor.end] == stored.anchor.quote
    assert moved.uuid in [h[3] for h in tab.view.highlights()]

    # The orphan review: "Orphaned or damaged", the orphan selected, then words in the article.
    panel.set_view(NotesPanel.ALL)
    panel.orphans_only.setChecked(True)
    assert [a.uuid for a in panel.run_search()] == [lost.uuid]
    assert panel.select(lost.uuid)
    assert panel.editor.heading.text().startswith("\u200eOrphaned: “")
    button = panel.editor.attach_button
    assert button.isVisibleTo(panel) and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # nothing selected yet
    assert NO_SELECTION in panel.editor.status.toolTip()
    assert window.store.get(lost.uuid).state == "orphan"

    words = "يوم الأحد"
    start = tab.document.text.index(words)
    select(tab.view, start, start + len(words))
    # Alt+A where the reader is: in the article, the words just selected.
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    attached = window.store.get(lost.uuid)
    assert (attached.state, attached.anchor_score, attached.doc_id) == ("anchored", None, ar.id)
    assert attached.anchor.quote == words and attached.extra[QUOTE_BEFORE] == LOST
    assert lost.uuid in [h[3] for h in tab.view.highlights()], "drawn on the words chosen"
    assert panel.run_search() == [], "no orphan left to review"


def test_the_row_menu_attaches_too(qtbot, tmp_path: Path) -> None:
    folder = corpus_with(tmp_path)
    window = active_window(qtbot, folder)
    en = next(d for d in window._docs.values() if d.language == "en")
    tab = open_tab(window, en.id)
    lost = highlight(window, tab, "stay until the end", 1)
    (folder / "talks.txt").write_text(EN_FILE.replace("stay until the end", "leave before the end"),
                                      encoding="utf-8")
    window.rescan()
    assert window.store.get(lost.uuid).state == "orphan"
    window.show_notes()
    panel = window.notes
    tab = window.tabs.current_tab()
    index = panel.article_model.index(panel.article_model.row_of(lost.uuid))
    menu = panel.row_menu(index)
    attach = next(a for a in menu.actions() if a.text().startswith("&Attach here"))
    assert attach.isEnabled()
    start = tab.document.text.index("leave before")
    select(tab.view, start, start + len("leave before the end"))
    attach.trigger()
    assert window.store.get(lost.uuid).anchor.quote == "leave before the end"
    row = panel.article_model.index(panel.article_model.row_of(lost.uuid))
    assert not next(a for a in panel.row_menu(row).actions() if a.text().startswith("&Attach")).isEnabled()


def test_the_heading_tells_why_an_import_is_orphaned_and_which_translation_it_is_in(
    qtbot, tmp_path: Path
) -> None:
    folder = corpus_with(tmp_path)
    window = active_window(qtbot, folder)
    en = next(d for d in window._docs.values() if d.language == "en")
    ar = next(d for d in window._docs.values() if d.language == "ar")
    store = window.store
    source = store.add_highlight(en, en.text.index("talks"), en.text.index(" in Baghdad"), 4)
    copy = store.add_highlight(ar, ar.text.index("المُحادثاتِ"), ar.text.index(" في بغدادَ"), 4)
    with store.write() as conn:
        conn.execute("UPDATE annotations SET carried_from = ? WHERE uuid = ?", (source.uuid, copy.uuid))
    imported = Annotation(
        uuid="7d1c7a3e-0000-4000-8000-000000000001", doc_id="elsewhere#01", anchor=None, colour=None,
        note="From a colleague", state="orphan",
        extra={"orphan_reason": "no article of this corpus has the web address <b>x</b>"},
    )
    store.import_annotation(imported)
    panel = window.notes
    panel.refresh()
    assert panel.select(copy.uuid)
    assert "\u200eAlso in the English version" in panel.editor.details.text().splitlines()
    assert panel.select(source.uuid)
    assert "\u200eAlso in the Arabic version" in panel.editor.details.text().splitlines()
    assert "Also in the Arabic version" in panel.editor.heading.toolTip()
    assert panel.select(imported.uuid)
    reason = "Why orphaned: no article of this corpus has the web address <b>x</b>"
    assert panel.editor.details.text() == "\u200e" + reason
    assert panel.editor.details.textFormat() == Qt.TextFormat.PlainText
