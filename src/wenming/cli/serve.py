"""``wenming serve``: open a campaign workspace in the browser.

The command only reads options and runs :func:`wenming.serve.create_app` with
uvicorn; the server package is imported when the command runs, so the rest of
the CLI works without the ``serve`` extra installed.
"""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path
from typing import Any

import click

from wenming.cli.errors import CliError
from wenming.model.labels import Label

__all__ = ["TOKEN_ENV", "is_loopback", "serve_command"]

TOKEN_ENV = "WENMING_SERVE_TOKEN"
DEFAULT_PORT = 8765


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _say(ctx: click.Context, label: Label) -> str:
    return label.text("zh" if getattr(ctx.obj, "lang", "en") == "zh" else "en")


@click.command("serve", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("workspace", required=False, default=".",
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--init", "init_name", metavar="NAME",
              help="Start an empty workspace in the folder NAME, then serve it / 新建工作区.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs --token / 监听地址.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on / 端口.")
@click.option("--token", envvar=TOKEN_ENV, metavar="TOKEN",
              help=f"Require this token of every request (default: ${TOKEN_ENV}) / 访问令牌.")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer to this Host name (repeatable) / 允许的主机名.")
@click.option("--get", "get_path", metavar="PATH",
              help="Send one GET request in-process, print the answer and exit (1 unless "
                   "200) / 仅请求一次并打印结果.")
@click.pass_context
def serve_command(ctx: click.Context, workspace: Path, init_name: str | None, host: str,
                  port: int, token: str | None, allow_hosts: tuple[str, ...],
                  get_path: str | None) -> None:
    """Serve a campaign workspace in the browser and over HTTP / 在浏览器中使用工作区.

    WORKSPACE is a dataset folder (default: the current one). Pages are in
    Chinese with an English switch; every page has a JSON twin under /api.
    """
    if init_name is not None:
        from wenming.cli.campaign import init_command

        workspace = Path(init_name)
        ctx.invoke(init_command, directory=workspace, rubric_ids=(), units=None)
    if not (workspace / "campaign.toml").is_file():
        raise CliError(_say(ctx, Label(
            f"{workspace} 不是创建活动工作区（缺少 campaign.toml）；用 --init NAME 新建一个",
            f"{workspace} is not a campaign workspace (no campaign.toml); start one with "
            "--init NAME")))
    if not is_loopback(host) and not token:
        raise CliError(_say(ctx, Label(
            f"--host {host} 会把工作区开放给其他计算机：请用 --token 或 ${TOKEN_ENV} 设置访问令牌",
            f"--host {host} would open the workspace to other machines: require a token with "
            f"--token or ${TOKEN_ENV}")))
    try:
        from wenming.serve import create_app
        from wenming.serve.app import LOOPBACK_HOSTS
    except ImportError as error:
        raise CliError(_say(ctx, Label(
            f"未安装 serve 组件（{error.name}）：pip install 'wenming[serve]'",
            f"the serve extra is not installed ({error.name}): pip install 'wenming[serve]'"))
        ) from error
    hosts: list[str] | None = [*LOOPBACK_HOSTS, *allow_hosts]
    if not is_loopback(host) and host not in ("0.0.0.0", "::"):
        hosts = [*(hosts or []), host]
    elif not is_loopback(host) and not allow_hosts:
        hosts = None  # every interface and no name given: the token is the guard
    plugin_host = getattr(ctx.obj, "host", None)
    app = create_app(workspace, host=plugin_host, token=token, allowed_hosts=hosts)
    if get_path is not None:
        _get(app, get_path, token)
        return
    import uvicorn

    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown if ':' not in shown else f'[{shown}]'}:{port}/"
    where = workspace.resolve()
    click.echo(_say(ctx, Label(f"正在提供 {where}", f"Serving {where}")))
    click.echo(f"  {url}" + (f"login?token={token}" if token else ""))
    click.echo(_say(ctx, Label("按 Ctrl-C 停止", "Press Ctrl-C to stop")))
    sys.stdout.flush()
    uvicorn.run(app, host=host, port=port, log_level="warning", workers=1, lifespan="on")


def _get(app: Any, path: str, token: str | None) -> None:
    """One in-process request, Datasette's ``--get``: a smoke test with no server."""
    import asyncio

    import httpx

    async def fetch() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        headers = {"authorization": f"Bearer {token}"} if token else {}
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1",
                                     headers=headers) as client:
            return await client.get(path)

    response = asyncio.run(fetch())
    out = sys.stdout.buffer
    out.write(response.content)
    if not response.content.endswith(b"\n"):
        out.write(b"\n")
    out.flush()
    if response.status_code != 200:
        click.echo(f"HTTP {response.status_code}", err=True)
        raise SystemExit(1)
