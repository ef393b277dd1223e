"""Fault injection for crash tests: FEDXL_FAULT=<point>[:<n>[:oserror]] kills the process at a
checkpoint (or, with `oserror`, raises "disk full" there instead). With FEDXL_FAULT_ONCE=<file>
only the first process to reach it fails (it makes that file): a worker dies, the rest go on.

Only the tests set the variable; unset, a checkpoint costs one dictionary lookup.
"""

from __future__ import annotations

import os

_seen: dict[str, int] = {}


def checkpoint(name: str) -> None:
    """Die abruptly (like kill -9) when FEDXL_FAULT names this point (on its n-th pass)."""
    spec = os.environ.get("FEDXL_FAULT")
    if not spec:
        return
    point, _, rest = spec.partition(":")
    if point != name:
        return
    nth, _, kind = rest.partition(":")
    _seen[name] = _seen.get(name, 0) + 1
    if _seen[name] >= int(nth or 1):
        once = os.environ.get("FEDXL_FAULT_ONCE")
        if once:
            try:
                os.close(os.open(once, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                return
        if kind == "oserror":
            raise OSError(28, "No space left on device")
        os._exit(137)
