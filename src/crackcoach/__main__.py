"""Allow ``python -m crackcoach``."""

from crackcoach.cli import main

main()
