"""Language knowledge shared by ingest, search and the UI: scripts, Arabic, names, terminal output."""
