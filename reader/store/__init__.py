"""The user's own work (highlights, notes, tags, colours, pairs, corrections): SQLite, never lost."""
