"""Turning exceptions into a one-screen message and an exit code.

A clerk running ``wenming score`` on a ledger with a typo needs the list of
problems, not a Python traceback; ``--debug`` brings the traceback back for
whoever maintains the plugin.

Exit codes, the same for every command so that scripts and CI can branch on them:

* 0 — success;
* 1 — the command ran and the answer is "no": a verdict is Fail or a total is
  below ``--fail-under`` (``score --check``);
* 2 — the input is wrong (data, arguments, dates, files) and the user can fix it;
* 3 — something installed is broken (a plugin, a rubric it ships) or wenming
  itself failed.

* 141 — the reader of the output went away (``wenming … | head -1``): nothing is
  written and the status is the one a shell reports for a program killed by
  SIGPIPE (128 + 13), so that ``set -o pipefail`` does not read it as a Fail.
"""

from __future__ import annotations

import errno
import sys
from typing import IO, Any, Literal

import click

from wenming.errors import (
    DatasetError,
    PluginError,
    RubricError,
    WenmingError,
    in_lang,
    render_issues,
)

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_VERDICT",
    "CliError",
    "CliFailure",
    "VerdictFailed",
    "cli_error",
    "exit_code_for",
    "is_broken_pipe",
    "message_for",
    "quiet_broken_pipe",
    "to_cli_error",
]

EXIT_OK = 0
EXIT_VERDICT = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_BROKEN_PIPE = 141

Lang = Literal["zh", "en"]
_PREFIX = {None: "错误 / Error:", "zh": "错误：", "en": "Error:"}
_DEBUG_HINT = {"en": "(run with --debug for the full traceback / 加 --debug 查看完整调用栈)",
               "zh": "（加 --debug 查看完整调用栈）"}


class CliError(click.ClickException):
    """A message for the user about their input; exits with 2."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str, lang: Lang | None = None) -> None:
        super().__init__(message)
        self.lang = lang

    def show(self, file: IO[Any] | None = None) -> None:
        from wenming.reporters.table import fit_lines

        prefix = click.style(_PREFIX[self.lang], fg="red", bold=True)
        # wrapped before styling: the colour codes take no columns on screen
        text = fit_lines(f"{_PREFIX[self.lang]} {self.format_message()}",
                         stream=file or sys.stderr)
        text = prefix + text[len(_PREFIX[self.lang]):]
        click.echo(text, file=file, err=file is None)


class CliFailure(CliError):
    """A message about something broken that the user did not cause; exits with 3."""

    exit_code = EXIT_INTERNAL


class VerdictFailed(click.ClickException):
    """The report was produced, and a verdict it holds is a failure; exits with 1."""

    exit_code = EXIT_VERDICT

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.format_message(), file=file, err=file is None)


def cli_error(message: str, exit_code: int = EXIT_BAD_INPUT, lang: Lang | None = None
              ) -> CliError:
    """The error class that exits with ``exit_code`` (2 or 3)."""
    if exit_code == EXIT_BAD_INPUT:
        return CliError(message, lang)
    return CliFailure(message, lang)


def exit_code_for(error: BaseException) -> int:
    """2 when the user's input is at fault, 3 when an installed component or wenming is."""
    # A rubric comes from an installed plugin, so an invalid one is the
    # plugin's fault, not the user's (the user cannot edit it).
    if isinstance(error, PluginError | RubricError):
        return EXIT_INTERNAL
    # OSError here is about the user's files (missing, unreadable, unwritable);
    # a plugin's own file errors arrive wrapped in PluginError.
    if isinstance(error, WenmingError | OSError):
        return EXIT_BAD_INPUT
    return EXIT_INTERNAL


def quiet_broken_pipe() -> None:
    """Let the interpreter's last flush into a closed pipe pass without a message."""
    from click.utils import PacifyFlushWrapper

    sys.stdout = PacifyFlushWrapper(sys.stdout)  # type: ignore[operator]
    sys.stderr = PacifyFlushWrapper(sys.stderr)  # type: ignore[operator]


def is_broken_pipe(error: BaseException) -> bool:
    """The reader of our output went away (``| head``): nothing to report."""
    return isinstance(error, OSError) and error.errno == errno.EPIPE


def message_for(error: BaseException, lang: Lang = "en") -> str:
    """The text shown for ``error`` in ``lang``, with a hint where a traceback would help.

    Under ``--lang zh`` every part is Chinese: the headline, each issue and what
    was expected (see :meth:`wenming.errors.DataIssue.text`).
    """
    if isinstance(error, PluginError):
        return f"{in_lang(str(error), lang)}\n{_DEBUG_HINT[lang]}"
    if isinstance(error, DatasetError | RubricError):
        return render_issues(error.headline, error.issues, lang)
    if isinstance(error, WenmingError):
        text = error.args[0] if error.args and isinstance(error.args[0], str) else str(error)
        return in_lang(text, lang)
    if isinstance(error, OSError) and error.filename is not None:
        return f"{error.strerror or error} — {error.filename}"
    internal = "内部错误" if lang == "zh" else "internal error / 内部错误"
    return f"{internal}: {type(error).__name__}: {error}\n{_DEBUG_HINT[lang]}"


def to_cli_error(error: BaseException, lang: Lang | None = None) -> CliError:
    return cli_error(message_for(error, lang or "en"), exit_code_for(error), lang)


def show_scoring_tracebacks(debug: bool = True) -> None:
    """Under ``--debug``, print the traceback of every criterion type that raised (stderr);
    without it, print none. Set on every invocation, so one ``--debug`` run in a process
    (a test session, an embedding program) does not leak into the next."""
    import logging
    import sys

    class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
        # Whatever stderr is when a record comes (a test runner swaps it per command).
        def emit(self, record: logging.LogRecord) -> None:
            self.stream = sys.stderr
            super().emit(record)

    logger = logging.getLogger("wenming.scoring")
    for handler in [h for h in logger.handlers if getattr(h, "_wenming_debug", False)]:
        logger.removeHandler(handler)
    if not debug:
        logger.setLevel(logging.NOTSET)
        return
    handler = _Stderr()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler._wenming_debug = True  # type: ignore[attr-defined]
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)


def raise_for_failed_criteria(cards: Any) -> None:
    """Under ``--strict-plugins``: a criterion in state error fails the command (exit 3),
    after the report, naming each with the place its type raised."""
    failed = [f"  {card.rubric_id} {item.code} {criterion.id or criterion.type} "
              f"({criterion.type}): {criterion.error}"
              for card in cards for item in card.items.values()
              for criterion in item.criteria if criterion.state.value == "error"]
    if failed:
        raise PluginError("\n".join([
            "criteria could not be scored (--strict-plugins) / 评分细则无法评分：", *failed]))
