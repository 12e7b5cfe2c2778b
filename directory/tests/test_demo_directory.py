"""The demo directory of Maastricht: enough of it, varied, findable, and the same on every run."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Organization as PlatformOrganization
from directory.demo import seed_directory
from directory.models import (
    Attribute,
    Contact,
    Location,
    Organization,
    Schedule,
    ScheduleException,
    Service,
    ServiceArea,
)
from directory.search import SearchParams, resolve_place, search
from directory.vocabulary import LIFE_DOMAIN, TERMS

pytestmark = pytest.mark.django_db

MAASTRICHT_DISTRICTS = {f"WK09350{n}" for n in range(7)}


@pytest.fixture
def seeded(geography) -> int:
    return seed_directory({})


def domain_codes_by_service() -> dict[object, set[str]]:
    found: dict[object, set[str]] = {}
    rows = Attribute.objects.filter(link_entity="service", link_type=LIFE_DOMAIN).values_list(
        "link_id", "taxonomy_term__code"
    )
    for link_id, code in rows:
        found.setdefault(link_id, set()).add(code.removeprefix(f"{LIFE_DOMAIN}:"))
    return found


def snapshot() -> list[tuple[object, ...]]:
    return list(
        Service.objects.order_by("name", "organization__name", "description").values_list(
            "name", "organization__name", "capacity_status", "waiting_weeks", "status"
        )
    )


def test_it_seeds_a_few_hundred_services_in_every_district(seeded) -> None:
    assert seeded == Service.objects.count()
    assert 250 <= seeded <= 350
    statuses = Counter(Service.objects.values_list("status", flat=True))
    assert set(statuses) == {Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED}
    assert 1 <= statuses[Service.Status.TEMPORARILY_CLOSED] <= 10
    assert set(Location.objects.values_list("district__code", flat=True)) == MAASTRICHT_DISTRICTS
    areas = set(ServiceArea.objects.values_list("cbs_code", flat=True))
    assert areas == MAASTRICHT_DISTRICTS | {"GM0935"}
    assert Organization.objects.count() >= 50
    assert Service.objects.filter(service_at_locations__isnull=True).exists()  # phone and online


def test_every_life_domain_has_several_services_and_every_service_is_tagged(seeded) -> None:
    domains = domain_codes_by_service()
    per_domain = Counter(code for codes in domains.values() for code in codes)
    for code in TERMS[LIFE_DOMAIN]:
        assert per_domain[code] >= 3, code
    per_service = Counter(
        Attribute.objects.filter(link_entity="service").values_list("link_id", "link_type")
    )
    for service_id in Service.objects.values_list("id", flat=True):
        assert 1 <= per_service[(service_id, "life_domain")] <= 3
        assert 1 <= per_service[(service_id, "target_group")] <= 2
        assert per_service[(service_id, "funding_stream")] == 1


def test_help_with_money_and_debts_is_found_in_several_districts(seeded) -> None:
    money = [pk for pk, codes in domain_codes_by_service().items() if "money_debts" in codes]
    assert len(money) >= 8
    districts = set(
        ServiceArea.objects.filter(service_id__in=money, cbs_code__startswith="WK").values_list(
            "cbs_code", flat=True
        )
    )
    assert len(districts) >= 3


def test_nearly_every_service_has_a_fixed_contact_person_with_a_phone(seeded) -> None:
    with_liaison = (
        Contact.objects.filter(is_liaison=True, phones__isnull=False, service__isnull=False)
        .values("service")
        .distinct()
        .count()
    )
    assert with_liaison >= 0.95 * seeded
    contact = Contact.objects.filter(is_liaison=True).first()
    assert contact is not None
    assert contact.email.endswith("@example.org")
    assert contact.reachable


def test_community_initiatives_are_flagged(seeded) -> None:
    informal = Service.objects.filter(is_informal=True)
    assert informal.count() >= 40
    assert Organization.objects.filter(is_informal=True).count() >= 15
    assert set(informal.values_list("referral_requirement", flat=True)) == {"none"}
    assert informal.filter(name__startswith="Repair Café").exists()
    assert informal.filter(name__startswith="Taalcafé").exists()


def test_referrals_capacity_and_checks_look_like_a_real_directory(seeded) -> None:
    referrals = set(Service.objects.values_list("referral_requirement", flat=True))
    assert {"none", "gp", "municipality"} <= referrals
    waiting = Service.objects.filter(capacity_status="waiting_list")
    assert waiting.exists()
    assert all(2 <= (s.waiting_weeks or 0) <= 12 for s in waiting)
    assert Service.objects.filter(capacity_status="open").count() > 0.7 * seeded
    assert not Service.objects.filter(capacity_updated_at__isnull=True).exists()
    stale = Service.objects.filter(
        last_verified_at__lt=timezone.now() - datetime.timedelta(days=182)
    ).count()
    assert 0.05 * seeded <= stale <= 0.3 * seeded
    recognised = set(
        Service.objects.filter(recognised_intervention=True).values_list("name", flat=True)
    )
    assert "Otago-oefenprogramma thuis" in recognised
    assert any(name.startswith("Vallen Verleden Tijd") for name in recognised)


def test_the_shelter_address_is_confidential_and_never_a_public_position(seeded) -> None:
    hidden = Location.objects.get(is_confidential=True)
    shelter = Service.objects.get(service_at_locations__location=hidden)
    assert shelter.name == "Vrouwenopvang"
    assert shelter.search_latitude is None


def test_opening_hours_include_split_days_evenings_saturdays_and_exceptions(seeded) -> None:
    by_service: dict[object, list[Schedule]] = {}
    for schedule in Schedule.objects.all():
        by_service.setdefault(schedule.service_id, []).append(schedule)

    def split_day(periods: list[Schedule]) -> bool:
        """Two periods on one day, with a break between them."""
        return any(
            set(first.byday.split(",")) & set(second.byday.split(","))
            and first.closes_at is not None
            and second.opens_at is not None
            and first.closes_at < second.opens_at
            for first in periods
            for second in periods
        )

    assert any(split_day(periods) for periods in by_service.values())
    assert Schedule.objects.filter(opens_at__gte="18:00").exists()
    repair = Service.objects.get(name="Repair Café Malberg")
    assert [s.byday for s in repair.schedules.all()] == ["SA"]
    assert Schedule.objects.filter(closed_on_public_holidays=True).count() > 0.8 * (
        Schedule.objects.count()
    )
    assert ScheduleException.objects.filter(date="2026-12-24", note="kerstavond").exists()


def test_seeding_is_deterministic(seeded) -> None:
    first = snapshot()
    Attribute.objects.all().delete()
    Organization.objects.all().delete()
    assert not Service.objects.exists()

    assert seed_directory({}) == seeded
    assert snapshot() == first


def test_a_second_call_adds_nothing(seeded) -> None:
    assert seed_directory({}) == 0
    assert Service.objects.count() == seeded


def test_geldzorgen_finds_money_help_near_the_centre(seeded) -> None:
    results = search(SearchParams(text="geldzorgen", place=resolve_place("6211 AB")))
    assert results.total >= 5
    first = results.hits[0].service
    liaisons = [c for c in first.contacts.all() if c.is_liaison]
    assert liaisons
    assert liaisons[0].phones.exists()


def test_the_demo_region_has_a_directory_maintained_by_welzijn_maastricht(geography) -> None:
    call_command("seed_demo", stdout=StringIO())

    assert 250 <= Service.objects.count() <= 350
    welfare = PlatformOrganization.objects.get(name="Welzijn Maastricht")
    provider = Organization.objects.get(platform_organization=welfare)
    assert provider.name == "Welzijn Maastricht"
    assert provider.services.filter(name__startswith="Welzijn op Recept").count() == 7
    editor_orgs = PlatformOrganization.objects.filter(
        memberships__user__email="redacteur@demo.ontschot.nl"
    )
    assert welfare in editor_orgs
    linked = Organization.objects.filter(platform_organization__isnull=False).count()
    assert linked == PlatformOrganization.objects.count()
