"""``crackcoach sync``: one diary on several machines.

The Typer declarations; what the commands do is in :mod:`crackcoach.app.sync`.
"""

from pathlib import Path
from typing import Annotated

import typer

from crackcoach.app.sync import sync as run_sync
from crackcoach.cli.options import env_of


def sync(
    ctx: typer.Context,
    folder: Annotated[Path | None, typer.Argument(
        metavar="DIR", show_default=False,
        help="The folder another tool keeps in step (Syncthing, Nextcloud, Dropbox, a git "
             "clone). Default: the sync-folder setting.")] = None,
    git: Annotated[bool, typer.Option(
        "--git", help="DIR is a git clone: pull, commit this machine's files, push "
                      "(found on its own when DIR holds .git).")] = False,
    status: Annotated[bool, typer.Option(
        "--status", help="Say what the last sync sent and received, and when.")] = False,
) -> int:
    """Sync the diary with your other machines through a shared folder.

    Each machine writes only its own change files into DIR and reads the
    others'; the diary file itself never goes there. 'crackcoach config set
    sync-folder DIR' makes every command that changes the diary sync on its
    own. See docs/sync.md.

    \b
    Example:
      crackcoach sync ~/Sync/crackcoach
    """
    return run_sync(env_of(ctx), folder, git=git, status=status)
