"""Entry point of the frozen app: the same ``corpus-reader`` command as the installed script.

Why a file of its own: PyInstaller needs a script, and a frozen program must call
``multiprocessing.freeze_support()`` first, so that the spawned indexing helper
(``reader.search.indexer.write_parallel``) runs the helper instead of a second app.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from reader.cli import main

    sys.exit(main())
