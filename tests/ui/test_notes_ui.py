"""Highlights, notes, tags, undo, corrections and the notes panel, as a reader uses them.

Every test runs the real window on a throwaway profile (tests/conftest.py) with a synchronous
task runner, so scanning and indexing finish before the first assertion. Highlights are checked
at the level that matters to a reader: the stored code points cover exactly the selected word of
``Document.text``, and the ExtraSelection Qt draws covers exactly the Qt positions of that word
(which differ from code points after an emoji).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from reader import paths
from reader.ingest.model import Document
from reader.store.db import DB_FILENAME
from reader.ui.chrono_model import PeriodRole
from reader.ui.main_window import MainWindow
from reader.ui.metadata_dialog import MetadataDialog
from reader.ui.notes_panel import AllNotesModel, AnnotationListModel, ArticleNotesModel, NotesPanel
from reader.ui.reading.marks import HIGHLIGHT_KEY_PROPERTY
from reader.ui.reading.tab import ArticleTab
from reader.ui.reading.view import ArticleView
from tests.conftest import CORPUS
from tests.ui.windows import make_window

ARABIC_TITLE = "«حفلة الجنون»"
ARABIC_WORD = "واشنطن"
ENGLISH_ID = "000_6e14188510fd6a63#01"
EMOJI_TEXT = (
    "Minister visits Mosul 😀 after the floods\n\n14 March 2020\n\n"
    "Breaking 😀 news: the minister 🎉 visited Mosul on Monday and met the governor.\n\n"
    "In a second paragraph 𝐀𝐁𝐂 the minister promised aid to Basra and Najaf.\n"
)


@pytest.fixture(autouse=True)
def no_recovery_box(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(MainWindow, "show_recovery_dialog", False)


def arabic_doc(window: MainWindow) -> Document:
    return next(d for d in window._docs.values() if d.title.startswith(ARABIC_TITLE))


def open_tab(window: MainWindow, doc_id: str) -> ArticleTab:
    assert window.open_article(doc_id)
    tab = window.tabs.current_tab()
    assert tab is not None and tab.document.id == doc_id
    return tab


def select(view: ArticleView, start: int, end: int) -> None:
    """Select code points [start, end) of the article, converted only through the view."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.qt_position(start))
    cursor.setPosition(view.qt_end_position(end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    assert view.selection_offsets() == (start, end)


def drawn_span(view: ArticleView, uuid: str) -> tuple[int, int]:
    """The Qt positions the highlight's ExtraSelection covers."""
    found = [s for s in view.extraSelections() if s.format.property(HIGHLIGHT_KEY_PROPERTY) == uuid]
    assert len(found) == 1, "one ExtraSelection per highlight"
    return found[0].cursor.selectionStart(), found[0].cursor.selectionEnd()


def point_of(view: ArticleView, cp: int) -> QPoint:
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.qt_position(cp))
    return view.cursorRect(cursor).center()


def highlight_word(qtbot, window: MainWindow, tab: ArticleTab, word: str, key: Qt.Key, occurrence: int = 0):
    text = tab.document.text
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(word, start + 1)
    end = start + len(word)
    select(tab.view, start, end)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, key)
    made = [a for a in window.store.for_document(tab.document.id) if a.anchor and a.anchor.start == start]
    assert len(made) == 1
    return made[0], start, end


def round_trip(qtbot, corpus: Path, pick, word: str, key: Qt.Key, slot: int, note: str) -> None:
    """Highlight ``word`` with ``key``, write ``note``, switch article, restart: all still there."""
    window = make_window(qtbot, corpus)
    doc: Document = pick(window)
    tab = open_tab(window, doc.id)
    made, start, end = highlight_word(qtbot, window, tab, word, key)
    assert made.colour == slot
    assert doc.text[start:end] == word == made.anchor.quote
    view = tab.view
    assert drawn_span(view, made.uuid) == (view.qt_position(start), view.qt_end_position(end))
    assert not view.textCursor().hasSelection(), "the new highlight is shown, not hidden under a selection"

    # The new highlight is in the editor; type its note and switch article before the autosave.
    assert window.notes.editor.uuid == made.uuid
    qtbot.keyClicks(window.notes.editor.note_edit, note)
    other = next(d for d in window._docs.values() if d.id != doc.id and d.duplicate_of is None)
    open_tab(window, other.id)
    assert window.store.get(made.uuid).note == note, "switching article saves the note at once"

    # More typing, then quit at once: closing flushes the editor too.
    open_tab(window, doc.id)
    window.notes.select(made.uuid)
    qtbot.keyClicks(window.notes.editor.note_edit, " (checked)")
    window.close()

    again = make_window(qtbot, None)
    stored = again.store.get(made.uuid)
    assert stored is not None and stored.note == note + " (checked)"
    assert (stored.anchor.start, stored.anchor.end, stored.colour) == (start, end, slot)
    doc_again = again._docs[doc.id]
    assert doc_again.text[stored.anchor.start : stored.anchor.end] == word
    tab = open_tab(again, doc.id)
    assert [h[:2] for h in tab.view.highlights()] == [(start, end)]
    assert drawn_span(tab.view, made.uuid) == (tab.view.qt_position(start), tab.view.qt_end_position(end))
    rows = [again.notes.article_model.annotation(r) for r in range(again.notes.article_model.rowCount())]
    assert [(a.uuid, a.note) for a in rows] == [(made.uuid, note + " (checked)")]
    again.close()


# -- highlighting and notes, persisted -----------------------------------------------------------


def test_arabic_highlight_and_note_survive_switch_and_restart(qtbot):
    round_trip(qtbot, CORPUS, arabic_doc, ARABIC_WORD, Qt.Key.Key_2, 2, "Washington erased the red lines")


def test_english_highlight_and_note_survive_restart(qtbot):
    round_trip(qtbot, CORPUS, lambda w: w._docs[ENGLISH_ID], "Kata", Qt.Key.Key_1, 1, "Who is behind it?")


def test_highlight_after_emoji_covers_the_right_characters(qtbot, tmp_path):
    corpus = tmp_path / "emoji-corpus"
    corpus.mkdir()
    (corpus / "emoji.txt").write_text(EMOJI_TEXT, encoding="utf-8")
    (corpus / "plain.txt").write_text("Another article\n\nNothing to see here.\n", encoding="utf-8")
    window = make_window(qtbot, corpus)
    doc = window._docs["emoji#01"]
    tab = open_tab(window, doc.id)
    start = doc.text.index("Basra")
    shift = tab.view.qt_position(start) - tab.view.qt_position(0)
    assert shift > start, "astral characters shift Qt positions"
    window.close()
    round_trip(qtbot, corpus, lambda w: w._docs["emoji#01"], "Basra", Qt.Key.Key_4, 4, "Aid promised")


def test_keys_need_a_selection_and_the_clean_text(qtbot):
    window = make_window(qtbot)
    tab = open_tab(window, ENGLISH_ID)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_3)
    assert window.store.for_document(ENGLISH_ID) == [], "no selection: nothing happens"

    tab.set_original(True)
    start = tab.view.displayed_text.index("Alqaim")
    select(tab.view, start, start + 6)
    qtbot.keyClick(tab.view, Qt.Key.Key_3)
    assert window.store.for_document(ENGLISH_ID) == []
    assert "original" in window.statusBar().currentMessage()
    assert "Highlighting is off" in tab.header.original_button.toolTip()
    menu = window.annotations.context_menu(tab, point_of(tab.view, start + 2))
    highlight_menu = next(a for a in menu.actions() if a.text() == "Highlight as")
    assert not highlight_menu.isEnabled() and "clean text" in highlight_menu.toolTip()
    tab.set_original(False)
    assert "Highlighting is off" not in tab.header.original_button.toolTip()


def test_search_matches_sit_on_top_of_highlights(qtbot):
    window = make_window(qtbot)
    tab = open_tab(window, ENGLISH_ID)
    made, _start, _end = highlight_word(qtbot, window, tab, "Kata", Qt.Key.Key_5)
    tab.find("Kata")
    selections = tab.view.extraSelections()
    keys = [s.format.property(HIGHLIGHT_KEY_PROPERTY) for s in selections]
    assert made.uuid in keys
    first_match = next(i for i, k in enumerate(keys) if k is None)
    assert keys.index(made.uuid) < first_match, "highlights are drawn first, matches over them"
    # Highlights change the background only: no font or foreground that would split shaping.
    fmt = selections[keys.index(made.uuid)].format
    assert not fmt.hasProperty(fmt.Property.FontFamilies)
    assert not fmt.hasProperty(fmt.Property.ForegroundBrush)


def test_the_highlight_colour_follows_the_theme_and_stays_readable(qtbot):
    from reader.ui.colours import contrast_ratio, highlight_background
    from reader.ui.theme import THEMES

    window = make_window(qtbot)
    for colour in window.annotations.palette():
        for theme in THEMES.values():
            tint = highlight_background(colour.rgb, theme)
            assert contrast_ratio(tint, theme.color("text")) >= 4.5, (colour.label, theme.name)
            assert tint != theme.color("background")
    tab = open_tab(window, ENGLISH_ID)
    made, _s, _e = highlight_word(qtbot, window, tab, "Kata", Qt.Key.Key_1)
    light = [s for s in tab.view.extraSelections() if s.format.property(HIGHLIGHT_KEY_PROPERTY) == made.uuid]
    window.set_theme("dark")
    dark = [s for s in tab.view.extraSelections() if s.format.property(HIGHLIGHT_KEY_PROPERTY) == made.uuid]
    assert light[0].format.background().color() != dark[0].format.background().color()
    window.set_theme("light")


# -- context menu, colours, tags -------------------------------------------------------------------


def test_context_menus_on_selection_and_on_highlight(qtbot):
    window = make_window(qtbot)
    tab = open_tab(window, ENGLISH_ID)
    text = tab.document.text
    start = text.index("Alqaim")
    select(tab.view, start, start + 6)
    menu = window.annotations.context_menu(tab, point_of(tab.view, start + 3))
    titles = [a.text() for a in menu.actions()]
    assert {"Highlight as", "Add note…", "Copy"} <= set(titles)
    submenu = next(a for a in menu.actions() if a.text() == "Highlight as").menu()
    labels = [a.text().split("\t")[0] for a in submenu.actions()]
    assert labels == ["Actor", "Event", "Claim", "Quote", "Evidence", "Question", "Place", "Other"]
    submenu.actions()[6].trigger()  # Place
    made = window.store.for_document(ENGLISH_ID)[0]
    assert (made.anchor.quote, made.colour) == ("Alqaim", 7)

    menu = window.annotations.context_menu(tab, point_of(tab.view, start + 3))
    titles = [a.text() for a in menu.actions()]
    assert {"Change colour", "Edit note", "Tags…", "Delete highlight"} <= set(titles)
    change = next(a for a in menu.actions() if a.text() == "Change colour").menu()
    change.actions()[1].trigger()
    assert window.store.get(made.uuid).colour == 2
    assert tab.view.highlights()[0][2] == window.annotations.colour(2).rgb

    next(a for a in menu.actions() if a.text() == "Tags…").trigger()
    assert window.side_tabs.currentWidget() is window.notes
    assert window.notes.editor.uuid == made.uuid
    window.notes.editor.tags_edit.setFocus()
    qtbot.keyClicks(window.notes.editor.tags_edit, "Iraq, places")
    window.notes.flush()
    assert window.store.get(made.uuid).tags == ["Iraq", "places"]
    assert window.store.tags() == ["Iraq", "places"]


def test_renamed_colours_label_menus_and_rows(qtbot):
    window = make_window(qtbot)
    tab = open_tab(window, ENGLISH_ID)
    made, start, _end = highlight_word(qtbot, window, tab, "Kata", Qt.Key.Key_1)
    dialog = window.annotations.open_rename_dialog(window)
    dialog.edits[1].setText("Armed group")
    dialog.accept()
    assert window.store.palette()[0].label == "Armed group"
    row = window.notes.article_model.row_of(made.uuid)
    assert window.notes.article_model.index(row).data(Qt.ItemDataRole.DisplayRole)
    assert "Armed group" in window.notes.article_model.index(row).data(Qt.ItemDataRole.ToolTipRole)
    select(tab.view, start, start + 4)
    menu = window.annotations.context_menu(tab, point_of(tab.view, start + 1))
    submenu = next(a for a in menu.actions() if a.text() == "Highlight as").menu()
    assert submenu.actions()[0].text().startswith("Armed group")
    assert window.notes.editor.colour_combo.itemText(0) == "Armed group"


def test_tag_field_completes_the_tag_being_typed(qtbot):
    window = make_window(qtbot)
    tab = open_tab(window, ENGLISH_ID)
    first, _s, _e = highlight_word(qtbot, window, tab, "Kata", Qt.Key.Key_1)
    window.store.set_tags(first.uuid, ["militias", "Iraq"])
    window.notes.refresh(ENGLISH_ID)
    second, _s, _e = highlight_word(qtbot, window, tab, "Alqaim", Qt.Key.Key_7)
    edit = window.notes.editor.tags_edit
    assert window.notes.editor.uuid == second.uuid
    edit.setFocus()
    qtbot.keyClicks(edit, "Iraq, mil")
    assert edit.current_fragment() == "mil"
    assert edit.tag_completer.completionCount() == 1
    edit.insert_completion(edit.tag_completer.currentCompletion())
    assert edit.text() == "Iraq, militias, "
    window.notes.flush()
    assert window.store.get(second.uuid).tags == ["Iraq", "militias"]


# -- delete and undo -------------------------------------------------------------------------------


def test_delete_then_ctrl_z_restores_highlight_and_note(qtbot):
    window = make_window(qtbot)
    tab = open_tab(window, ENGLISH_ID)
    made, start, _end = highlight_word(qtbot, window, tab, "Kata", Qt.Key.Key_6)
    qtbot.keyClicks(window.notes.editor.note_edit, "keep me")
    menu = window.annotations.context_menu(tab, point_of(tab.view, start + 1))
    next(a for a in menu.actions() if a.text() == "Delete highlight").trigger()
    assert window.store.get(made.uuid) is None
    assert tab.view.highlights() == []
    assert window.notes.article_model.rowCount() == 0
    assert window.undo_action.isEnabled()

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)  # shortcuts reach the active window only
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    back = window.store.get(made.uuid)
    assert back is not None and back.note == "keep me", "the note typed before the delete came back too"
    assert [h[3] for h in tab.view.highlights()] == [made.uuid]
    assert window.notes.article_model.row_of(made.uuid) == 0
    assert not window.undo_action.isEnabled()

    # An article note, deleted from the panel's list with the Delete key, comes back the same way.
    window.add_article_note()
    note = window.notes.editor.annotation
    assert note is not None and note.anchor is None
    qtbot.keyClicks(window.notes.editor.note_edit, "About the whole piece")
    lst = window.notes.article_list
    lst.setFocus()
    lst.setCurrentIndex(window.notes.article_model.index(window.notes.article_model.row_of(note.uuid)))
    qtbot.keyClick(lst, Qt.Key.Key_Delete)
    assert window.store.get(note.uuid) is None
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.store.get(note.uuid).note == "About the whole piece"


def test_clicking_a_row_jumps_to_its_highlight(qtbot):
    window = make_window(qtbot)
    doc = arabic_doc(window)
    tab = open_tab(window, doc.id)
    last = doc.text.rindex("العراق")
    select(tab.view, last, last + len("العراق"))
    qtbot.keyClick(tab.view, Qt.Key.Key_7)
    made = window.store.for_document(doc.id)[0]
    tab.view.verticalScrollBar().setValue(0)
    window.show_notes()
    lst = window.notes.article_list
    rect = lst.visualRect(window.notes.article_model.index(0))
    qtbot.mouseClick(lst.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.view.verticalScrollBar().value() > 0
    top = tab.view.top_offset()
    assert top <= last, "the highlight is in view"
    assert window.notes.editor.uuid == made.uuid


# -- all notes -----------------------------------------------------------------------------------


def test_all_notes_search_folds_arabic_and_filters(qtbot):
    window = make_window(qtbot)
    doc = arabic_doc(window)
    tab = open_tab(window, doc.id)
    made, _s, _e = highlight_word(qtbot, window, tab, ARABIC_WORD, Qt.Key.Key_2)
    window.notes.editor.note_edit.insertPlainText("قال الرَّئِيسُ إنَّ الأمْرَ خطير")
    window.notes.flush()
    english = open_tab(window, ENGLISH_ID)
    other, _s, _e = highlight_word(qtbot, window, english, "Kata", Qt.Key.Key_1)
    window.store.set_tags(other.uuid, ["militias"])

    panel = window.notes
    panel.refresh()
    window.show_notes()
    panel.set_view(NotesPanel.ALL)
    assert {panel.all_model.annotation(r).uuid for r in range(panel.all_model.rowCount())} == {
        made.uuid, other.uuid
    }
    panel.search_field.setText("الرئيس ان الامر")  # no vowels, bare alef: folded like the store does
    found = panel.run_search()
    assert [a.uuid for a in found] == [made.uuid]
    panel.search_field.setText("واشنطن")  # the quoted text is searched as well
    assert [a.uuid for a in panel.run_search()] == [made.uuid]
    panel.search_field.clear()
    panel.colour_filter.setCurrentIndex(panel.colour_filter.findData(1))
    assert [a.uuid for a in panel.run_search()] == [other.uuid]
    panel.colour_filter.setCurrentIndex(0)
    panel.tag_filter.setCurrentIndex(panel.tag_filter.findData("militias"))
    assert [a.uuid for a in panel.run_search()] == [other.uuid]
    panel.tag_filter.setCurrentIndex(0)
    panel.language_filter.setCurrentIndex(panel.language_filter.findData("ar"))
    assert [a.uuid for a in panel.run_search()] == [made.uuid]
    panel.language_filter.setCurrentIndex(0)
    panel.date_from.setText("2020-03-14")
    panel.date_to.setText("2020-03")
    assert [a.uuid for a in panel.run_search()] == [made.uuid]
    panel.date_to.setText("2020-13")
    panel.run_search()
    assert panel.date_to.styleSheet(), "an impossible date is marked"
    panel.date_from.clear()
    panel.date_to.clear()
    panel.sort_combo.setCurrentIndex(panel.sort_combo.findData("article_date"))
    assert [a.uuid for a in panel.run_search()] == [other.uuid, made.uuid], "January 2020 before March"

    # Opening a row opens its article at the highlight.
    window.tabs.close_document(doc.id)
    row = panel.all_model.row_of(made.uuid)
    panel.all_list.activated.emit(panel.all_model.index(row))
    qtbot.waitUntil(lambda: window.tabs.current_tab() is window.tabs.tab_for(doc.id) is not None)
    assert panel.editor.uuid == made.uuid


def test_orphans_are_listed_never_dropped(qtbot, tmp_path):
    corpus = tmp_path / "changing"
    corpus.mkdir()
    source = corpus / "emoji.txt"
    source.write_text(EMOJI_TEXT, encoding="utf-8")
    window = make_window(qtbot, corpus)
    doc = next(iter(window._docs.values()))
    tab = open_tab(window, doc.id)
    kept, _s, _e = highlight_word(qtbot, window, tab, "governor", Qt.Key.Key_3)
    lost, _s, _e = highlight_word(qtbot, window, tab, "Najaf", Qt.Key.Key_6)
    window.store.update_note(lost.uuid, "check the city")
    changed = EMOJI_TEXT.replace("Najaf", "Karbala").replace("Monday", "Tuesday and")
    source.write_text(changed, encoding="utf-8")
    window.rescan()
    assert "could not be found" in window.statusBar().currentMessage()
    assert window.store.get(lost.uuid).state == "orphan"
    tab = window.tabs.current_tab()
    assert [h[3] for h in tab.view.highlights()] == [kept.uuid], "an orphan is not drawn on the wrong words"
    model = window.notes.article_model
    article_rows = [model.annotation(r) for r in range(model.rowCount())]
    assert lost.uuid in [a.uuid for a in article_rows], "still listed with its article"
    panel = window.notes
    panel.set_view(NotesPanel.ALL)
    panel.orphans_only.setChecked(True)
    orphans = panel.run_search()
    assert [(a.uuid, a.anchor.quote, a.note) for a in orphans] == [(lost.uuid, "Najaf", "check the city")]
    index = panel.all_model.index(0)
    assert "orphaned" in index.data(Qt.ItemDataRole.ToolTipRole)


# -- corrections ---------------------------------------------------------------------------------


def test_corrected_date_shows_in_header_sidebar_and_survives_rescan_and_restart(qtbot):
    window = make_window(qtbot)
    tab = open_tab(window, ENGLISH_ID)
    assert tab.header.date_label.text() == "2 January 2020"
    tab.header.edit_button.click()
    dialog = window.metadata_dialog
    assert isinstance(dialog, MetadataDialog) and dialog.isVisible()
    assert dialog.changes() == {}, "opening and pressing OK would change nothing"
    dialog.set_value("date", "2021-6-15")
    dialog.set_value("outlet", "Al-Mayadeen English")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert window.store.corrections()[ENGLISH_ID] == {"date": "2021-06-15", "outlet": "Al-Mayadeen English"}

    def check(w: MainWindow) -> None:
        tab = w.tabs.tab_for(ENGLISH_ID) or open_tab(w, ENGLISH_ID)
        assert tab.header.date_label.text() == "15 June 2021 (corrected)"
        assert "corrected: outlet" in tab.header.source_label.text()
        assert "Al-Mayadeen English" in tab.header.meta_label.text()
        index = w.sidebar.model.index_for_doc(ENGLISH_ID)
        assert index.isValid() and index.parent().data(PeriodRole) == "2021-06"
        assert "corrected" in index.data(Qt.ItemDataRole.ToolTipRole)

    check(window)
    window.rescan()
    check(window)
    window.close()
    again = make_window(qtbot, None)
    check(again)

    # "Use ingest value" puts the file's date back.
    tab = again.tabs.tab_for(ENGLISH_ID)
    dialog = again.edit_details(ENGLISH_ID)
    dialog.reset("date")
    assert dialog.changes() == {"date": None}
    dialog.accept()
    assert tab.header.date_label.text() == "2 January 2020"
    assert again.store.corrections()[ENGLISH_ID] == {"outlet": "Al-Mayadeen English"}


def test_metadata_dialog_refuses_bad_values(qtbot):
    window = make_window(qtbot)
    doc = arabic_doc(window)
    dialog = MetadataDialog(doc, {}, window)
    qtbot.addWidget(dialog)
    dialog.set_value("date", "2020-02-30")
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    dialog.set_value("date", "٢٠٢٠-٣")
    assert dialog.changes() == {"date": "2020-03"}
    dialog.set_value("title", "  ")
    assert dialog.errors()
    assert dialog.edits["title"].layoutDirection() == Qt.LayoutDirection.RightToLeft


# -- lifecycle -----------------------------------------------------------------------------------


def test_a_damaged_store_is_recovered_and_the_user_told(qtbot, monkeypatch):
    monkeypatch.setattr(MainWindow, "show_recovery_dialog", True)
    data = paths.user_paths().ensure().data
    (data / DB_FILENAME).write_bytes(b"this is not a database" * 100)
    window = make_window(qtbot)
    assert window.store is not None and window.store.recovery_message
    assert window.store.recovery_message in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.recovery_box is not None and window.recovery_box.isVisible())
    assert not window.recovery_box.isModal()
    window.recovery_box.close()
    tab = open_tab(window, ENGLISH_ID)
    made, _s, _e = highlight_word(qtbot, window, tab, "Kata", Qt.Key.Key_1)
    assert made is not None, "the recovered store takes new highlights"


def test_closing_takes_a_backup_and_closes_the_store(qtbot):
    window = make_window(qtbot)
    tab = open_tab(window, ENGLISH_ID)
    highlight_word(qtbot, window, tab, "Kata", Qt.Key.Key_1)
    store = window.store
    window.close()
    assert store.db.closed
    assert list(store.backup_dir.glob("*.sqlite3")), "a backup was taken on quit"
    window.close()  # a second close (qtbot's teardown does one) must not fail


def test_notes_tab_sits_next_to_search_and_ctrl_k_returns_to_search(qtbot):
    window = make_window(qtbot)
    tabs = [window.side_tabs.tabText(i) for i in range(window.side_tabs.count())]
    assert tabs[:2] == ["Search", "Notes"]  # then Saved (saved searches)
    window.show_notes()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    window.tabs.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.search.search_field.hasFocus(), timeout=2000)
    assert window.side_tabs.currentWidget() is window.search


# -- models --------------------------------------------------------------------------------------


def test_models_pass_qtmodeltester(qtbot, qtmodeltester):
    window = make_window(qtbot)
    tab = open_tab(window, arabic_doc(window).id)
    highlight_word(qtbot, window, tab, ARABIC_WORD, Qt.Key.Key_2)
    highlight_word(qtbot, window, tab, "العراق", Qt.Key.Key_4)
    window.annotations.add_article_note(tab.document)
    article = ArticleNotesModel()
    article.set_annotations(window.store.for_document(tab.document.id))
    article.set_palette(window.store.palette())
    qtmodeltester.check(article)
    everything = AllNotesModel()
    everything.set_documents(window._docs)
    everything.set_annotations(window.store.search(docs=window._docs))
    qtmodeltester.check(everything)
    empty: AnnotationListModel = ArticleNotesModel()
    qtmodeltester.check(empty)
    assert article.rowCount() == 3 and article.index(0).data(Qt.ItemDataRole.DisplayRole) == "Article note"
    QApplication.processEvents()


def _failing_writes(monkeypatch: pytest.MonkeyPatch, store, failures: list[int]) -> None:
    """The store refuses writes while ``failures[0] > 0`` (a lock held elsewhere, a full disk)."""
    import sqlite3

    real = type(store).update_note

    def update_note(self, uuid, note):
        if failures[0] > 0:
            failures[0] -= 1
            raise sqlite3.OperationalError("database is locked")
        return real(self, uuid, note)

    monkeypatch.setattr(type(store), "update_note", update_note)


def test_a_failed_autosave_keeps_the_text_and_retries_until_it_is_saved(qtbot, monkeypatch):
    import reader.ui.notes_panel as notes_panel

    window = make_window(qtbot)
    tab = open_tab(window, ENGLISH_ID)
    made, _, _ = highlight_word(qtbot, window, tab, "Kata", Qt.Key.Key_1)
    editor = window.notes.editor
    editor._retry.setInterval(50)
    monkeypatch.setattr(notes_panel, "RETRY_MS", 50)
    failures = [2]
    _failing_writes(monkeypatch, window.store, failures)
    qtbot.keyClicks(editor.note_edit, "typed while the file was locked")
    qtbot.waitUntil(lambda: editor.status.text().startswith("Not saved"), timeout=3000)
    assert window.store.get(made.uuid).note == ""
    # Switching to another note does not drop it; the retries save it once the lock is gone.
    editor.load(None)
    typed = "typed while the file was locked"
    qtbot.waitUntil(lambda: window.store.get(made.uuid).note == typed, timeout=3000)
    assert editor.unsaved == {}
    window.close()


def test_quitting_with_unsaved_text_offers_to_keep_it_in_a_file(qtbot, monkeypatch, tmp_path):
    window = make_window(qtbot)
    tab = open_tab(window, ENGLISH_ID)
    highlight_word(qtbot, window, tab, "Kata", Qt.Key.Key_1)
    failures = [10**6]  # the file stays locked
    _failing_writes(monkeypatch, window.store, failures)
    window.notes.editor.note_edit.insertPlainText("ملاحظة لم تُحفظ")  # keyClicks types Latin keys only
    asked: list[str] = []
    answers = iter(["cancel", "retry", "file"])
    target = tmp_path / "unsaved.txt"

    def ask() -> str:
        choice = next(answers)
        asked.append(choice)
        if choice == "file":
            from reader.fileio import atomic_write

            text = "\n".join(note or "" for note, _tags in window.notes.editor.unsaved.values())
            atomic_write(target, text.encode("utf-8"))
            return "done"
        return choice

    monkeypatch.setattr(window, "_ask_about_unsaved_notes", ask)
    window.close()
    assert window.isVisible() and asked == ["cancel"], "Cancel keeps the window open"
    window.close()
    assert asked == ["cancel", "retry", "file"] and not window.isVisible()
    assert "ملاحظة لم تُحفظ" in target.read_text(encoding="utf-8")
