"""Exceptions that carry a message key and the process exit code the CLI should use."""

from __future__ import annotations

from typing import Any


class FedxlError(Exception):
    """A user-facing failure: a catalogue key, its arguments and an exit code."""

    exit_code = 2

    def __init__(self, key: str, /, **kwargs: Any) -> None:
        self.key = key
        self.kwargs = kwargs
        super().__init__(key)

    def render(self) -> str:
        from fedxl.i18n import t

        return t(self.key, **self.kwargs)

    def __str__(self) -> str:
        return self.render()


class ConfigError(FedxlError):
    """`fedxl.toml` is missing, unreadable or has a bad value."""


class FormError(FedxlError):
    """The form definition file itself is invalid."""


class UsageError(FedxlError):
    """A command was called with arguments that do not make sense."""


class LockedError(FedxlError):
    """Another run holds the workspace lock."""

    exit_code = 3


class StoreError(FedxlError):
    """The store (workbooks/fedxl.db) is empty, damaged or cannot be written."""


def os_reason(exc: OSError) -> str:
    """What the operating system said, in the message language (a file open in Excel on Windows
    is a PermissionError: say so)."""
    import errno

    from fedxl.i18n import t

    key = {
        errno.ENOENT: "os.missing",
        errno.EACCES: "os.denied",
        errno.EPERM: "os.denied",
        errno.ENOSPC: "os.full",
        errno.EISDIR: "os.folder",
        errno.EROFS: "os.readonly",
        errno.ENOTDIR: "os.missing",
        errno.EBUSY: "os.denied",
    }.get(exc.errno or 0)
    if key is None and isinstance(exc, PermissionError):
        key = "os.denied"
    return t(key) if key else (exc.strerror or str(exc))
