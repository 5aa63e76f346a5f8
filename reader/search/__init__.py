"""Search: Whoosh index with Arabic-aware analysis, aliases and transliteration (a disposable cache)."""
