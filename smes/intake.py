"""Whether the programme still takes new firms onto its roster, as the registration pages say it.

The registry sits below the programme and does not import it: the programme registers the fill
level of its active roster here when it is ready (partnership.apps). Until then, nothing is full.
"""

from collections.abc import Callable

from partnership.lib.capacity import Fill

_roster_fill: Callable[[], Fill | None] = lambda: None  # noqa: E731


def set_roster_fill(rule: Callable[[], Fill | None]) -> None:
    global _roster_fill
    _roster_fill = rule


def full_roster() -> Fill | None:
    """The active roster's fill level when it is full (the pages then say so), else ``None``."""
    fill = _roster_fill()
    return fill if fill is not None and fill.is_full else None
