"""``wenming serve``: a campaign workspace in the browser, and the scorer over HTTP.

A layer beside :mod:`wenming.cli`: it imports what lies below the CLI, never
the CLI. :func:`create_app` builds the ASGI application for a workspace (a
dataset folder); the ``serve`` command runs it with uvicorn.
"""

from wenming.serve.app import create_app
from wenming.serve.workspace import Workspace

__all__ = ["Workspace", "create_app"]
