"""Writing the author's files safely: all or nothing, never half a file."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Write `data` to `path` through a temporary file beside it, flushed to disk, then renamed into place.

    A crash or a full disk leaves either the old file or the new one, never a mix. With `exclusive`,
    an existing file is never replaced (FileExistsError), even if it appeared a moment ago.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        if exclusive:
            os.link(temporary, path)  # fails if the path exists, atomically
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
        _sync_folder(path.parent)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# What to do when a write fails, by errno (see errno(3)).
FIXES = {
    errno.ENOSPC: "free some space on the disk, then run the command again",
    errno.EDQUOT: "free some space (you are over your disk quota), then run the command again",
    errno.EACCES: "you may not write in that folder: check its permissions",
    errno.EPERM: "you may not write in that folder: check its permissions",
    errno.EROFS: "the disk is read-only: run the command in a copy of the project on a disk you can write to",
}


def why_not_written(error: OSError) -> str:
    """Why a file could not be written, and what to do, in words: 'No space left on device: free some space
    on the disk, then run the command again'. error: what write_atomically raised."""
    said = error.strerror or str(error)
    fix = FIXES.get(error.errno or 0)
    return f"{said}: {fix}" if fix else said
