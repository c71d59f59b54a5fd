"""When Python's garbage collector runs: hardly at all while spaCy and the pipeline load, as usual after.

Loading spaCy and the pipeline builds several hundred thousand objects, none of them garbage. With the
default thresholds the collector walks them again and again while they are built: about a tenth of a
second of a cold start. The CLI therefore asks for rare collections at start-up (``while_loading``).
Once the engine is built, its objects are frozen out of the collector's sight for the rest of the run
and the default thresholds come back (``after_loading``), so linting a thousand drafts collects their
garbage as often as before without walking the pipeline each time. Collecting rarely for a whole
batch instead cost about 90 MB of peak memory.

Only the command does this: a program that uses tonecheck as a library keeps its own settings.
"""

from __future__ import annotations

import gc

_DEFAULT_THRESHOLDS = gc.get_threshold()
# A million new objects between collections: reading the cached rules and compiled patterns makes some
# hundreds of thousands more, and at 200,000 the collections among them cost about 45 ms of a cold start
# (a million measured best; switching the collector off altogether was slower still, by 0.15 s).
_RARELY = (1_000_000, 50, 50)
_state = {"loading": False}


def while_loading() -> None:
    """Collect rarely until ``after_loading``."""
    _state["loading"] = True
    gc.set_threshold(*_RARELY)


def after_loading() -> None:
    """Leave the loaded objects out of every later collection and collect as usual again (only after
    ``while_loading``: otherwise nothing changes)."""
    if not _state["loading"]:
        return
    _state["loading"] = False
    gc.freeze()
    gc.set_threshold(*_DEFAULT_THRESHOLDS)
