"""Turn a folder of messy text files into clean, dated, language-tagged articles.

Pure functions over text; no Qt, and no I/O beyond reading the corpus.
"""
