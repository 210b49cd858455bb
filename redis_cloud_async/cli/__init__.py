"""The `redis-cloud` command: the client, the bulk layer and the simulator from a shell.

    redis-cloud serve --port 8765                 the simulator over loopback
    redis-cloud demo                              a fleet against the simulator, then teardown
    redis-cloud plan fleet.toml                   what apply would change, field by field
    redis-cloud apply fleet.toml --journal j.db   bring the account to the plan (resumable)
    redis-cloud destroy fleet.toml                delete what the plan names
    redis-cloud estimate fleet.toml               price the plan with dry runs
    redis-cloud export [--subscription ID]        the account as a plan file, on stdout
    redis-cloud watch TASK_ID...                  follow tasks until they end
    redis-cloud list subscriptions|databases SUB_ID|tasks [--json]

Credentials come from the environment only: `REDIS_API_KEY`/`REDIS_API_SECRET`, else
`REDISCLOUD_ACCESS_KEY`/`REDISCLOUD_SECRET_KEY`. `--base-url` (or
`REDIS_CLOUD_BASE_URL`) points elsewhere than the real API: https, or plain http to a
loopback host only. On a terminal with rich installed, progress is drawn with bars and
lists as tables; otherwise every line is plain text, for scripts and logs.

Retries are reported on stderr as they are scheduled (method, path, attempt, wait).

`apply` shows the plan first and asks on a terminal (`--yes` does not ask); without a
terminal and without `--yes` it creates and updates only, never a replace or a delete.
`destroy` lists what it deletes and asks; without a terminal it needs `--yes`.

Exit codes:
    0    success
    1    some item or task failed, or a question was not answered yes
    2    usage error (bad arguments, a missing or invalid plan file)
    3    configuration or credentials error (missing or rejected keys, refused URL)
    4    API error (an error status, no answer, a timeout)
    130  interrupted
    141  the output was closed early (a pipe's reader went away, as `| head` does)
    plan --detailed-exitcode: 0 no changes, 2 changes, 1 any error (a usage error or an
    invalid plan file included); 130 and 141 as above
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from .. import __version__
from .._errors import ConfigurationError
from . import _bulk, _export, _listing, _plan, _watch
from ._exit import ExitCode, exit_code_for, leaves
from ._output import PROG, Output, quiet_closed_output, showing_library_warnings
from ._session import CREDENTIALS_HELP, api_options

__all__ = ["ExitCode", "main", "with_manners"]

_EPILOG = __doc__.split("Exit codes:", 1)[1]


def _serve_command(argv: list[str]) -> int:
    with _needs_simulator():
        from ..testing.__main__ import main as serve
    return serve(argv, prog=f"{PROG} serve")


def _demo_command(argv: list[str]) -> int:
    with _needs_simulator():
        from ._demo import main as demo
    return demo(argv, prog=f"{PROG} demo")


@contextmanager
def _needs_simulator() -> Iterator[None]:
    """Say which extra to install when the simulator's dependencies are missing."""
    try:
        yield
    except ImportError as error:
        raise ConfigurationError(
            f"the simulator needs its extra ({error}): pip install 'redis-cloud-async[testing]'"
        ) from None


#: Commands whose own parser takes the rest of the line (`serve --help` is theirs).
_DELEGATED: dict[str, tuple[str, Callable[[list[str]], int]]] = {
    "serve": ("serve the simulator over loopback (options: serve --help)", _serve_command),
    "demo": ("provision a fleet against the simulator, then tear it down", _demo_command),
}


def parser() -> argparse.ArgumentParser:
    """The whole command line (the delegated commands are listed, parsed by their own)."""
    top = argparse.ArgumentParser(
        prog=PROG,
        description="Redis Cloud from the shell: plans, tasks, listings and the simulator.",
        epilog=f"{textwrap.fill(CREDENTIALS_HELP, 79)}\n\nexit codes:{_EPILOG}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (summary, _) in _DELEGATED.items():
        commands.add_parser(name, help=summary, add_help=False)
    api = api_options()
    _plan.register(commands, api)
    _bulk.register(commands, api)
    _export.register(commands, api)
    _watch.register(commands, api)
    _listing.register(commands, api)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code (see the module docstring)."""
    words = list(sys.argv[1:] if argv is None else argv)
    return with_manners(lambda out: _dispatch(words, out), errors=_plan.errors_code(words))


def with_manners(command: Callable[[Output], int], *, errors: ExitCode | None = None) -> int:
    """Run an entry point as the command line runs its commands: the library's warnings
    on stderr, a user's error as a message and an exit code, Ctrl-C and a closed pipe
    without a traceback (`python -m redis_cloud_async.demo` runs the demo so)."""
    out = Output(sys.stdout, sys.stderr)
    with showing_library_warnings():
        return _guarded(out, lambda: command(out), errors=errors)


def _dispatch(words: list[str], out: Output) -> int:
    if words and words[0] in _DELEGATED:
        _, delegate = _DELEGATED[words[0]]
        return delegate(words[1:])
    args = parser().parse_args(words)
    return int(asyncio.run(args.run(args, out)))


def _guarded(out: Output, command: Callable[[], int], *, errors: ExitCode | None = None) -> int:
    """Run `command`, turning the errors a user can act on into a message and a code
    (`errors`: the code of every error instead of its own, but an interruption's)."""
    try:
        return command()
    except SystemExit as done:  # argparse: --help (0), a usage error (2, explained)
        if done.code is None or isinstance(done.code, int):
            return (errors or done.code) if done.code else ExitCode.OK
        out.error(str(done.code))
        return errors or ExitCode.USAGE
    except KeyboardInterrupt:
        out.error("interrupted")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        quiet_closed_output(out)
        return ExitCode.OUTPUT_CLOSED
    except Exception as error:
        code = exit_code_for(error)
        if code is None:
            raise
        for leaf in leaves(error):
            out.error(str(leaf))
        return errors or code
