"""The reading area: one article per tab, English and Arabic, with search hits and find-in-article.

Why a package: the reading pane grew into one 2,700-line module holding six widgets and the text
and colour logic under them. Each module now holds one part, and imports only the ones before it
(no cycles): ``labels`` (plain labels, dates, titles) -> ``page`` (measure, margins, display
chunks) -> ``offsets`` and ``marks`` (mixins of the view: offset conversion and reading position;
matches, highlights, notes, the paragraph band) -> ``view`` (:class:`~reader.ui.reading.view.ArticleView`)
-> ``header`` and ``find_bar`` -> ``tab`` (:class:`~reader.ui.reading.tab.ArticleTab`) -> ``panes``
(:class:`~reader.ui.reading.panes.PaneGroup`) -> ``tabs`` (:class:`~reader.ui.reading.tabs.ReadingTabs`).
Pure text logic lives in :mod:`reader.text.find_fold` (folding for find), the colour maths in
:mod:`reader.ui.colours`. Import from the modules themselves; this package re-exports nothing.
"""
