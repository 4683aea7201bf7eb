"""A folder kept in step by git: pull, commit the files of one sub-folder, push.

Only the ``git`` program is run (no library), with its output captured; a
failure becomes a :class:`GitFailed` holding git's last line, for the caller to
turn into advice. Nothing here ever resolves a conflict or rewrites history:
each machine adds only new files in its own sub-folder, so pulls merge cleanly.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

_IDENTITY = ("-c", "user.name=crackcoach", "-c", "user.email=crackcoach@localhost")
_TIMEOUT = 120  # seconds; a remote that hangs must not hang the diary for ever


class GitFailed(Exception):
    """A git command that did not succeed; ``str()`` is git's own last line."""


def is_work_tree(folder: Path) -> bool:
    """Whether ``folder`` is the top of a git work tree."""
    return (folder / ".git").exists()


def _git(folder: Path, *args: str) -> str:
    environ = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                              text=True, timeout=_TIMEOUT, env=environ, check=False,
                              stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise GitFailed("the git program is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitFailed(f"git {args[0]} took longer than {_TIMEOUT} s") from None
    if done.returncode != 0:
        lines = [line.strip() for line in (done.stderr or done.stdout).splitlines()
                 if line.strip()]
        raise GitFailed(lines[-1] if lines else f"git {args[0]} failed")
    return done.stdout


def has_remote(folder: Path) -> bool:
    """Whether the work tree's branch has somewhere to pull from and push to."""
    return bool(_git(folder, "remote").strip())


def has_upstream_commits(folder: Path) -> bool:
    """Whether the remote holds any branch yet (a new empty remote holds none)."""
    return bool(_git(folder, "ls-remote", "--heads", "origin").strip())


def pull(folder: Path) -> None:
    """Bring in what the other machines pushed (a rebase: only new files meet)."""
    if has_upstream_commits(folder):
        _git(folder, *_identity(folder), "pull", "--rebase", "--quiet",
             "origin", _branch(folder))


def commit(folder: Path, paths: list[str], message: str) -> bool:
    """Commit these paths (relative to the folder); False when nothing changed."""
    _git(folder, "add", "--", *paths)
    if not _git(folder, "status", "--porcelain", "--", *paths).strip():
        return False
    _git(folder, *_identity(folder), "commit", "--quiet", "-m", message,
         "--", *paths)
    return True


def push(folder: Path) -> None:
    """Send the commits to the remote's branch of the same name."""
    _git(folder, "push", "--quiet", "origin", f"HEAD:refs/heads/{_branch(folder)}")


def _branch(folder: Path) -> str:
    return _git(folder, "symbolic-ref", "--short", "HEAD").strip() or "main"


def _identity(folder: Path) -> tuple[str, ...]:
    """A name for the commit when the person has none set (git refuses to commit then)."""
    try:
        _git(folder, "config", "user.email")
    except GitFailed:
        return _IDENTITY
    return ()
