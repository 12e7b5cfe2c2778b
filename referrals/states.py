"""Who may move a referral from which status to which (the Gravity SDOH referral Task pattern).

The requester drafts, sends and withdraws as entered-in-error; the receiver accepts, rejects,
works on it, puts it on hold, and closes it as completed or failed; either side may cancel.
Rejected, cancelled, on-hold and failed need a reason; completed needs an outcome.
"""

from django.utils.translation import gettext_lazy as _

from referrals.models import Status

REQUESTER = "requester"
RECEIVER = "receiver"
SIDE_LABELS = {REQUESTER: _("the referrer"), RECEIVER: _("the receiving organisation")}

_EITHER = frozenset({REQUESTER, RECEIVER})
_REQUESTER = frozenset({REQUESTER})
_RECEIVER = frozenset({RECEIVER})

# (from, to) → the sides that may make the move.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (Status.DRAFT, Status.REQUESTED): _REQUESTER,
    (Status.DRAFT, Status.ENTERED_IN_ERROR): _REQUESTER,
    (Status.DRAFT, Status.CANCELLED): _REQUESTER,
    (Status.REQUESTED, Status.ACCEPTED): _RECEIVER,
    (Status.REQUESTED, Status.REJECTED): _RECEIVER,
    (Status.REQUESTED, Status.ON_HOLD): _RECEIVER,
    (Status.REQUESTED, Status.CANCELLED): _EITHER,
    (Status.REQUESTED, Status.ENTERED_IN_ERROR): _REQUESTER,
    (Status.ACCEPTED, Status.IN_PROGRESS): _RECEIVER,
    (Status.ACCEPTED, Status.ON_HOLD): _RECEIVER,
    (Status.ACCEPTED, Status.COMPLETED): _RECEIVER,
    (Status.ACCEPTED, Status.FAILED): _RECEIVER,
    (Status.ACCEPTED, Status.CANCELLED): _EITHER,
    (Status.IN_PROGRESS, Status.ON_HOLD): _RECEIVER,
    (Status.IN_PROGRESS, Status.COMPLETED): _RECEIVER,
    (Status.IN_PROGRESS, Status.FAILED): _RECEIVER,
    (Status.IN_PROGRESS, Status.CANCELLED): _EITHER,
    (Status.ON_HOLD, Status.ACCEPTED): _RECEIVER,
    (Status.ON_HOLD, Status.IN_PROGRESS): _RECEIVER,
    (Status.ON_HOLD, Status.FAILED): _RECEIVER,
    (Status.ON_HOLD, Status.CANCELLED): _EITHER,
}

NEEDS_REASON = frozenset({Status.REJECTED, Status.CANCELLED, Status.ON_HOLD, Status.FAILED})
NEEDS_OUTCOME = frozenset({Status.COMPLETED})


def allowed_moves(status: str, sides: set[str]) -> list[str]:
    """The statuses these sides may move a referral in `status` to, in the order above."""
    return [to for (frm, to), who in TRANSITIONS.items() if frm == status and who & sides]


def sides_allowed(from_status: str, to_status: str) -> frozenset[str]:
    """Which sides may make this move (empty: nobody, it is not a move of the pattern)."""
    return TRANSITIONS.get((from_status, to_status), frozenset())
