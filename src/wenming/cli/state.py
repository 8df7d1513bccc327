"""What the ``wenming`` group hands its commands: the plugin host, the language, --debug.

Below every command module, so that a command never imports the group that
registers it (``cli/main.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

import click

from wenming.model.labels import Label, Lang

if TYPE_CHECKING:
    from wenming.plugins.manager import PluginHost

__all__ = ["CliState", "Speaker", "pass_state"]


class Speaker(Protocol):
    """Anything that turns a bilingual label into the user's language."""

    lang: Lang

    def say(self, label: Label) -> str: ...


def default_host() -> PluginHost:
    """The host of the installed plugins; imported here so ``--help`` never loads pluggy (#22)."""
    from wenming.plugins.manager import PluginHost

    return PluginHost()


class CliState:
    """What the group passes to its commands; the plugin host is built on first use.

    Tests (and embedding programs) pass ``CliState(host_factory=...)`` as the
    context object to run the commands against a host of their choosing.
    """

    def __init__(
        self,
        host_factory: Callable[[], PluginHost] = default_host,
        lang: Lang = "en",
        debug: bool = False,
    ) -> None:
        self.host_factory = host_factory
        self.lang: Lang = lang
        self.debug = debug
        #: ``--strict-plugins``: a criterion type that raised fails the command too.
        self.strict_plugins = False
        self._host: PluginHost | None = None

    @property
    def host(self) -> PluginHost:
        if self._host is None:
            self._host = self.host_factory()
        return self._host

    def say(self, label: Label) -> str:
        return label.text(self.lang)


pass_state = click.make_pass_decorator(CliState, ensure=True)
