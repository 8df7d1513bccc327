"""The ``slow`` marker: tests that install a package; kept in the suite, skippable with -m."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: installs a package into a temporary folder")
