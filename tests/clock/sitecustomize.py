"""Started by every Python process of a test that sets FEDXL_TEST_CLOCK (the folder is put on
PYTHONPATH): the process, and those it starts, see the clock moved to that moment and running
from there (time-machine), so a server's "today" is the test's, whatever day the suite runs."""

import os

_when = os.environ.get("FEDXL_TEST_CLOCK")
if _when:
    import time_machine

    time_machine.travel(_when, tick=True).start()
