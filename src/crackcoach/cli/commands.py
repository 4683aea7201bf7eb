"""The Typer declarations of the commands, and the application that holds them.

Today's screen, plans, settings and reminders are declared in
:mod:`crackcoach.cli.planning`; what the declarations share is in
:mod:`crackcoach.cli.options`.

Each command reads its options (with the readers of :mod:`crackcoach.diary.values`,
see :mod:`crackcoach.cli.readers`), takes the environment the entry point
built (``ctx.obj``) and returns what one use case in :mod:`crackcoach.app`
returns. Help texts live here; what a command does lives in ``app/``.
"""

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from crackcoach import __version__
from crackcoach.cli import corrections, planning
from crackcoach.cli.listing import HELP
from crackcoach.cli.options import (
    ActivityRating,
    At,
    Cracks,
    Discomfort,
    Flag,
    Json,
    Mobility,
    Note,
    Output,
    RoutinesDir,
    Stiffness,
    TighterSide,
    complete_routine,
)
from crackcoach.cli.options import env_of as _env
from crackcoach.cli.options import paths_of as _paths
from crackcoach.cli.readers import Command, Group
from crackcoach.diary import values
from crackcoach.errors import InputError

# -- shared options ----------------------------------------------------------------------

Weeks = Annotated[int, typer.Option(
    "--weeks", metavar="N", parser=values.WEEKS,
    help=f"How many calendar weeks, up to this one (1-{values.MAX_WEEKS}; default 8).")]
Target = Annotated[int | None, typer.Option(
    "--target", metavar="N", parser=values.TARGET, show_default=False,
    help=f"Sessions a week you aim for (1-{values.MAX_TARGET}; default: your weekly-target "
         "setting, else 3).")]
RoutineFilter = Annotated[str | None, typer.Option(
    "--routine", metavar="NAME", parser=values.utf8,
    help="Only this routine's sessions and the entries logged with them.")]
AsOf = Annotated[str | None, typer.Option(
    "--as-of", metavar="DATE", parser=values.utf8,
    help="Show the diary as it was on DATE (YYYY-MM-DD, or yesterday, 3d, 2w) instead of "
         "today.")]


# -- sessions -----------------------------------------------------------------------------

def start(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(
        metavar="NAME", parser=values.utf8, show_default=False,
        autocompletion=complete_routine,
        help="The routine to run (default: today's, as 'crackcoach' shows it; without a "
             "plan, back-reset or your default-routine setting).")
    ] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Print every phase with its start time and the total; run nothing.")
    ] = False,
    hold: Annotated[float | None, typer.Option(
        "--hold", metavar="SECONDS", parser=values.seconds(1, 600),
        help="Seconds to hold each stretch (1-600).")] = None,
    reps: Annotated[int | None, typer.Option(
        "--reps", metavar="N", parser=values.whole_number(1, 50),
        help="Rounds of each stretch and repetitions of each exercise (1-50).")] = None,
    quick: Annotated[bool, typer.Option(
        "--quick", help="A shorter session: one round of everything, holds at most 20 s.")
    ] = False,
    easier: Annotated[bool, typer.Option(
        "--easier", help="Play each step's easier version where it has one ('crackcoach show' "
        "lists them).")] = False,
    harder: Annotated[bool, typer.Option(
        "--harder", help="Play each step's harder version where it has one.")] = False,
    no_log: Annotated[bool, typer.Option(
        "--no-log", help="Skip the comfort diary's questions for this session.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="No bell at phase changes.")] = False,
    voice: Annotated[bool, typer.Option(
        "--voice", help="Speak step names and side switches (espeak-ng, espeak or say).")
    ] = False,
    plain: Annotated[bool, typer.Option(
        "--plain", help="One line per phase change, no full-screen view (automatic when not "
        "in a terminal).")] = False,
    routines_dir: RoutinesDir = None,
    yes: Annotated[bool, typer.Option(
        "--yes", "-y", help="Go on with a --hold over 60 s or --reps over 5 without asking "
        "(they are above the usual stretching guidance).")] = False,
) -> int:
    """Run a routine as a guided session with live hold timers.

    Keys while it runs: space pause, n next step, b back (twice: previous step),
    x this hurts (stop, saved as stopped), q quit, ? help. Settings (crackcoach
    config) can turn on --quiet, --voice and --plain for every session.

    \b
    Example:
      crackcoach start desk-hips --quick
    """
    from crackcoach.app.session import start as run_start
    from crackcoach.app.start_options import StartOptions

    return run_start(_env(ctx), StartOptions(
        name=name, dry_run=dry_run, hold=hold, reps=reps, quick=quick, easier=easier,
        harder=harder, no_log=no_log, quiet=quiet, voice=voice, plain=plain,
        extra_dirs=_paths(routines_dir), yes=yes))


# -- routines -----------------------------------------------------------------------------

def list_routines(ctx: typer.Context, json_output: Json = False,
                  routines_dir: RoutinesDir = None) -> int:
    """List every routine you can start.

    \b
    Example:
      crackcoach list --json
    """
    from crackcoach.app import routines

    return routines.list_routines(_env(ctx), json_output=json_output,
                                  extra_dirs=_paths(routines_dir))


def show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", parser=values.utf8,
                                        autocompletion=complete_routine,
                                        help="The routine's name, e.g. back-reset.")],
    json_output: Json = False,
    routines_dir: RoutinesDir = None,
) -> int:
    """Show a routine's steps, instructions and timings.

    \b
    Example:
      crackcoach show desk-hips
    """
    from crackcoach.app import routines

    return routines.show(_env(ctx), name, json_output=json_output,
                         extra_dirs=_paths(routines_dir))


def validate(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar="PATH", parser=values.path,
        help="Routine files or folders to check (default: all your routines).")] = None,
    routines_dir: RoutinesDir = None,
) -> int:
    """Check routine files and report every problem.

    Exits with status 1 if any file is invalid. The format of a routine file:
    'crackcoach learn routine-format'.

    \b
    Example:
      crackcoach validate ~/my-routines/evening-back.yaml
    """
    from crackcoach.app import routines

    return routines.validate(_env(ctx), _paths(paths), extra_dirs=_paths(routines_dir))


def new(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", parser=values.utf8,
                                        help="Name for the new routine, e.g. evening-back.")],
    print_only: Annotated[bool, typer.Option(
        "--print", help="Print the template instead of writing a file.")] = False,
) -> int:
    """Write a commented template routine, ready to edit.

    The file goes into your routines folder; 'crackcoach learn routine-format'
    describes every key it can hold.

    \b
    Example:
      crackcoach new evening-back
    """
    from crackcoach.app import routines

    return routines.new(_env(ctx), name, print_only=print_only)


def sheet(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", parser=values.utf8,
                                        autocompletion=complete_routine,
                                        help="The routine's name, e.g. back-reset.")],
    output: Output = None,
    routines_dir: RoutinesDir = None,
) -> int:
    """Write a routine as a printable sheet with a figure for each step.

    One self-contained HTML page to print or pin up: each step with its
    figure, dose, cues, caution and easier version, your plan week when you
    follow a plan, and the stop rule and urgent signs at the foot.

    \b
    Example:
      crackcoach sheet back-reset -o back-reset.html
    """
    from crackcoach.app import sheet

    return sheet.sheet(_env(ctx), name, output=output, extra_dirs=_paths(routines_dir))


# -- the diary ----------------------------------------------------------------------------

def log(
    ctx: typer.Context,
    discomfort: Discomfort = None,
    stiffness: Stiffness = None,
    mobility: Mobility = None,
    tighter_side: TighterSide = None,
    cracks: Cracks = None,
    flag: Flag = None,
    note: Note = None,
    at: At = None,
    activity: ActivityRating = None,
) -> int:
    """Note how your back feels, without a session.

    With no options it asks the questions (in a terminal). With options it
    saves the entry at once; --discomfort and --stiffness are then required,
    unless only activities are rated (--activity ID=SCORE, once a week).

    \b
    Example:
      crackcoach log --discomfort 3 --stiffness 2
    """
    from crackcoach.app.diary import LogValues
    from crackcoach.app.diary import log as run_log

    return run_log(_env(ctx), LogValues(discomfort, stiffness, mobility, tighter_side, cracks,
                                        tuple(flag or ()), note, at, tuple(activity or ())))


def activity(
    ctx: typer.Context,
    action: Annotated[str | None, typer.Argument(
        metavar="ACTION", parser=values.one_of(("list", "add", "remove", "rename")),
        show_default=False,
        help="list (the default), add TEXT, remove ID or rename ID TEXT.")] = None,
    words: Annotated[list[str] | None, typer.Argument(
        metavar="ARGS", parser=values.utf8, show_default=False,
        help="add: the activity's name; remove: its id (a2, or 2); rename: its id, then "
             "the new name.")] = None,
    json_output: Json = False,
) -> int:
    """Name the activities your back makes hard, and rate them.

    Up to 5, such as "tie my shoes" or "sit through a one-hour meeting". Each
    is rated 0-10 once a week (0 = unable, 10 = as well as before the
    problem): after a session, by 'crackcoach log', or with
    'crackcoach log --activity ID=SCORE'. 'crackcoach stats' judges the change.

    \b
    Example:
      crackcoach activity add "tie my shoes"
    """
    from crackcoach.app.activities import activity as run_activity

    return run_activity(_env(ctx), action or "list", tuple(words or ()),
                        json_output=json_output)


def history(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option(
        "--limit", metavar="N", parser=values.LIMIT,
        help="Show at most N sessions and entries (default 20).")] = 20,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="DATE", parser=values.utf8,
        help="Only from DATE on: ISO 8601 (2024-05-01 or 2024-05-01T08:00), or today, "
             "yesterday, 3d, 2w (days or weeks ago).")] = None,
    json_output: Json = False,
) -> int:
    """Show your sessions and diary entries, newest first.

    \b
    Example:
      crackcoach history --since 2024-05-01 --json
    """
    from crackcoach.app import diary

    return diary.history(_env(ctx), limit=limit, since=since, json_output=json_output)


def flags(ctx: typer.Context, json_output: Json = False) -> int:
    """List the safety signs, their keys and how urgent each is.

    \b
    Example:
      crackcoach flags
    """
    from crackcoach.app import diary

    return diary.flags(_env(ctx), json_output=json_output)


def cleared(
    ctx: typer.Context,
    at: Annotated[str | None, typer.Option(
        "--at", metavar="WHEN", parser=values.utf8,
        help="When you were seen: a date (2024-05-01, yesterday, 3d) or a date and time "
             "(2024-05-01T15:00). Default: now.")] = None,
) -> int:
    """Record that a doctor or physiotherapist has seen you.

    An urgent or 'soon' sign stays open until then: today's screen gives its
    advice instead of a routine, 'start' asks before a session, and your plan
    is paused. This closes every sign recorded before the time given; it is kept
    in the diary and its exports, and 'crackcoach undo' takes it back.

    \b
    Example:
      crackcoach cleared --at 2024-05-01
    """
    from crackcoach.app.signs import cleared as run_cleared

    return run_cleared(_env(ctx), at=at)


def learn(
    ctx: typer.Context,
    topic: Annotated[str | None, typer.Argument(
        metavar="TOPIC", parser=values.utf8,
        help="The page to read (a unique start is enough); leave out to list them.")
    ] = None,
) -> int:
    """Read short pages on back cracking, safety, and the file formats.

    \b
    Example:
      crackcoach learn myths
    """
    from crackcoach.app import diary

    return diary.learn(_env(ctx), topic)


def check(
    ctx: typer.Context,
    show: Annotated[bool, typer.Option(
        "--show", help="Show your answers and their advice; change nothing.")] = False,
    applies: Annotated[list[str] | None, typer.Option(
        "--applies", metavar="KEY", parser=values.condition_key,
        help="Answer without questions: this one applies (repeatable; keys in 'crackcoach "
             "learn before-you-start').")] = None,
    none: Annotated[bool, typer.Option(
        "--none", help="Answer without questions: none of them applies.")] = False,
) -> int:
    """Show or change your answer to the first-run safety check.

    The check asks who should talk to a professional before starting; it is
    asked once, at your first 'crackcoach start' in a terminal. Any yes brings
    advice and never stops you starting. In a terminal this asks again;
    --applies and --none answer for scripts.

    \b
    Example:
      crackcoach check --show
    """
    from crackcoach.app.firstcheck import CheckOptions
    from crackcoach.app.firstcheck import check as run_check

    return run_check(_env(ctx), CheckOptions(show=show, applies=tuple(applies or ()),
                                             none=none))


# -- progress -----------------------------------------------------------------------------

def stats(
    ctx: typer.Context,
    weeks: Weeks = 8,
    routine: RoutineFilter = None,
    target: Target = None,
    as_of: AsOf = None,
    json_output: Annotated[bool, typer.Option(
        "--json", help="Print the figures as JSON instead of charts.")] = False,
) -> int:
    """Show progress by week: comfort, change, sessions, streaks.

    Weeks are calendar weeks (Monday to Sunday, or from Sunday with the
    week-start setting). Change is judged against the diary's first week with
    3 readings, by the published rule for a meaningful change in pain; one
    session is never judged on its own.

    \b
    Example:
      crackcoach stats --weeks 12 --target 4
    """
    from crackcoach.app import progress

    return progress.stats(_env(ctx), weeks=weeks, routine=routine,
                          target=target,
                          as_of=as_of, json_output=json_output)


def report(
    ctx: typer.Context,
    weeks: Weeks = 8,
    output: Output = None,
    report_format: Annotated[str, typer.Option(
        "--format", metavar="FORMAT", parser=values.one_of(("markdown", "html")),
        help="markdown (the default) or html (one self-contained file).")] = "markdown",
    routine: RoutineFilter = None,
    target: Target = None,
    as_of: AsOf = None,
) -> int:
    """Write a one-page report for a physiotherapist or doctor.

    \b
    Example:
      crackcoach report --format html -o report.html
    """
    from crackcoach.app import progress

    return progress.report(_env(ctx), weeks=weeks, output=output, report_format=report_format,
                           routine=routine, target=target,
                           as_of=as_of)


def export(
    ctx: typer.Context,
    export_format: Annotated[str, typer.Option(
        "--format", metavar="FORMAT", parser=values.one_of(("csv", "json", "fhir")),
        help="csv (the default), json, or fhir (a FHIR R4 bundle for a clinic's "
             "system).")] = "csv",
    output: Output = None,
    table: Annotated[str | None, typer.Option(
        "--table", metavar="TABLE", parser=values.one_of(("sessions", "entries")),
        help="Only one table, for a spreadsheet: sessions or entries.")] = None,
    raw_cells: Annotated[bool, typer.Option(
        "--raw-cells", help="Write CSV cells as they are, without the ' that keeps a "
                            "spreadsheet from running text starting with =, +, - or @ as a "
                            "formula.")] = False,
    safe_cells: Annotated[bool, typer.Option(
        "--safe-cells", hidden=True, help="The default now; kept for scripts.")] = False,
    patient_name: Annotated[str | None, typer.Option(
        "--patient-name", metavar="NAME", parser=values.text(200),
        help="With --format fhir: the name to put on the bundle's Patient (without it the "
             "bundle names nobody).")] = None,
) -> int:
    """Export every session and diary entry as CSV or JSON.

    The JSON export is the complete backup: it also keeps the sessions'
    timelines and the old versions of edited and deleted records. The CSV
    export is for spreadsheets: text that a spreadsheet would run as a formula
    gets a ' in front (import takes it off again), and a last column, utc,
    gives each record's time in UTC. Both import back. --format fhir writes a
    FHIR R4 bundle for a clinic's system (not read back by import).

    'crackcoach learn data-format' describes the columns.

    \b
    Example:
      crackcoach export --format json -o backup.json
    """
    from crackcoach.app import progress

    if raw_cells and safe_cells:
        raise InputError("--raw-cells and --safe-cells contradict each other: give one")
    return progress.export(_env(ctx), export_format=export_format, output=output,
                           table=table, raw_cells=raw_cells, patient_name=patient_name)


def import_file(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(
        metavar="FILE", parser=values.file_path,
        help="Files written by 'crackcoach export' (CSV or JSON), or - for standard input; "
             "the two tables of 'export --table' go together.")],
) -> int:
    """Add the sessions and entries from export files.

    Every row is checked first: if any is wrong, nothing is imported. Rows the
    diary already holds exactly are skipped.

    \b
    Example:
      crackcoach import backup.json
    """
    from crackcoach.app import progress

    return progress.import_file(_env(ctx), files)


# -- the application ----------------------------------------------------------------------

COMMANDS = (
    ("today", planning.today), ("start", start), ("plan", planning.plan),
    ("list", list_routines), ("show", show), ("validate", validate), ("new", new),
    ("sheet", sheet),
    ("log", log), ("activity", activity), ("history", history), ("edit", corrections.edit),
    ("delete", corrections.delete), ("undo", corrections.undo), ("done", corrections.done),
    ("flags", flags), ("cleared", cleared), ("learn", learn), ("check", check),
    ("stats", stats), ("report", report), ("export", export), ("import", import_file),
    ("config", planning.config), ("remind", planning.remind), ("sync", corrections.sync),
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"crackcoach {__version__}")
        raise typer.Exit()


def build_app(only: str | None = None, *, listing_only: bool = False) -> typer.Typer:
    """The ``crackcoach`` Typer application with every command registered.

    With ``only`` (a command's name) just that command is registered: building
    a command means reading every parameter's declaration, and a run needs
    only the command it runs. With ``listing_only`` (for ``crackcoach --help``,
    which lists the commands and their summaries and runs none) each command
    is registered without its parameters, for the same reason.
    """
    app = typer.Typer(
        name="crackcoach",
        cls=Group,
        help=HELP,
        add_completion=True,
        no_args_is_help=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    @app.callback(invoke_without_command=True)
    def _root(
        ctx: typer.Context,
        version: bool = typer.Option(False, "--version", "-V", callback=_version,
                                     is_eager=True, help="Show the version and exit."),
    ) -> int | None:
        """A stretching coach for your back, in the terminal."""
        if ctx.invoked_subcommand is None:
            raise typer.Exit(planning.today(ctx))
        return None

    for name, function in COMMANDS:
        if only is None or name == only:
            app.command(name, cls=Command)(_summary_of(function) if listing_only else function)
    return app


def _summary_of(function: Callable[..., int]) -> Callable[[], None]:
    """A stand-in for a command in the list of ``--help``: its help text, no parameters."""
    def listed() -> None:
        raise AssertionError("a command listed by --help never runs")

    listed.__doc__ = function.__doc__
    return listed


def command_names() -> tuple[str, ...]:
    """The name of every command, in the order of ``crackcoach --help``."""
    return tuple(name for name, _ in COMMANDS)
