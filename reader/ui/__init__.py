"""The Qt (PySide6) layer: widgets, item models over core objects, background tasks, app wiring.

A thin layer: it calls the core (``reader.ingest``, ``reader.search``...), never the reverse.
Document text reaches widgets as plain text only (``setPlainText`` / ``QTextCursor.insertText``).
"""
