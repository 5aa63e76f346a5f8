"""The argument parser every command line of ours uses: options and positionals in any order."""

from __future__ import annotations

import argparse
from typing import Any


class IntermixedParser(argparse.ArgumentParser):
    """Options between positionals (``show DOC_ID --json CORPUS_DIR``, ``fix split DOC_ID -p 4 DIR``),
    which plain argparse refuses once an optional positional has been matched empty.

    A parser with its own sub-commands (``notes``, ``fix``) parses as usual: argparse's intermixed
    mode does not support sub-commands, and their own leaf parsers mix options in anyway.
    """

    _mixing = False

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:  # type: ignore[override]
        if self._mixing or self._subparsers is not None:
            return super().parse_known_args(args, namespace)
        self._mixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._mixing = False
