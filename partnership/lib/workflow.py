"""Transition tables as data, and the one function that checks a move against them.

A table maps ``from_state -> {to_state: set of roles allowed to make that move}``. Each workflow
(SME registration, roster, shortlist, survey visit, proposal) keeps its table next to its service
functions and calls :func:`check_transition` before it writes anything.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

Table = dict[str, dict[str, set[str]]]


class TransitionNotAllowed(ValidationError):
    """The move is not in the table, or not for this role."""


def allowed_targets(table: Table, current: str, roles: set[str]) -> list[str]:
    return [target for target, who in table.get(current, {}).items() if who & roles]


def check_transition(table: Table, current: str, target: str, roles: set[str]) -> None:
    targets = table.get(current, {})
    if target not in targets:
        raise TransitionNotAllowed(
            _("This move is not allowed: from “%(current)s” to “%(target)s”.")
            % {"current": current, "target": target}
        )
    if not targets[target] & roles:
        raise PermissionDenied(_("You are not allowed to make this move."))
