"""Directory rules: who may maintain which entries, and every change with its history.

Each write is a `do_<verb>_<noun>(…, *, actor)` in one transaction that also writes HSDS
`metadata` rows (who, when, which field, from what to what) and refreshes the search index.
"""

import datetime
import difflib
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Membership, Role, User
from directory import indexing
from directory.models import Contact, Metadata, Organization, Phone, Service

EDITOR_ROLES = {Role.PROVIDER_EDITOR, Role.ADMINISTRATOR}


# --- Access -----------------------------------------------------------------------------------


def editable_organization(membership: Membership | None) -> Organization | None:
    """The directory organisation this membership maintains (provider editors only)."""
    if membership is None or membership.role not in EDITOR_ROLES:
        return None
    return Organization.objects.filter(platform_organization=membership.organization).first()


def editable_services(membership: Membership | None) -> QuerySet[Service]:
    organization = editable_organization(membership)
    if organization is None:
        return Service.objects.none()
    return Service.objects.filter(organization=organization)


def can_edit(membership: Membership | None, service: Service) -> bool:
    organization = editable_organization(membership)
    return organization is not None and service.organization_id == organization.pk


# --- Outdated entries ---------------------------------------------------------------------------


def verification_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    months = settings.DIRECTORY_VERIFY_MONTHS
    return (now or timezone.now()) - datetime.timedelta(days=round(months * 30.44))


def is_possibly_outdated(service: Service, now: datetime.datetime | None = None) -> bool:
    return service.last_verified_at is None or service.last_verified_at < verification_cutoff(now)


# --- History ----------------------------------------------------------------------------------


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # stored data, shared through HSDS: language-neutral
    return str(value)


def _record(
    resource: Any, resource_type: str, field: str, old: Any, new: Any, actor: User, action: str
) -> Metadata:
    return Metadata(
        resource_id=resource.pk,
        resource_type=resource_type,
        last_action_date=timezone.now(),
        last_action_type=action,
        field_name=field,
        previous_value=_display(old),
        replacement_value=_display(new),
        updated_by=actor.get_full_name() or actor.email,
        updated_by_user=actor,
    )


def history(service: Service, *, include_confidential: bool = False) -> QuerySet[Metadata]:
    """Changes to the service, its contact persons and its locations, newest first.

    Changes to a confidential location are left out unless the viewer may see its address.
    """
    from directory.models import Location

    contact_ids = list(service.contacts.values_list("id", flat=True))
    locations = Location.objects.filter(service_at_locations__service=service)
    if not include_confidential:
        locations = locations.filter(is_confidential=False)
    location_ids = list(locations.values_list("id", flat=True))
    return Metadata.objects.filter(
        resource_id__in=[service.pk, *contact_ids, *location_ids]
    ).order_by("-last_action_date", "field_name")


def _apply_changes(
    instance: Any, resource_type: str, data: dict[str, Any], actor: User
) -> list[Metadata]:
    changes = []
    for field, new in data.items():
        old = getattr(instance, field)
        if old != new:
            changes.append(_record(instance, resource_type, field, old, new, actor, "update"))
            setattr(instance, field, new)
    return changes


# --- Actions ----------------------------------------------------------------------------------


@transaction.atomic
def do_update_service(service: Service, data: dict[str, Any], *, actor: User) -> list[Metadata]:
    changes = _apply_changes(service, "service", data, actor)
    if changes:
        service.last_verified_at = timezone.now()
        service.save()
        Metadata.objects.bulk_create(changes)
        indexing.reindex(Service.objects.filter(pk=service.pk))
    return changes


@transaction.atomic
def do_create_service(organization: Organization, data: dict[str, Any], *, actor: User) -> Service:
    service = Service(organization=organization, last_verified_at=timezone.now(), **data)
    service.save()
    Metadata.objects.bulk_create(
        [_record(service, "service", "name", None, service.name, actor, "create")]
    )
    indexing.reindex(Service.objects.filter(pk=service.pk))
    return service


@transaction.atomic
def do_update_capacity(
    service: Service, status: str, waiting_weeks: int | None, *, actor: User
) -> list[Metadata]:
    changes = _apply_changes(
        service, "service", {"capacity_status": status, "waiting_weeks": waiting_weeks}, actor
    )
    service.capacity_updated_at = timezone.now()
    service.last_verified_at = service.capacity_updated_at
    service.save(
        update_fields=[
            "capacity_status",
            "waiting_weeks",
            "capacity_updated_at",
            "last_verified_at",
        ]
    )
    Metadata.objects.bulk_create(changes)
    return changes


@transaction.atomic
def do_verify_service(service: Service, *, actor: User) -> None:
    """The editor confirms the entry is still correct."""
    previous = service.last_verified_at
    service.last_verified_at = timezone.now()
    service.verification_reminder_sent_at = None
    service.save(update_fields=["last_verified_at", "verification_reminder_sent_at"])
    record = _record(
        service, "service", "last_verified_at", previous, service.last_verified_at, actor, "verify"
    )
    Metadata.objects.bulk_create([record])


def liaison_of(service: Service) -> Contact | None:
    return service.contacts.filter(is_liaison=True).prefetch_related("phones").first()


@transaction.atomic
def do_set_liaison(service: Service, data: dict[str, Any], *, actor: User) -> Contact:
    """Create or change the fixed contact person of a service, with its phone number."""
    contact = liaison_of(service) or Contact(service=service, is_liaison=True)
    fields = {k: data[k] for k in ("name", "title", "email", "reachable")}
    changes = _apply_changes(contact, "contact", fields, actor) if contact.pk else []
    if not contact.pk:
        for key, value in fields.items():
            setattr(contact, key, value)
        contact.save()
        changes.append(_record(contact, "contact", "name", None, contact.name, actor, "create"))
    contact.save()
    phone = contact.phones.first() or Phone(contact=contact, number="")
    if phone.number != data["phone"]:
        changes.append(
            _record(contact, "contact", "phone", phone.number, data["phone"], actor, "update")
        )
        phone.number = data["phone"]
        phone.save()
    Metadata.objects.bulk_create(changes)
    service.last_verified_at = timezone.now()
    service.save(update_fields=["last_verified_at"])
    return contact


# --- Duplicates -------------------------------------------------------------------------------


def likely_duplicates(
    organization: Organization, name: str, *, exclude: Iterable[object] = ()
) -> list[Service]:
    """Services of the same organisation with a similar name (a ratio of 0.8 or more)."""
    wanted = indexing.normalise(name)
    found = []
    for service in organization.services.exclude(pk__in=list(exclude)):
        ratio = difflib.SequenceMatcher(None, wanted, indexing.normalise(service.name)).ratio()
        if ratio >= 0.8:
            found.append(service)
    return found


# --- Reminders --------------------------------------------------------------------------------


def send_verification_reminders(now: datetime.datetime | None = None) -> int:
    """One e-mail per organisation listing its outdated entries; each entry at most once per period.

    Returns the number of e-mails sent.
    """
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    moment = now or timezone.now()
    cutoff = verification_cutoff(moment)
    due = Service.objects.filter(
        status__in=[Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED],
        organization__platform_organization__isnull=False,
    ).filter(
        models.Q(last_verified_at__isnull=True) | models.Q(last_verified_at__lt=cutoff),
        models.Q(verification_reminder_sent_at__isnull=True)
        | models.Q(verification_reminder_sent_at__lt=cutoff),
    )
    sent = 0
    by_organization: dict[int, list[Service]] = {}
    for service in due.select_related("organization").order_by("name"):
        platform_id = service.organization.platform_organization_id
        if platform_id is not None:
            by_organization.setdefault(platform_id, []).append(service)
    manage_url = settings.SITE_BASE_URL.rstrip("/") + reverse("directory:manage")
    for platform_id, entries in by_organization.items():
        editors = User.objects.filter(
            memberships__organization_id=platform_id,
            memberships__role=Role.PROVIDER_EDITOR,
            memberships__is_active=True,
            is_active=True,
        ).distinct()
        for editor in editors:
            with translation.override(editor.preferred_language):
                context = {"user": editor, "services": entries, "manage_url": manage_url}
                subject = render_to_string("emails/verify_subject.txt", context).strip()
                body = render_to_string("emails/verify_body.txt", context)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [editor.email])
            sent += 1
        Service.objects.filter(pk__in=[s.pk for s in entries]).update(
            verification_reminder_sent_at=moment
        )
    return sent


# --- Terms and opening hours ------------------------------------------------------------------


@transaction.atomic
def do_set_service_terms(
    service: Service, codes: dict[str, list[str]], *, actor: User
) -> list[Metadata]:
    """Replace the profile terms of a service (life domain, target group, funding)."""
    from directory.models import Attribute, TaxonomyTerm

    changes = []
    for taxonomy, wanted in codes.items():
        current = Attribute.objects.filter(
            link_entity="service",
            link_id=service.pk,
            taxonomy_term__code__startswith=f"{taxonomy}:",
        )
        old = sorted(a.taxonomy_term.name for a in current.select_related("taxonomy_term"))
        terms = list(
            TaxonomyTerm.objects.filter(code__in=[f"{taxonomy}:{code}" for code in wanted])
        )
        new = sorted(t.name for t in terms)
        if old == new:
            continue
        current.delete()
        Attribute.objects.bulk_create(
            Attribute(
                link_entity="service", link_id=service.pk, link_type=taxonomy, taxonomy_term=t
            )
            for t in terms
        )
        changes.append(
            _record(service, "service", taxonomy, ", ".join(old), ", ".join(new), actor, "update")
        )
    if changes:
        Metadata.objects.bulk_create(changes)
        Service.objects.filter(pk=service.pk).update(last_verified_at=timezone.now())
        indexing.reindex(Service.objects.filter(pk=service.pk))
    return changes


def _hours_summary(rows: Iterable[tuple[str, Any, Any]]) -> str:
    return "; ".join(f"{days} {opens:%H:%M}–{closes:%H:%M}" for days, opens, closes in rows)


@transaction.atomic
def do_set_opening_hours(
    service: Service, periods: list[dict[str, Any]], *, actor: User
) -> Metadata | None:
    """Replace the weekly opening hours of a service (the HSDS schedules of the service itself)."""
    from directory.models import Schedule

    existing = list(
        service.schedules.filter(location__isnull=True, service_at_location__isnull=True)
    )
    old = _hours_summary(
        (s.byday, s.opens_at, s.closes_at) for s in existing if s.opens_at and s.closes_at
    )
    new_rows = [
        Schedule(
            service=service,
            freq="WEEKLY",
            byday=",".join(p["days"]),
            opens_at=p["opens_at"],
            closes_at=p["closes_at"],
            closed_on_public_holidays=p["closed_on_public_holidays"],
        )
        for p in periods
    ]
    new = _hours_summary((s.byday, s.opens_at, s.closes_at) for s in new_rows)
    if old == new and all(
        a.closed_on_public_holidays == b.closed_on_public_holidays
        for a, b in zip(existing, new_rows, strict=False)
    ):
        return None
    Schedule.objects.filter(pk__in=[s.pk for s in existing]).delete()
    Schedule.objects.bulk_create(new_rows)
    indexing.index_changed()  # bulk_create sends no signal ("open now" depends on the hours)
    record = _record(service, "service", "opening_hours", old, new, actor, "update")
    Metadata.objects.bulk_create([record])
    Service.objects.filter(pk=service.pk).update(last_verified_at=timezone.now())
    return record


@transaction.atomic
def do_add_closure(service: Service, date: datetime.date, note: str, *, actor: User) -> None:
    """Closed on one date (a holiday of the organisation, a training day)."""
    from directory.models import ScheduleException

    ScheduleException.objects.update_or_create(
        service=service,
        date=date,
        defaults={"closed": True, "note": note, "opens_at": None, "closes_at": None},
    )
    Metadata.objects.bulk_create(
        [
            _record(
                service,
                "service",
                "closed_on",
                None,
                f"{date:%Y-%m-%d} {note}".strip(),
                actor,
                "update",
            )
        ]
    )


@transaction.atomic
def do_remove_closure(service: Service, closure_id: str, *, actor: User) -> bool:
    from directory.models import ScheduleException

    closure = ScheduleException.objects.filter(service=service, pk=closure_id).first()
    if closure is None:
        return False
    Metadata.objects.bulk_create(
        [
            _record(
                service,
                "service",
                "closed_on",
                f"{closure.date:%Y-%m-%d} {closure.note}".strip(),
                None,
                actor,
                "delete",
            )
        ]
    )
    closure.delete()
    return True


# --- Location ---------------------------------------------------------------------------------


def primary_location(service: Service) -> Any:
    link = (
        service.service_at_locations.select_related("location").order_by("location__name").first()
    )
    return link.location if link else None


@transaction.atomic
def do_set_location(service: Service, data: dict[str, Any], *, actor: User) -> Any:
    """Create or change where the service is given; its position comes from the postcode area."""
    from directory.models import Address, Location, ServiceAtLocation
    from geo.models import PostcodeArea
    from geo.services import normalise_postcode

    area = PostcodeArea.objects.get(pc4=normalise_postcode(data["postal_code"]))
    location = primary_location(service)
    created = location is None
    if location is None:
        location = Location(organization=service.organization)
    before = (
        {"name": location.name, "is_confidential": location.is_confidential} if not created else {}
    )
    location.name = data["name"]
    location.transportation = data["transportation"]
    location.is_confidential = data["is_confidential"]
    location.latitude, location.longitude, location.district = (
        area.latitude,
        area.longitude,
        area.district,
    )
    location.save()
    if created:
        ServiceAtLocation.objects.create(service=service, location=location)
    address = location.addresses.first() or Address(location=location, state_province="Limburg")
    old_address = (
        f"{address.address_1}, {address.postal_code} {address.city}".strip(", ")
        if address.pk
        else ""
    )
    address.address_1, address.postal_code, address.city = (
        data["address_1"],
        data["postal_code"],
        data["city"],
    )
    address.save()
    new_address = f"{address.address_1}, {address.postal_code} {address.city}"
    changes = [
        _record(
            location,
            "location",
            field,
            before.get(field),
            getattr(location, field),
            actor,
            "update",
        )
        for field in ("name", "is_confidential")
        if before.get(field) != getattr(location, field)
    ]
    if old_address != new_address:
        changes.append(
            _record(location, "location", "address", old_address, new_address, actor, "update")
        )
    Metadata.objects.bulk_create(changes)
    indexing.reindex(Service.objects.filter(pk=service.pk))
    return location
