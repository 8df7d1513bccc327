"""``wenming serve``: loopback by default, a token off loopback, ``--get`` and ``--init``."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from wenming.cli.main import cli
from wenming.cli.serve import is_loopback


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("127.8.0.1", True),
    ("0.0.0.0", False), ("192.168.1.2", False), ("example.org", False), ("::", False)])
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_non_loopback_host_needs_a_token(workspace: Path) -> None:
    code, _, err = _run("serve", str(workspace), "--host", "0.0.0.0", "--get", "/api")
    assert code == 2 and "--token" in err and "Traceback" not in err
    code, out, _ = _run("serve", str(workspace), "--host", "0.0.0.0", "--get", "/api",
                        env={"WENMING_SERVE_TOKEN": "t0ken"})
    assert code == 0 and json.loads(out)["campaign_id"] == "eco-2020"


def test_get_smoke_mode(workspace: Path) -> None:
    code, out, _ = _run("serve", str(workspace), "--get", "/api/rubrics")
    assert code == 0 and json.loads(out)
    code, out, err = _run("serve", str(workspace), "--get", "/api/rubrics/none")
    assert code == 1 and "HTTP 404" in err


def test_not_a_workspace(tmp_path: Path) -> None:
    code, _, err = _run("serve", str(tmp_path), "--get", "/")
    assert code == 2 and "campaign.toml" in err


def test_init_starts_an_empty_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = _run("serve", "--init", "new-campaign", "--get", "/api")
    assert code == 0, err
    data = json.loads(out.split("\n", 2)[-1] if not out.startswith("{") else out)
    assert data["campaign_id"] == "new-campaign" and data["records"] == 0
    assert (tmp_path / "new-campaign" / "campaign.toml").is_file()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serves_on_loopback_and_prints_the_url(workspace: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "wenming", "serve", str(workspace), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(2)]
        url = f"http://127.0.0.1:{port}/"
        assert url in lines[1]
        for _ in range(100):  # at most 10 s for the socket to open
            try:
                with urllib.request.urlopen(url + "api/rubrics", timeout=5) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not answer")
    finally:
        process.terminate()
        process.wait(timeout=10)
