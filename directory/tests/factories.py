"""Small builders for directory tests: a provider, services with terms, a place, a liaison."""

import datetime
from typing import Any

from django.utils import timezone

from directory import indexing
from directory.models import (
    Address,
    Attribute,
    Contact,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
)
from directory.vocabulary import ensure_vocabulary
from geo.models import PostcodeArea


def vocabulary() -> dict[str, Any]:
    return ensure_vocabulary()


def provider(name: str = "Schuldhulp Maastricht", **fields: Any) -> Organization:
    return Organization.objects.create(name=name, description=f"{name} helpt inwoners.", **fields)


def service(
    organization: Organization,
    name: str,
    description: str = "",
    *,
    terms: list[tuple[str, str]] = (),  # type: ignore[assignment]
    pc4: str | None = None,
    confidential: bool = False,
    area: str | None = None,
    liaison: str | None = "Sanne Jacobs",
    index: bool = True,
    **fields: Any,
) -> Service:
    fields.setdefault("last_verified_at", timezone.now())
    svc = Service.objects.create(
        organization=organization, name=name, description=description, **fields
    )
    all_terms = ensure_vocabulary()
    for taxonomy, code in terms:
        Attribute.objects.create(
            link_id=svc.pk,
            link_entity="service",
            link_type=taxonomy,
            taxonomy_term=all_terms[taxonomy][code],
        )
    if pc4:
        place = PostcodeArea.objects.select_related("district").get(pc4=pc4)
        location = Location.objects.create(
            organization=organization,
            name=f"{name} locatie",
            latitude=place.latitude,
            longitude=place.longitude,
            district=place.district,
            is_confidential=confidential,
        )
        Address.objects.create(
            location=location,
            address_1="Geheimstraat 1" if confidential else "Markt 1",
            city="Maastricht",
            state_province="Limburg",
            postal_code=f"{pc4} AA",
        )
        ServiceAtLocation.objects.create(service=svc, location=location)
    if area:
        ServiceArea.objects.create(service=svc, name=area, cbs_code=area)
    if liaison:
        contact = Contact.objects.create(
            service=svc, name=liaison, title="schuldhulpverlener", is_liaison=True
        )
        Phone.objects.create(contact=contact, number="043 350 12 34")
    if index:
        indexing.reindex(Service.objects.filter(pk=svc.pk))
        svc.refresh_from_db()  # the index lives in the row; a stale instance would erase it on save
    return svc


def weekly(svc: Service, byday: str, opens: str, closes: str, **fields: Any) -> Schedule:
    return Schedule.objects.create(
        service=svc,
        freq="WEEKLY",
        byday=byday,
        opens_at=datetime.time.fromisoformat(opens),
        closes_at=datetime.time.fromisoformat(closes),
        **fields,
    )
