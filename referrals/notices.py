"""Who hears what about a referral: the other side always, in the application and by e-mail.

Texts name the referral's number and the organisations, never the resident: e-mails leave the
platform, and the link leads through the policy decision point.
"""

import functools
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization, User
from notifications.services import (
    AddressMessage,
    Message,
    notify,
    notify_address,
    notify_addresses,
    notify_each,
)
from referrals.models import (
    BusinessStatus,
    Outcome,
    Referral,
    ReferralEvent,
    ResponseAgreement,
    Status,
    StatusReason,
)
from referrals.people import care_colleagues
from referrals.states import RECEIVER, REQUESTER

MAX_TEAM_RECIPIENTS = 20


def _link(referral: Referral) -> str:
    return reverse("referrals:detail", args=[referral.pk])


def _late_in_inbox(query: str) -> str:
    """The inbox showing the late referrals. A round writes thousands of messages with it, and
    reverse() costs as much as the rest of a message: once per URL configuration and prefix."""
    return _inbox_path(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()) + query


@functools.cache
def _inbox_path(urlconf: str, _script_prefix: str) -> str:
    return reverse("referrals:inbox", urlconf=urlconf)


def receivers(referral: Referral, agreement: ResponseAgreement | None = None) -> list[User]:
    """Who handles it on the receiving side: the person it is assigned to, else the agreed
    contact person for referrals, else the organisation's care professionals."""
    if referral.owner is not None and referral.owner.is_active:
        return [referral.owner]
    if agreement is None:
        agreement = (
            ResponseAgreement.objects.select_related("contact_person")
            .filter(organization_id=referral.performer_organization_id)
            .first()
        )
    if agreement is not None and agreement.contact_person is not None:
        return [agreement.contact_person]
    return list(care_colleagues(referral.performer_organization)[:MAX_TEAM_RECIPIENTS])


def requesters(referral: Referral) -> list[User]:
    if referral.requester is not None and referral.requester.is_active:
        return [referral.requester]
    return list(care_colleagues(referral.requester_organization)[:MAX_TEAM_RECIPIENTS])


def _other_side(referral: Referral, acting_sides: set[str]) -> list[User]:
    if RECEIVER in acting_sides and REQUESTER not in acting_sides:
        return requesters(referral)
    if REQUESTER in acting_sides and RECEIVER not in acting_sides:
        return receivers(referral)
    return []  # a referral within one organisation: nobody else to tell


def referral_sent(referral: Referral, agreement: ResponseAgreement) -> None:
    """A new referral for the receiving team, and its fixed contact person."""
    params = {
        "number": referral.reference,
        "organization": referral.requester_organization.name,
        "service": referral.service_name or referral.performer_organization.name,
    }
    title = (
        (_("New social prescription %(number)s from %(organization)s"), params)
        if referral.is_social_prescription
        else (_("New referral %(number)s from %(organization)s"), params)
    )
    body = (
        _("For: %(service)s. Please confirm you received it; the referrer is waiting for it."),
        params,
    )
    people = receivers(referral, agreement)
    notify(people, kind="referral_new", title=title, body=body, url=_link(referral))
    liaison = referral.service.liaison if referral.service is not None else None
    addresses = {user.email.lower() for user in people}
    if liaison is not None and liaison.email and liaison.email.lower() not in addresses:
        notify_address(
            liaison.email, kind="referral_new", title=title, body=body, url=_link(referral)
        )


def status_changed(referral: Referral, event: ReferralEvent, acting_sides: set[str]) -> None:
    params = {
        "number": referral.reference,
        "organization": str(event.organization or ""),
        "status": Status(event.to_status).label,
        "reason": StatusReason(event.status_reason).label if event.status_reason else "",
        "outcome": Outcome(event.outcome).label if event.outcome else "",
        "note": event.note,
    }
    if event.outcome:
        body = (_("Outcome: %(outcome)s. %(note)s"), params)
    elif event.status_reason:
        body = (_("Reason: %(reason)s. %(note)s"), params)
    else:
        body = (_("%(note)s"), params)
    notify(
        _other_side(referral, acting_sides),
        kind="referral_status",
        title=(_("Referral %(number)s is now “%(status)s” (%(organization)s)"), params),
        body=body,
        url=_link(referral),
    )


def step_made(referral: Referral, event: ReferralEvent) -> None:
    """The referrer hears each step: received, first contact, activity started."""
    params = {
        "number": referral.reference,
        "organization": referral.performer_organization.name,
        "step": BusinessStatus(event.business_status).label,
        "note": event.note,
    }
    notify(
        requesters(referral),
        kind="referral_step",
        title=(_("Referral %(number)s: %(step)s (%(organization)s)"), params),
        body=(_("%(note)s"), params),
        url=_link(referral),
    )


def feedback_added(referral: Referral, event: ReferralEvent, acting_sides: set[str]) -> None:
    params = {"number": referral.reference, "organization": str(event.organization or "")}
    notify(
        _other_side(referral, acting_sides),
        kind="referral_feedback",
        title=(_("New message on referral %(number)s from %(organization)s"), params),
        body=event.note,
        url=_link(referral),
    )


def assigned(referral: Referral, event: ReferralEvent, assignee: User) -> None:
    params = {"number": referral.reference, "by": event.actor_name}
    notify(
        [assignee],
        kind="referral_assigned",
        title=(_("%(by)s gave you referral %(number)s"), params),
        url=_link(referral),
    )


def reminder(people: Iterable[User], numbers: list[str]) -> Message:
    """One reminder per organisation and person for all referrals that passed their deadline
    (sent with the others of the round by `send`)."""
    count = len(numbers)
    params = {"count": count, "numbers": ", ".join(numbers[:20]) + ("…" if count > 20 else "")}
    return Message(
        list(people),
        kind="referral_reminder",
        title=(
            _("Reminder: referrals wait for an answer past the agreed time (%(count)d)"),
            params,
        ),
        body=(_("Referrals: %(numbers)s"), params),
        url=_late_in_inbox("?te_laat=1"),
    )


def escalation(organization: Organization, people: Iterable[User], numbers: list[str]) -> Message:
    """After a reminder did not help: to the organisation's contact person."""
    count = len(numbers)
    params = {
        "count": count,
        "organization": organization.name,
        "numbers": ", ".join(numbers[:20]) + ("…" if count > 20 else ""),
    }
    return Message(
        list(people),
        kind="referral_escalation",
        title=(
            _(
                "Escalation: referrals to %(organization)s are still unanswered after a "
                "reminder (%(count)d)"
            ),
            params,
        ),
        body=(_("Referrals: %(numbers)s"), params),
        url=_late_in_inbox("?te_laat=1"),
    )


def escalation_to_address(message: Message, address: str) -> AddressMessage | None:
    """The escalation also goes to the organisation's own e-mail address, if nobody above has it
    (sent with the others of the round by `send`)."""
    if address and address.lower() not in {p.email.lower() for p in message.recipients}:
        return AddressMessage(
            address, kind=message.kind, title=message.title, body=message.body, url=message.url
        )
    return None


def send(messages: list[Message], to_addresses: Sequence[AddressMessage] = ()) -> None:
    notify_each(messages)
    notify_addresses(to_addresses)


def overdue_for_referrers(late: dict[User, dict[str, list[str]]]) -> None:
    """Each referrer hears which of their referrals are late and were escalated, per receiving
    organisation: one notice each for the whole round, written together."""
    notify_each(
        [_overdue_message(referrer, by_organization) for referrer, by_organization in late.items()]
    )


def _overdue_message(referrer: User, late: dict[str, list[str]]) -> Message:
    count = sum(len(numbers) for numbers in late.values())
    lines = [
        f"{organization}: {', '.join(numbers[:20])}{'…' if len(numbers) > 20 else ''}"
        for organization, numbers in sorted(late.items())
    ]
    return Message(
        [referrer],
        kind="referral_overdue",
        title=(
            _("Referrals of yours are late; we asked the organisations to answer (%(count)d)"),
            {"count": count},
        ),
        body="\n".join(lines),
        url=_late_in_inbox("?bak=uit&te_laat=1"),
    )
