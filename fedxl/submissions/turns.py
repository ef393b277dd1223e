"""Turns: parallel ingest processes write to the store one at a time, in the order of the batch.

Checking runs on every core at once; only the short store step is taken in turn, so a June
ledger in the same batch as May's is compared with May's (org-missing) just as it would be one
file at a time, and the second copy of the same bytes is recognised as a duplicate.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any


class Turns:
    """A shared counter: index i may take its turn once every index before it has taken its own.

    Made before the process pool and handed to each worker as an initializer argument, so it
    works whether workers are forked (Linux) or spawned (Windows).
    """

    def __init__(self, mp_context: Any) -> None:
        self._cond = mp_context.Condition()
        self._next = mp_context.RawValue("q", 0)

    @contextlib.contextmanager
    def turn(self, index: int) -> Iterator[None]:
        """Wait for `index`'s turn, run the block, then let the next index go (even on error)."""
        with self._cond:
            self._cond.wait_for(lambda: self._next.value >= index)
        try:
            yield
        finally:
            with self._cond:
                self._next.value = max(self._next.value, index + 1)
                self._cond.notify_all()
