"""One error path: whatever fails, from recon or a library under it, the user gets one line naming the file.

The CLI notes the file it is working on (`working_on`); a failure that names no file of its own
(a Rust panic in polars or calamine, a library's ValueError) is reported against that file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

_current: list[str] = []


@contextmanager
def working_on(path: str | object) -> Iterator[None]:
    """Mark `path` as the file being read or written while the block runs."""
    _current.append(str(path))
    try:
        yield
    except BaseException as error:
        if not hasattr(error, "recon_file"):  # the innermost file wins: it is the one being read
            try:
                error.recon_file = str(path)  # type: ignore[attr-defined]
            except AttributeError:
                pass
        raise
    finally:
        _current.pop()


def current_file(error: BaseException | None = None) -> str | None:
    """The file a failure happened on (noted as it passed `working_on`), else the one being worked on."""
    noted = getattr(error, "recon_file", None)
    return noted or (_current[-1] if _current else None)


def describe(error: BaseException) -> str:
    """The message for a failure nothing more specific caught: the file, what failed, how to report it."""
    where = current_file(error)
    kind = type(error).__name__
    origin = type(error).__module__.split(".")[0]
    library = f" in {origin}" if origin not in ("builtins", "toolkit") else ""
    text = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
    message = f"unexpected {kind}{library}" + (f": {text}" if text else "")
    return (f"{where}: " if where else "") + message + " (run with RECON_DEBUG=1 and report it)"
