"""Windows: a worker limits itself through a Job Object (memory per process, user CPU time).

Windows has no RLIMIT_AS; a job with JOB_OBJECT_LIMIT_PROCESS_MEMORY makes an allocation over
the limit fail, and JOB_OBJECT_LIMIT_PROCESS_TIME ends the process when its user time runs out.
Best effort: where the job cannot be made (an old Windows that forbids nested jobs), the worker
still runs, as a separate process, so a crash stays its own.
"""

from __future__ import annotations

import ctypes
from ctypes import wintypes
from typing import Any

JOB_OBJECT_LIMIT_PROCESS_TIME = 0x00000002
JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x00000100
JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION = 0x00000400
JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9
TICKS = 10_000_000  # 100-ns units a second


class _Basic(ctypes.Structure):
    _fields_ = [
        ("PerProcessUserTimeLimit", ctypes.c_int64),
        ("PerJobUserTimeLimit", ctypes.c_int64),
        ("LimitFlags", wintypes.DWORD),
        ("MinimumWorkingSetSize", ctypes.c_size_t),
        ("MaximumWorkingSetSize", ctypes.c_size_t),
        ("ActiveProcessLimit", wintypes.DWORD),
        ("Affinity", ctypes.c_size_t),
        ("PriorityClass", wintypes.DWORD),
        ("SchedulingClass", wintypes.DWORD),
    ]


class _IoCounters(ctypes.Structure):
    _fields_ = [
        (name, ctypes.c_uint64)
        for name in (
            "ReadOperationCount",
            "WriteOperationCount",
            "OtherOperationCount",
            "ReadTransferCount",
            "WriteTransferCount",
            "OtherTransferCount",
        )
    ]


class _Extended(ctypes.Structure):
    _fields_ = [
        ("BasicLimitInformation", _Basic),
        ("IoInfo", _IoCounters),
        ("ProcessMemoryLimit", ctypes.c_size_t),
        ("JobMemoryLimit", ctypes.c_size_t),
        ("PeakProcessMemoryUsed", ctypes.c_size_t),
        ("PeakJobMemoryUsed", ctypes.c_size_t),
    ]


_job: dict[str, Any] = {}


def _kernel32() -> Any:
    return ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]


def _apply(memory: int | None = None, seconds: float | None = None) -> bool:
    """Set the job's limits (making the job and joining it the first time)."""
    k = _kernel32()
    if "handle" not in _job:
        handle = k.CreateJobObjectW(None, None)
        if not handle or not k.AssignProcessToJobObject(handle, k.GetCurrentProcess()):
            return False
        _job["handle"] = handle
    if memory is not None:
        _job["memory"] = memory
    if seconds is not None:
        _job["until"] = _user_time(k) + int(seconds * TICKS)
    info = _Extended()
    flags = JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION
    if "memory" in _job:
        flags |= JOB_OBJECT_LIMIT_PROCESS_MEMORY
        info.ProcessMemoryLimit = _job["memory"]
    if "until" in _job:
        flags |= JOB_OBJECT_LIMIT_PROCESS_TIME
        info.BasicLimitInformation.PerProcessUserTimeLimit = _job["until"]
    info.BasicLimitInformation.LimitFlags = flags
    return bool(
        k.SetInformationJobObject(
            _job["handle"],
            JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS,
            ctypes.byref(info),
            ctypes.sizeof(info),
        )
    )


def _user_time(k: Any) -> int:
    created, exited, kernel, user = (wintypes.FILETIME() for _ in range(4))
    if not k.GetProcessTimes(
        k.GetCurrentProcess(),
        ctypes.byref(created),
        ctypes.byref(exited),
        ctypes.byref(kernel),
        ctypes.byref(user),
    ):
        return 0
    return (user.dwHighDateTime << 32) | user.dwLowDateTime


def limit_memory(cap: int) -> bool:
    return _apply(memory=cap)


def limit_time(seconds: float) -> bool:
    return _apply(seconds=seconds)
