"""The use cases: one plain, typed function per command, and the environment they run in.

Nothing here imports Typer. Each use case takes an :class:`~crackcoach.app.env.Env`
(built once per run by the command line), calls the core, and hands what it
found to a view. Errors are the core's own (:mod:`crackcoach.errors`).
"""
