"""Seed the demo directory (sociale kaart) of Maastricht from the templates in demo_data.

Deterministic: the same seed gives the same providers, services, contact persons and numbers on
every run. Dates are relative to now, so "checked six months ago" stays meaningful in the demo.
"""

import datetime
import math
import random
import re
from decimal import Decimal

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

from accounts.models import Organization as PlatformOrganization
from directory import demo_data as data
from directory.indexing import reindex_all
from directory.models import (
    Accessibility,
    Address,
    Attribute,
    CapacityStatus,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    ScheduleException,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from directory.vocabulary import FUNDING_STREAM, LIFE_DOMAIN, TARGET_GROUP, ensure_vocabulary
from geo.models import District, PostcodeArea

SEED = 2026
MUNICIPALITY_CODE = "GM0935"
MUNICIPALITY_NAME = "Maastricht"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")
DUTCH_WEEKDAYS = ("ma", "di", "wo", "do", "vr")
# A single Dutch weekday ("di 9.00-12.00"), not the end of a range ("ma-vr").
DUTCH_DAY_RE = re.compile(r"(?<![–-])\b(ma|di|wo|do|vr)\b(?![–-])")
DAY_ORDER = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
TEMPORARILY_CLOSED = 4
MAX_JITTER_METRES = 280.0

# Insert order: a row's foreign keys point only at rows of models earlier in this list.
MODELS: tuple[type[models.Model], ...] = (
    Organization,
    Location,
    Address,
    Accessibility,
    Service,
    ServiceAtLocation,
    ServiceArea,
    Contact,
    Phone,
    Schedule,
    ScheduleException,
    CostOption,
    Language,
    Attribute,
)


def seed_directory(platform_organizations: dict[str, PlatformOrganization]) -> int:
    """Fill the directory with the Maastricht demo content; returns the number of services.

    Platform organisations (core.demo.ORGANIZATIONS, by name) get their directory provider, so
    their provider editors maintain those entries. A second call creates nothing and returns 0;
    it only restores lost links between platform organisations and their providers.
    """
    terms = ensure_vocabulary()
    if _already_seeded(platform_organizations):
        return 0
    with transaction.atomic():
        seeder = _Seeder(terms, platform_organizations)
        seeder.build()
        seeder.save()
    reindex_all()
    return len(seeder.services)


def _already_seeded(platform_organizations: dict[str, PlatformOrganization]) -> bool:
    names = [provider.name for provider in data.PROVIDERS]
    existing = {org.name: org for org in Organization.objects.filter(name__in=names)}
    if not Service.objects.filter(organization__in=existing.values()).exists():
        return False
    for provider in data.PROVIDERS:
        org = existing.get(provider.name)
        platform = platform_organizations.get(provider.name) if provider.platform else None
        if (
            org is not None
            and platform is not None
            and org.platform_organization_id is None
            and not Organization.objects.filter(platform_organization=platform).exists()
        ):
            org.platform_organization = platform
            org.save(update_fields=["platform_organization"])
    return True


class _Seeder:
    def __init__(
        self,
        terms: dict[str, dict[str, TaxonomyTerm]],
        platform_organizations: dict[str, PlatformOrganization],
    ) -> None:
        self.rng = random.Random(SEED)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(SEED)
        self.now = timezone.now()
        self.terms = terms
        self.platform_organizations = platform_organizations
        self.areas = {
            area.pc4: area
            for area in PostcodeArea.objects.filter(
                municipality__code=MUNICIPALITY_CODE
            ).select_related("district")
        }
        self.districts = {d.code: d for d in District.objects.filter(code__in=data.ALL_DISTRICTS)}
        self.rows: dict[type[models.Model], list[models.Model]] = {m: [] for m in MODELS}
        self.providers: dict[str, Organization] = {}
        self.provider_data = {provider.key: provider for provider in data.PROVIDERS}
        self.locations: dict[tuple[str, str, bool], Location] = {}
        self.services: list[Service] = []
        self.closable: list[Service] = []  # informal district services that may be closed a while

    def add(self, row: models.Model) -> None:
        self.rows[type(row)].append(row)

    def save(self) -> None:
        for model, rows in self.rows.items():
            model._default_manager.bulk_create(rows, batch_size=500)

    def build(self) -> None:
        for provider in data.PROVIDERS:
            self.provider(provider)
        for template in data.DISTRICT_SERVICES:
            for code in template.districts:
                self.service(template, code)
        for template in data.CITY_SERVICES:
            self.service(template, None)
        for service in self.rng.sample(self.closable, TEMPORARILY_CLOSED):
            service.status = Service.Status.TEMPORARILY_CLOSED
            service.alert = self.rng.choice(data.TEMPORARY_CLOSURES)

    # -- providers and locations ---------------------------------------------------------------

    def provider(self, provider: data.Provider) -> None:
        platform = self.platform_organizations.get(provider.name) if provider.platform else None
        slug = slugify(provider.name)
        organization = Organization(
            name=provider.name,
            description=provider.description,
            email=(platform.email if platform and platform.email else f"info@{slug}.example.org"),
            website=f"https://{slug}.example.org",
            legal_status=provider.legal_status,
            year_incorporated=provider.year,
            is_informal=provider.informal,
            platform_organization=platform,
        )
        self.add(organization)
        self.providers[provider.key] = organization
        number = platform.phone if platform and platform.phone else self.phone(provider.informal)
        self.add(Phone(organization=organization, number=number, type="voice"))

    def provider_key(self, key: str, district: str | None) -> str:
        """A provider key, or "@role": the key of that role's provider in the district."""
        if key.startswith("@"):
            assert district is not None, f"{key} needs a district"
            return data.DISTRICT_PROVIDERS[key[1:]][district]
        return key

    def location(
        self, venue: data.Venue, owner: Organization, *, confidential: bool = False
    ) -> Location:
        """One location per address: services in the same building share it."""
        key = (venue.street, venue.postcode, confidential)
        if key in self.locations:
            return self.locations[key]
        area = self.areas[venue.postcode[:4]]
        latitude, longitude = self.jitter(area.latitude, area.longitude)
        location = Location(
            organization=owner,
            name=venue.name or owner.name,
            latitude=latitude,
            longitude=longitude,
            district=area.district,
            is_confidential=confidential,
            transportation="" if confidential else self.rng.choice(data.TRANSPORTATION),
            description=(
                "Geheim adres: alleen zichtbaar voor zorgprofessionals." if confidential else ""
            ),
        )
        self.add(location)
        self.add(
            Address(
                location=location,
                address_1=venue.street,
                city=MUNICIPALITY_NAME,
                state_province="Limburg",
                postal_code=venue.postcode,
                country="NL",
            )
        )
        self.add(Accessibility(location=location, description=self.rng.choice(data.ACCESSIBILITY)))
        self.locations[key] = location
        return location

    def jitter(self, latitude: float, longitude: float) -> tuple[float, float]:
        """A point at most MAX_JITTER_METRES from the postcode area's centroid."""
        distance = self.rng.uniform(20.0, MAX_JITTER_METRES)
        angle = self.rng.uniform(0.0, 2 * math.pi)
        dlat = distance * math.cos(angle) / 111_320.0
        dlon = distance * math.sin(angle) / (111_320.0 * math.cos(math.radians(latitude)))
        return round(latitude + dlat, 6), round(longitude + dlon, 6)

    def service_location(
        self, template: data.ServiceTemplate, district: str | None, provider_key: str
    ) -> Location | None:
        if template.venue in ("virtual", "home"):
            return None
        organization = self.providers[provider_key]
        if template.venue:
            assert district is not None, f"{template.name}: a district venue needs districts"
            venue = data.DISTRICT_VENUES[district][template.venue]
            owner = self.providers[self.provider_key(data.VENUE_OWNERS[template.venue], district)]
            return self.location(venue, owner)
        if template.confidential:
            return self.location(data.CONFIDENTIAL_VENUE, organization, confidential=True)
        return self.location(self.provider_data[provider_key].venue, organization)

    # -- numbers, people and dates -------------------------------------------------------------

    def phone(self, mobile: bool) -> str:
        if mobile:
            pairs = " ".join(f"{self.rng.randint(10, 99)}" for _ in range(4))
            return f"06 {pairs}"
        return (
            f"043 {self.rng.randint(321, 699)} {self.rng.randint(10, 99)} "
            f"{self.rng.randint(10, 99)}"
        )

    def moment(self, *, days_from: int, days_to: int) -> datetime.datetime:
        days = self.rng.randint(days_from, days_to)
        return self.now - datetime.timedelta(days=days, minutes=self.rng.randint(0, 600))

    def capacity(self, template: data.ServiceTemplate) -> tuple[str, int | None]:
        if not template.can_wait:
            return CapacityStatus.OPEN, None
        roll = self.rng.random()
        if roll < 0.25:
            return CapacityStatus.WAITING_LIST, self.rng.randint(2, 12)
        if roll < 0.31:
            return CapacityStatus.FULL, None
        return CapacityStatus.OPEN, None

    # -- services ------------------------------------------------------------------------------

    def service(self, template: data.ServiceTemplate, district: str | None) -> None:
        info = data.DISTRICTS[district] if district else None

        def text(value: str) -> str:
            if info is None:
                return value
            return value.format(wijk=info.label, buurt=info.buurt, buurten=info.buurten)

        provider_key = self.provider_key(template.provider, district)
        organization = self.providers[provider_key]
        capacity, waiting_weeks = self.capacity(template)
        verified = (
            self.moment(days_from=183, days_to=365)
            if self.rng.random() < 0.15
            else self.moment(days_from=0, days_to=175)
        )
        capacity_updated = (
            self.moment(days_from=0, days_to=30) if capacity != CapacityStatus.OPEN else verified
        )
        service = Service(
            organization=organization,
            name=text(template.name),
            description=text(template.description),
            eligibility_description=text(template.eligibility),
            application_process=text(template.application),
            fees_description=template.fees,
            url=template.url or organization.website,
            email=organization.email,
            minimum_age=template.min_age,
            maximum_age=template.max_age,
            referral_requirement=template.referral,
            referral_note=template.referral_note,
            recognised_intervention=template.recognised,
            accreditations=(
                "Erkende interventie in de databanken effectieve interventies."
                if template.recognised
                else ""
            ),
            interpretation_services=(
                "Een tolk via de tolkentelefoon is mogelijk; vraag het bij de afspraak."
                if template.languages and not template.informal
                else ""
            ),
            is_informal=template.informal,
            capacity_status=capacity,
            waiting_weeks=waiting_weeks,
            capacity_updated_at=capacity_updated,
            last_verified_at=verified,
        )
        self.add(service)
        self.services.append(service)
        if template.informal and district is not None:
            self.closable.append(service)

        location = self.service_location(template, district, provider_key)
        if location is not None:
            self.add(ServiceAtLocation(service=service, location=location))
        if district is not None:
            area = self.districts[district]
            self.add(ServiceArea(service=service, name=area.name, cbs_code=area.code))
        else:
            self.add(
                ServiceArea(service=service, name=MUNICIPALITY_NAME, cbs_code=MUNICIPALITY_CODE)
            )
        shift = data.ALL_DISTRICTS.index(district) if template.rotate_days and district else 0
        self.liaison(service, template, _shift_dutch_days(template.reachable, shift))
        if template.hotline:
            self.add(
                Phone(
                    service=service,
                    number=template.hotline,
                    type="voice",
                    description="Algemeen nummer",
                )
            )
        self.schedules(service, template, shift)
        if template.cost is not None:
            amount, per = template.cost
            self.add(
                CostOption(
                    service=service,
                    option="Standaardtarief",
                    currency="EUR",
                    amount=Decimal(amount),
                    amount_description=per,
                )
            )
        self.languages(service, template)
        self.attributes(service, template)

    def liaison(self, service: Service, template: data.ServiceTemplate, reachable: str) -> None:
        first, last = self.fake.first_name(), self.fake.last_name()
        local = f"{slugify(first)}.{slugify(last).replace('-', '')}"
        contact = Contact(
            service=service,
            name=f"{first} {last}",
            title=template.contact_title,
            email=f"{local}@example.org",
            is_liaison=True,
            reachable=reachable,
        )
        self.add(contact)
        self.add(Phone(contact=contact, number=self.phone(template.informal), type="voice"))

    def schedules(self, service: Service, template: data.ServiceTemplate, shift: int) -> None:
        for byday, opens, closes in template.hours:
            self.add(
                Schedule(
                    service=service,
                    freq="WEEKLY",
                    byday=_shift_days(byday, shift),
                    opens_at=datetime.time.fromisoformat(opens),
                    closes_at=datetime.time.fromisoformat(closes),
                    closed_on_public_holidays=not template.open_on_holidays,
                )
            )
        for date, note, opens, closes in template.exceptions:
            self.add(
                ScheduleException(
                    service=service,
                    date=datetime.date.fromisoformat(date),
                    closed=not opens,
                    opens_at=datetime.time.fromisoformat(opens) if opens else None,
                    closes_at=datetime.time.fromisoformat(closes) if closes else None,
                    note=note,
                )
            )

    def languages(self, service: Service, template: data.ServiceTemplate) -> None:
        codes = ["nld", *template.languages]
        if not template.languages and not template.informal and self.rng.random() < 0.2:
            codes.append("eng")
        for code in codes:
            self.add(Language(service=service, name=data.LANGUAGE_NAMES[code], code=code))

    def attributes(self, service: Service, template: data.ServiceTemplate) -> None:
        tagged = [
            *((LIFE_DOMAIN, code) for code in template.domains),
            *((TARGET_GROUP, code) for code in template.groups),
            (FUNDING_STREAM, template.funding),
        ]
        for taxonomy, code in tagged:
            self.add(
                Attribute(
                    link_id=service.pk,
                    link_entity="service",
                    link_type=taxonomy,
                    taxonomy_term=self.terms[taxonomy][code],
                )
            )


def _shift_days(byday: str, shift: int) -> str:
    """Move weekdays `shift` working days on (Friday wraps to Monday); weekend days stay."""
    days = set()
    for day in byday.split(","):
        days.add(WEEKDAYS[(WEEKDAYS.index(day) + shift) % 5] if day in WEEKDAYS else day)
    return ",".join(d for d in DAY_ORDER if d in days)


def _shift_dutch_days(text: str, shift: int) -> str:
    """The same shift for the single weekdays in "when reachable" ("di 9.00" becomes "wo 9.00")."""
    if not shift:
        return text
    return DUTCH_DAY_RE.sub(
        lambda m: DUTCH_WEEKDAYS[(DUTCH_WEEKDAYS.index(m.group(1)) + shift) % 5], text
    )
