from __future__ import annotations

import errno
import io

import pytest

from wenming.cli.errors import (
    CliError,
    CliFailure,
    VerdictFailed,
    cli_error,
    exit_code_for,
    is_broken_pipe,
    message_for,
    to_cli_error,
)
from wenming.errors import (
    DataIssue,
    DatasetError,
    PluginConflictError,
    PluginError,
    RubricError,
    UnknownKindError,
)


@pytest.mark.parametrize(("error", "code"), [
    (DatasetError([DataIssue("units.csv", "duplicate unit id", line=3)]), 2),
    (UnknownKindError("lantern", ["lantern-show (灯会)"]), 2),
    (FileNotFoundError(2, "No such file or directory", "campaign.toml"), 2),
    (PluginError("plugin x failed"), 3),
    (PluginConflictError("reporter", "table", "a 1.0", "b 2.0"), 3),
    (RubricError("municipal-plan", [DataIssue("municipal-plan", "points do not add up")]), 3),
    (RuntimeError("bug"), 3),
])
def test_exit_codes(error: Exception, code: int) -> None:
    assert exit_code_for(error) == code
    assert to_cli_error(error).exit_code == code


def test_dataset_errors_show_every_issue() -> None:
    issues = [DataIssue("ledger.csv", "unknown unit", line=n, field="unit", value=f"u{n}")
              for n in (2, 9)]
    text = message_for(DatasetError(issues))
    assert "ledger.csv:2 [unit]: unknown unit (got 'u2')" in text
    assert "ledger.csv:9 [unit]: unknown unit (got 'u9')" in text
    assert "--debug" not in text  # the user fixes data, a traceback would not help


def test_plugin_errors_point_at_debug() -> None:
    text = message_for(PluginError("entry point 'x' failed"))
    assert text.startswith("entry point 'x' failed")
    assert "--debug" in text


def test_unexpected_errors_are_labelled_internal() -> None:
    text = message_for(KeyError("oops"))
    assert "internal error" in text and "KeyError" in text and "--debug" in text


def test_os_errors_name_the_file() -> None:
    text = message_for(PermissionError(13, "Permission denied", "/data/ledger.xlsx"))
    assert "Permission denied" in text and "/data/ledger.xlsx" in text


def test_cli_error_shows_a_bilingual_prefix() -> None:
    stream = io.StringIO()
    CliError("something is off").show(stream)
    assert stream.getvalue() == "错误 / Error: something is off\n"


def test_cli_error_factory_picks_the_exit_code() -> None:
    assert cli_error("bad input").exit_code == 2
    assert cli_error("broken plugin", 3).exit_code == 3
    assert isinstance(cli_error("broken plugin", 3), CliFailure)


def test_exit_codes_are_distinct_and_documented() -> None:
    from wenming.cli import errors

    codes = [errors.EXIT_OK, errors.EXIT_VERDICT, errors.EXIT_BAD_INPUT, errors.EXIT_INTERNAL]
    assert codes == [0, 1, 2, 3]
    assert VerdictFailed("x").exit_code == 1


def test_broken_pipe_is_recognised_by_errno_only() -> None:
    assert is_broken_pipe(BrokenPipeError(errno.EPIPE, "Broken pipe"))
    assert is_broken_pipe(OSError(errno.EPIPE, "Broken pipe"))
    assert not is_broken_pipe(OSError(errno.ENOSPC, "No space left on device"))
    assert not is_broken_pipe(ValueError("EPIPE"))
