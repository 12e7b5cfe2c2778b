"""Generate a national-scale directory for benchmarks: N services over all municipalities.

    ONTSCHOT_ENV=development DATABASE_URL=postgres://postgres@127.0.0.1:5432/ontschot_bench \
        .venv/bin/python bench/generate_directory.py --services 300000

Services are spread over the 345 municipalities by population, each with a provider, a location
at a postcode-area centroid, a fixed contact person with a phone, a service area, opening hours
and 2 to 4 taxonomy terms. Texts come from realistic templates, so the vocabulary is
like a real directory's. The search index is written directly (the same functions as reindex).
Deterministic: the same --seed gives the same directory.
"""

import argparse
import datetime
import os
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ontschot.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from directory import indexing  # noqa: E402
from directory.models import (  # noqa: E402
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
from directory.vocabulary import TERMS, ensure_vocabulary  # noqa: E402
from geo.models import Municipality, PostcodeArea  # noqa: E402
from geo.services import load_geography  # noqa: E402

# (name pattern, description, life domains, target group, funding)
TEMPLATES = [
    (
        "Schuldhulpverlening {place}",
        "Hulp bij schulden, aanmaningen en de deurwaarder. Samen maken we een plan.",
        ["money_debts"],
        "adults",
        "wmo",
    ),
    (
        "Budgetcoach {place}",
        "Een vrijwillige budgetcoach helpt met de administratie en het overzicht van uw geld.",
        ["money_debts"],
        "adults",
        "free",
    ),
    (
        "Formulierenhulp {place}",
        "Hulp bij formulieren, toeslagen en brieven van instanties.",
        ["money_debts", "ph_daily_functioning"],
        "low_literacy",
        "free",
    ),
    (
        "Voedselbank {place}",
        "Voedselpakketten voor huishoudens die tijdelijk niet rondkomen.",
        ["money_debts"],
        "adults",
        "free",
    ),
    (
        "Huiskamer {place}",
        "Een huiskamer in de wijk: koffie, een praatje en samen eten. Iedereen is welkom.",
        ["social_contact", "ph_participation"],
        "adults",
        "free",
    ),
    (
        "Wandelgroep {place}",
        "Elke week samen wandelen in de buurt, in een rustig tempo.",
        ["physical_health", "social_contact"],
        "older_people",
        "free",
    ),
    (
        "Taalcafé {place}",
        "Nederlands oefenen in een ontspannen sfeer met vrijwilligers.",
        ["social_contact", "ph_participation"],
        "newcomers",
        "free",
    ),
    (
        "Mantelzorgsteunpunt {place}",
        "Advies, respijtzorg en lotgenotencontact voor mantelzorgers.",
        ["caregiver_support"],
        "caregivers",
        "wmo",
    ),
    (
        "Opvoedspreekuur {place}",
        "Vragen over opvoeden, puberteit en ruzie thuis? Praat met een pedagoog.",
        ["parenting_youth"],
        "parents",
        "youth_act",
    ),
    (
        "Jongerenwerk {place}",
        "Jongerenwerkers in de wijk voor activiteiten en een luisterend oor.",
        ["parenting_youth", "ph_participation"],
        "youth",
        "wmo",
    ),
    (
        "GGZ-inloop {place}",
        "Inloop voor mensen met psychische klachten, somberheid of angst.",
        ["mental_health", "ph_mental_wellbeing"],
        "adults",
        "zvw",
    ),
    (
        "Verslavingsspreekuur {place}",
        "Anoniem praten over alcohol, drugs of gokken.",
        ["addiction"],
        "adults",
        "zvw",
    ),
    (
        "Valpreventie {place}",
        "Cursus om vallen te voorkomen: oefeningen voor balans en kracht.",
        ["physical_health", "ph_bodily_functions"],
        "older_people",
        "zvw",
    ),
    (
        "Wijkverpleging {place}",
        "Verpleging en verzorging thuis door de wijkverpleegkundige.",
        ["physical_health"],
        "older_people",
        "zvw",
    ),
    (
        "Dagbesteding {place}",
        "Zinvolle dagbesteding met begeleiding, in een vaste groep.",
        ["work_daytime", "ph_meaningfulness"],
        "disability",
        "wmo",
    ),
    (
        "Vrijwilligerscentrale {place}",
        "Vind vrijwilligerswerk dat bij u past.",
        ["work_daytime", "ph_meaningfulness"],
        "adults",
        "free",
    ),
    (
        "Werkcoach {place}",
        "Begeleiding naar werk voor mensen met een uitkering.",
        ["work_daytime"],
        "adults",
        "participation_act",
    ),
    (
        "Woonloket {place}",
        "Hulp bij huurachterstand, woningzoeken en dreigende uithuiszetting.",
        ["housing", "money_debts"],
        "adults",
        "wmo",
    ),
    (
        "Meldpunt huiselijk geweld {place}",
        "Advies en hulp bij huiselijk geweld en kindermishandeling.",
        ["safety"],
        "adults",
        "free",
    ),
    (
        "Levensvragen {place}",
        "Gesprekken over zingeving, rouw en wat belangrijk is in uw leven.",
        ["ph_meaningfulness", "ph_quality_of_life"],
        "older_people",
        "free",
    ),
]
DAYS = ["MO", "TU", "WE", "TH", "FR"]


def tokens_cached(cache: dict[str, list[str]], text: str) -> list[str]:
    if text not in cache:
        cache[text] = indexing.tokens(text)
    return cache[text]


def generate(total: int, seed: int) -> None:
    rng = random.Random(seed)
    if not Municipality.objects.exists():
        load_geography()
    terms = ensure_vocabulary()
    term_names = {code: terms["life_domain"][code].name for code in TERMS["life_domain"]}
    municipalities = list(Municipality.objects.all())
    areas: dict[int, list[PostcodeArea]] = {}
    for area in PostcodeArea.objects.all():
        areas.setdefault(area.municipality_id, []).append(area)
    weights = [m.population or 1 for m in municipalities]
    token_cache: dict[str, list[str]] = {}
    now = timezone.now()
    made = 0
    started = time.perf_counter()
    while made < total:
        batch = min(5000, total - made)
        with transaction.atomic():
            _batch(rng, batch, municipalities, weights, areas, terms, term_names, token_cache, now)
        made += batch
        rate = made / (time.perf_counter() - started)
        print(f"\r{made:,}/{total:,} services ({rate:,.0f}/s)", end="", flush=True)
    print()


def _batch(rng, size, municipalities, weights, areas, terms, term_names, token_cache, now):
    rows: dict[str, list] = {
        k: [] for k in ("org", "svc", "loc", "adr", "sal", "con", "pho", "area", "sch", "attr")
    }
    for municipality in rng.choices(municipalities, weights=weights, k=size):
        name, description, domains, group, funding = rng.choice(TEMPLATES)
        place_areas = areas.get(municipality.pk) or [None]
        area = rng.choice(place_areas)
        title = name.format(place=municipality.name)
        org = Organization(
            id=uuid.UUID(int=rng.getrandbits(128)),
            name=f"{title.split()[0]} {municipality.name} {rng.randint(1, 999)}",
        )
        term_list = [terms["life_domain"][d] for d in domains] + [
            terms["target_group"][group],
            terms["funding_stream"][funding],
        ]
        body_text = f"{title} {description} {org.name} " + " ".join(
            term_names.get(d, "") for d in domains
        )
        body = list(
            dict.fromkeys(
                tokens_cached(token_cache, body_text)
                + [indexing.term_token(t) for t in term_list]
                + [indexing.area_token(municipality.code)]
            )
        )
        lat = area.latitude if area else municipality.latitude
        lon = area.longitude if area else municipality.longitude
        svc = Service(
            id=uuid.UUID(int=rng.getrandbits(128)),
            organization_id=org.id,
            name=title,
            description=description,
            referral_requirement=rng.choice(["none", "none", "gp", "municipality"]),
            is_informal=funding == "free" and rng.random() < 0.5,
            capacity_status=rng.choice(["open", "open", "open", "waiting_list", "full"]),
            minimum_age=65 if group == "older_people" else None,
            last_verified_at=now - datetime.timedelta(days=rng.randint(0, 400)),
            search_title=f" {' '.join(tokens_cached(token_cache, title))} ",
            search_document=f" {' '.join(body)} ",
            search_latitude=lat,
            search_longitude=lon,
            facet_mask=indexing.facet_mask(term_list),
        )
        loc = Location(
            id=uuid.uuid4(),
            organization_id=org.id,
            name=title,
            latitude=lat,
            longitude=lon,
            district_id=area.district_id if area else None,
        )
        rows["org"].append(org)
        rows["svc"].append(svc)
        rows["loc"].append(loc)
        rows["adr"].append(
            Address(
                id=uuid.uuid4(),
                location_id=loc.id,
                address_1=f"Dorpsstraat {rng.randint(1, 200)}",
                city=municipality.name,
                state_province=municipality.province,
                postal_code=f"{area.pc4 if area else '1000'} AB",
            )
        )
        rows["sal"].append(
            ServiceAtLocation(id=uuid.uuid4(), service_id=svc.id, location_id=loc.id)
        )
        contact = Contact(
            id=uuid.uuid4(),
            service_id=svc.id,
            name=f"Contactpersoon {rng.randint(1, 99999)}",
            title="coördinator",
            is_liaison=True,
            reachable="ma–vr 9.00–12.00",
        )
        rows["con"].append(contact)
        rows["pho"].append(
            Phone(
                id=uuid.uuid4(),
                contact_id=contact.id,
                number=f"0{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            )
        )
        rows["area"].append(
            ServiceArea(
                id=uuid.uuid4(),
                service_id=svc.id,
                name=municipality.name,
                cbs_code=municipality.code,
            )
        )
        day = rng.choice(DAYS)
        rows["sch"].append(
            Schedule(
                id=uuid.uuid4(),
                service_id=svc.id,
                freq="WEEKLY",
                byday=",".join(DAYS) if rng.random() < 0.6 else day,
                opens_at=datetime.time(9),
                closes_at=datetime.time(rng.choice([12, 16, 17])),
            )
        )
        for term in term_list:
            rows["attr"].append(
                Attribute(
                    id=uuid.uuid4(),
                    link_id=svc.id,
                    link_entity="service",
                    link_type="nl_profile",
                    taxonomy_term=term,
                )
            )
    for key, model in (
        ("org", Organization),
        ("svc", Service),
        ("loc", Location),
        ("adr", Address),
        ("sal", ServiceAtLocation),
        ("con", Contact),
        ("pho", Phone),
        ("area", ServiceArea),
        ("sch", Schedule),
        ("attr", Attribute),
    ):
        model.objects.bulk_create(rows[key], batch_size=5000)
    indexing.remember_tokens(rows["svc"])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--services", type=int, default=300_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--wipe", action="store_true", help="delete the existing directory first")
    args = parser.parse_args()
    if args.wipe:
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE directory_attribute, directory_schedule, directory_phone, directory_contact, "
                "directory_servicearea, directory_serviceatlocation, directory_address, directory_location, "
                "directory_service, directory_organization, directory_searchtoken CASCADE"
                if connection.vendor == "postgresql"
                else "SELECT 1"
            )
    started = time.perf_counter()
    generate(args.services, args.seed)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"generated {args.services:,} services in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
