"""The ``wenming`` command-line interface (entry point: :func:`wenming.cli.main.main`).

``main`` is deliberately not re-exported here: it would shadow the
``wenming.cli.main`` module as an attribute of this package.
"""

from wenming.cli.main import CliState, cli

__all__ = ["CliState", "cli"]
