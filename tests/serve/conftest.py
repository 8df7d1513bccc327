"""A served copy of the bundled example, and an in-process HTTP client (httpx over ASGI)."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("litestar", reason="the serve extra (litestar) is not installed")

from wenming.serve import Workspace, create_app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ecology-bureau"
AS_OF = "2021-12-31"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh copy of the example: tests write into it freely."""
    root = tmp_path / "ws"
    shutil.copytree(EXAMPLE, root)
    return root


@pytest.fixture(scope="session")
def plugin_host() -> Any:
    from wenming.plugins import PluginHost

    return PluginHost()


@pytest.fixture
def app(workspace: Path, plugin_host: Any) -> Any:
    return create_app(Workspace(workspace, plugin_host))


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        yield http


def files(*paths: Path) -> list[tuple[str, tuple[str, bytes, str]]]:
    """A multipart ``files`` list: each path under its own name."""
    return [("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in paths]
