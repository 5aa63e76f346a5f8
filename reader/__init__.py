"""Corpus Reader: read, search and annotate English and Arabic document corpora offline."""

__version__ = "0.1.0"
