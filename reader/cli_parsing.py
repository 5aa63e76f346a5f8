"""The argument parser every command line of ours uses: options and positionals in any order, a
query that starts with ``-``, and arguments whose bytes are not text."""

from __future__ import annotations

import argparse
from typing import Any, NoReturn

from reader.text.terminal import sanitize

# Arguments that name a file or a folder: on Linux their bytes need not be UTF-8 (they arrive as
# surrogate escapes, PEP 383) and must reach the file system unchanged. Recognised by metavar.
PATH_METAVARS = ("DIR", "FILE")


class _Text(str):
    """An argument that is text whatever it looks like (it came after ``--``)."""


class IntermixedParser(argparse.ArgumentParser):
    """Options between positionals (``show DOC_ID --json CORPUS_DIR``, ``fix split DOC_ID -p 4 DIR``),
    which plain argparse refuses once an optional positional has been matched empty.

    A word that starts with one ``-`` but is no option of the command (``search -Hezbollah``) is an
    argument, not an error; after ``--`` every word is (``search -- --foo``), with the options before
    it still read. A mistyped long option (``--jsno``) is still refused.

    A parser with its own sub-commands (``notes``, ``fix``) parses as usual: argparse's intermixed
    mode does not support sub-commands, and their own leaf parsers mix options in anyway.
    """

    _mixing = False

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:  # type: ignore[override]
        if self._mixing or self._subparsers is not None:
            return super().parse_known_args(args, namespace)
        if args is not None and "--" in args:
            # argparse's intermixed mode loses what follows "--" (Python 3.11): mark it as text instead.
            args = list(args)
            cut = args.index("--")
            args = args[:cut] + [_Text(a) for a in args[cut + 1 :]]
        self._mixing = True
        try:
            parsed, extras = self.parse_known_intermixed_args(args, namespace)
        finally:
            self._mixing = False
        return _plain_strings(parsed), [str(a) for a in extras]

    def _parse_optional(self, arg_string: str) -> Any:
        """None (a positional) for text after ``--`` and for ``-word`` that is no option of ours."""
        if isinstance(arg_string, _Text) or self._is_dash_word(arg_string):
            return None
        return super()._parse_optional(arg_string)

    def _is_dash_word(self, arg: str) -> bool:
        if len(arg) < 2 or arg[0] != "-" or arg[1] == "-" or arg in self._option_string_actions:
            return False
        short = self._option_string_actions.get(arg[:2])
        return short is None or short.nargs == 0  # "-p4" is -p 4; "-hezbollah" is not -h

    def error(self, message: str) -> NoReturn:
        """Usage errors echo what was typed: never let it drive the terminal."""
        super().error(sanitize(message))


def _plain_strings(namespace: argparse.Namespace) -> argparse.Namespace:
    """Values as plain ``str`` again (sqlite3 and others want exactly ``str``)."""
    for key, value in vars(namespace).items():
        if isinstance(value, _Text):
            setattr(namespace, key, str(value))
        elif isinstance(value, list):
            setattr(namespace, key, [str(v) if isinstance(v, _Text) else v for v in value])
    return namespace


def argument_not_text(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str | None:
    """The sentence to print when an argument that must be text (a query, a date, a name) holds
    bytes that are not UTF-8, else None. File and folder names may hold any bytes.

    Why: such bytes arrive as lone surrogates, which no output stream, database or search index
    can take; refusing them up front says what is wrong instead of failing somewhere later.
    """
    for action in _actions_used(parser, getattr(args, "func", None)):
        if str(action.metavar or "").endswith(PATH_METAVARS):
            continue
        value = getattr(args, action.dest, None)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and _has_surrogates(item):
                label = action.metavar if not action.option_strings else max(action.option_strings, key=len)
                return (f'{label} "{sanitize(item)}" is not valid Unicode text: type it in UTF-8 '
                        "(only file and folder names may hold other bytes).")
    return None


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _actions_used(parser: argparse.ArgumentParser, func: Any) -> list[argparse.Action]:
    """The arguments of ``parser`` and of the sub-command parsers down to the one that runs ``func``."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                below = _actions_used(child, func)
                if below:
                    return [*parser._actions, *below]
    return list(parser._actions) if parser.get_default("func") is func else []
