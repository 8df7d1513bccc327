"""A criterion type that raises: where in the author's code, and the traceback for --debug.

Scoring goes on without the criterion (its state is ``error``); the message names
the innermost frame outside wenming — the plugin's own line, or the line where
the plugin called into wenming — so the author is sent to their file, not to
ours. The whole traceback goes to the ``wenming.scoring`` logger at DEBUG level,
which ``wenming --debug`` shows.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

__all__ = ["LOGGER", "describe_failure"]

LOGGER = logging.getLogger("wenming.scoring")
_OURS = Path(__file__).resolve().parents[1]


def describe_failure(error: BaseException, criterion_id: str, type_name: str) -> str:
    """``ValueError: bad window (at plugin.py:42 in evaluate)``; logs the traceback."""
    frames = traceback.extract_tb(error.__traceback__)
    place = next((f for f in reversed(frames) if not _is_ours(f.filename)),
                 frames[-1] if frames else None)
    where = f" (at {place.filename}:{place.lineno} in {place.name})" if place else ""
    message = f"{type(error).__name__}: {error}{where}"
    LOGGER.debug("criterion %s (type %r) raised %s", criterion_id, type_name, message,
                 exc_info=(type(error), error, error.__traceback__))
    return message


def _is_ours(filename: str) -> bool:
    try:
        return Path(filename).resolve().is_relative_to(_OURS)
    except (OSError, ValueError):
        return False
