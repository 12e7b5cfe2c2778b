"""Provider editors maintain their own entries, with history; others cannot."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Organization as PlatformOrganization
from accounts.models import User
from directory import services
from directory.models import Metadata, Service
from directory.search import SearchParams, resolve_place, search
from directory.tasks import flag_outdated_entries
from directory.tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_service(welfare: PlatformOrganization) -> Service:
    provider = factories.provider("Welzijn Maastricht", platform_organization=welfare)
    return factories.service(provider, "Welzijn op Recept", "Een welzijnscoach helpt.", pc4="6211")


@pytest.fixture
def other_service(geography) -> Service:
    return factories.service(
        factories.provider("Andere Aanbieder"), "Andermans dienst", "Niet van u."
    )


def test_an_editor_updates_a_service_and_the_history_shows_it(
    client_for, editor: User, own_service: Service
) -> None:
    client = client_for(editor)
    data = {
        "name": "Welzijn op Recept Maastricht",
        "description": "Een welzijnscoach helpt bij eenzaamheid en zingeving.",
        "status": "active",
        "referral_requirement": "gp",
        "referral_note": "de huisarts of POH",
    }
    response = client.post(reverse("directory:edit", args=[own_service.pk]), data, follow=True)
    assert "Opgeslagen." in response.content.decode()
    own_service.refresh_from_db()
    assert own_service.name == "Welzijn op Recept Maastricht"
    history = client.get(reverse("directory:history", args=[own_service.pk])).content.decode()
    assert "Koen Test" in history
    assert "Welzijn op Recept Maastricht" in history
    assert Metadata.objects.filter(resource_id=own_service.pk, field_name="name").exists()
    found = search(SearchParams(text="zingeving"))
    assert [h.service.pk for h in found.hits] == [own_service.pk]  # reindexed at once


def test_bad_input_keeps_the_form_with_messages(
    client_for, editor: User, own_service: Service
) -> None:
    data = {
        "name": "",
        "status": "active",
        "referral_requirement": "gp",
        "minimum_age": "70",
        "maximum_age": "12",
    }
    body = (
        client_for(editor)
        .post(reverse("directory:edit", args=[own_service.pk]), data)
        .content.decode()
    )
    assert "Dit veld is verplicht." in body
    assert "De maximumleeftijd moet minstens de minimumleeftijd zijn." in body
    assert "Zeg wie kan verwijzen" in body
    own_service.refresh_from_db()
    assert own_service.name == "Welzijn op Recept"


def test_an_editor_cannot_touch_another_organisations_entry(
    client_for, editor: User, other_service: Service
) -> None:
    client = client_for(editor)
    assert client.get(reverse("directory:edit", args=[other_service.pk])).status_code == 404
    assert (
        client.post(
            reverse("directory:capacity", args=[other_service.pk]), {"capacity_status": "full"}
        ).status_code
        == 404
    )
    other_service.refresh_from_db()
    assert other_service.capacity_status == "open"


def test_a_gp_cannot_maintain_the_directory(client_for, gp: User, own_service: Service) -> None:
    assert client_for(gp).get(reverse("directory:manage")).status_code == 403


def test_capacity_changes_in_one_click(client_for, editor: User, own_service: Service) -> None:
    client = client_for(editor)
    response = client.post(
        reverse("directory:capacity", args=[own_service.pk]),
        {"capacity_status": "waiting_list", "waiting_weeks": "6"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<tr" in response.content.decode()
    own_service.refresh_from_db()
    assert (own_service.capacity_status, own_service.waiting_weeks) == ("waiting_list", 6)
    assert own_service.capacity_updated_at is not None
    assert (
        "wachtlijst: ongeveer 6 weken"
        in client.get(reverse("directory:service", args=[own_service.pk])).content.decode()
    )


def test_still_correct_marks_the_entry_as_checked(
    client_for, editor: User, own_service: Service
) -> None:
    own_service.last_verified_at = timezone.now() - datetime.timedelta(days=400)
    own_service.save(update_fields=["last_verified_at"])
    assert services.is_possibly_outdated(own_service)
    client_for(editor).post(reverse("directory:verify", args=[own_service.pk]))
    own_service.refresh_from_db()
    assert not services.is_possibly_outdated(own_service)


def test_a_likely_duplicate_is_flagged_before_it_is_added(
    client_for, editor: User, own_service: Service
) -> None:
    client = client_for(editor)
    data = {"name": "Welzijn op recept", "status": "active", "referral_requirement": "none"}
    body = client.post(reverse("directory:new"), data).content.decode()
    assert "al een aanbod met een vergelijkbare naam" in body
    assert Service.objects.filter(organization=own_service.organization).count() == 1
    client.post(reverse("directory:new"), {**data, "confirm_duplicate": "1"})
    assert Service.objects.filter(organization=own_service.organization).count() == 2


def test_the_liaison_can_be_changed(client_for, editor: User, own_service: Service) -> None:
    client = client_for(editor)
    body = client.post(
        reverse("directory:liaison", args=[own_service.pk]), {"name": "", "phone": ""}
    ).content.decode()
    assert "Dit veld is verplicht." in body
    client.post(
        reverse("directory:liaison", args=[own_service.pk]),
        {
            "name": "Fatima El Amrani",
            "title": "welzijnscoach",
            "phone": "043 321 80 80",
            "reachable": "ma–do 9–12",
        },
    )
    liaison = services.liaison_of(own_service)
    assert liaison is not None and liaison.name == "Fatima El Amrani"
    assert liaison.phones.get().number == "043 321 80 80"


def test_outdated_entries_are_mailed_to_their_editor_once(
    editor: User, own_service: Service
) -> None:
    own_service.last_verified_at = timezone.now() - datetime.timedelta(days=200)
    own_service.save(update_fields=["last_verified_at"])
    call_command("run_scheduler", "--once", stdout=None)
    assert (
        DBTaskResult.objects.filter(task_path="directory.tasks.flag_outdated_entries").count() == 1
    )
    flag_outdated_entries.call()  # what the worker does with the queued task
    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert "Welzijn op Recept" in mail.outbox[0].body
    services.send_verification_reminders()
    assert len(mail.outbox) == 1  # not again in the same period


def test_an_editor_sets_what_the_service_is_about(
    client_for, editor: User, own_service: Service
) -> None:
    client = client_for(editor)
    page = client.get(reverse("directory:terms", args=[own_service.pk])).content.decode()
    assert "Geld en schulden" in page
    response = client.post(
        reverse("directory:terms", args=[own_service.pk]),
        {
            "life_domain": ["social_contact", "ph_meaningfulness"],
            "target_group": ["older_people"],
            "funding_stream": ["free"],
        },
        follow=True,
    )
    assert "Opgeslagen." in response.content.decode()
    found = search(SearchParams(text="eenzaam"))
    assert [h.service.pk for h in found.hits] == [own_service.pk]
    assert Metadata.objects.filter(resource_id=own_service.pk, field_name="life_domain").exists()
    empty = client.post(
        reverse("directory:terms", args=[own_service.pk]), {"life_domain": []}
    ).content.decode()
    assert "Dit veld is verplicht." in empty


def test_an_editor_sets_split_opening_hours_and_a_closed_day(
    client_for, editor: User, own_service: Service
) -> None:
    client = client_for(editor)
    url = reverse("directory:hours", args=[own_service.pk])
    data = {
        "periods-TOTAL_FORMS": "2",
        "periods-INITIAL_FORMS": "0",
        "periods-0-days": ["MO", "TU"],
        "periods-0-opens_at": "09:00",
        "periods-0-closes_at": "12:00",
        "periods-0-closed_on_public_holidays": "on",
        "periods-1-days": ["MO"],
        "periods-1-opens_at": "13:30",
        "periods-1-closes_at": "16:30",
        "periods-1-closed_on_public_holidays": "on",
    }
    client.post(url, data)
    assert sorted((s.byday, s.opens_at.isoformat()) for s in own_service.schedules.all()) == [  # type: ignore[union-attr]
        ("MO", "13:30:00"),
        ("MO,TU", "09:00:00"),
    ]
    monday = datetime.datetime(2026, 11, 23, 14, 0, tzinfo=timezone.get_current_timezone())
    assert [h.service.pk for h in search(SearchParams(open_now=True), now=monday).hits] == [
        own_service.pk
    ]

    client.post(
        reverse("directory:closure_add", args=[own_service.pk]),
        {
            "closure-date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "closure-note": "studiedag",
        },
    )
    assert "studiedag" in client.get(url).content.decode()
    history = client.get(reverse("directory:history", args=[own_service.pk])).content.decode()
    assert "MO 13:30–16:30" in history


def test_opening_hours_that_close_before_they_open_are_refused(
    client_for, editor: User, own_service: Service
) -> None:
    data = {
        "periods-TOTAL_FORMS": "1",
        "periods-INITIAL_FORMS": "0",
        "periods-0-days": ["MO"],
        "periods-0-opens_at": "16:00",
        "periods-0-closes_at": "09:00",
    }
    body = (
        client_for(editor)
        .post(reverse("directory:hours", args=[own_service.pk]), data)
        .content.decode()
    )
    assert "De sluitingstijd moet later zijn dan de openingstijd." in body
    assert not own_service.schedules.exists()


def test_an_editor_moves_a_service_and_it_is_found_near_the_new_place(
    client_for, editor: User, own_service: Service
) -> None:
    client = client_for(editor)
    url = reverse("directory:location", args=[own_service.pk])
    bad = client.post(
        url,
        {"name": "Buurthuis", "address_1": "Straat 1", "postal_code": "62", "city": "Maastricht"},
    )
    assert "is geen Nederlandse postcode" in bad.content.decode()
    client.post(
        url,
        {
            "name": "Buurthuis Oost",
            "address_1": "Akersteenweg 2",
            "postal_code": "6226 AB",
            "city": "Maastricht",
        },
    )
    own_service.refresh_from_db()
    assert own_service.search_latitude is not None
    near = search(SearchParams(text="welzijn", place=resolve_place("6226")))
    assert near.hits[0].service.pk == own_service.pk
    assert "0,0 km van 6226" in near.hits[0].reasons
    assert (
        "Akersteenweg 2, 6226 AB Maastricht"
        in client.get(reverse("directory:history", args=[own_service.pk])).content.decode()
    )


def test_marking_a_location_confidential_takes_it_off_the_map(
    client_for, editor: User, own_service: Service
) -> None:
    client_for(editor).post(
        reverse("directory:location", args=[own_service.pk]),
        {
            "name": "Opvang",
            "address_1": "Geheim 1",
            "postal_code": "6211 AB",
            "city": "Maastricht",
            "is_confidential": "on",
        },
    )
    own_service.refresh_from_db()
    assert own_service.search_latitude is None
    assert (
        "Geheim 1"
        not in Client().get(reverse("directory:service", args=[own_service.pk])).content.decode()
    )


def test_the_public_history_never_shows_a_confidential_address(
    client_for, editor: User, own_service: Service
) -> None:
    client_for(editor).post(
        reverse("directory:location", args=[own_service.pk]),
        {
            "name": "Opvang",
            "address_1": "Geheim 1",
            "postal_code": "6211 AB",
            "city": "Maastricht",
            "is_confidential": "on",
        },
    )
    url = reverse("directory:history", args=[own_service.pk])
    assert "Geheim 1" not in Client().get(url).content.decode()
    assert "Geheim 1" in client_for(editor).get(url).content.decode()


def test_the_public_history_names_the_provider_not_the_person(
    client_for, editor: User, own_service: Service
) -> None:
    services.do_verify_service(own_service, actor=editor)
    url = reverse("directory:history", args=[own_service.pk])
    public = Client().get(url).content.decode()
    assert "Koen Test" not in public
    assert "Welzijn Maastricht" in public
    assert "Koen Test" in client_for(editor).get(url).content.decode()
