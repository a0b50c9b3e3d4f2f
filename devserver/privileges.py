"""What running PostgreSQL as root needs: an unprivileged user that can reach the files."""

from __future__ import annotations

import logging
import os
import pwd
import stat
import subprocess
from pathlib import Path

from devserver.process import ServerError

log = logging.getLogger(__name__)


def ensure_system_user(name: str) -> pwd.struct_passwd:
    """Return the passwd entry of system user `name`, creating the user if missing."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        pass
    log.info("creating system user %s: initdb and postgres refuse to run as root", name)
    args = [
        "useradd",
        "--system",
        "--user-group",
        "--no-create-home",
        "--home-dir",
        "/nonexistent",
        "--shell",
        "/usr/sbin/nologin",
        "--comment",
        "ocrflow embedded PostgreSQL",
        name,
    ]
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    try:  # a concurrent run may have created it first, making our useradd fail harmlessly
        return pwd.getpwnam(name)
    except KeyError:
        raise ServerError(f"could not create system user {name}: {result.stderr.strip()}") from None


def make_traversable(path: Path) -> None:
    """Grant others search (o+x) on `path` and on every parent that lacks it."""
    # `mktemp -d` and pytest make 0700 directories, which the postgres user cannot pass through.
    # Search permission alone lets it reach its own files by name without listing anything.
    for directory in (path, *path.parents):
        mode = directory.stat().st_mode
        if not mode & stat.S_IXOTH:
            log.warning("granting o+x on %s so the postgres user can reach its files", directory)
            directory.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)


def give_tree(path: Path, uid: int, gid: int) -> None:
    """Make `path` and everything under it owned by uid:gid, if it is not already."""
    if path.stat().st_uid == uid:
        return
    os.chown(path, uid, gid)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(os.path.join(root, name), uid, gid, follow_symlinks=False)
