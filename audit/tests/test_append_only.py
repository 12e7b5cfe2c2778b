"""Nobody changes or removes an entry through the application: ORM, raw SQL, admin."""

import pytest
from django.db import DatabaseError, connection, transaction

from accounts.models import User
from audit.models import AppendOnlyError, AuditEntry
from audit.testing import TABLE
from audit.tests.helpers import log


@pytest.mark.django_db
@pytest.mark.parity
class TestTheOrmRefuses:
    def test_it_refuses_to_save_a_changed_entry(self) -> None:
        (entry,) = log()
        entry.reason = "nothing happened"
        with pytest.raises(AppendOnlyError):
            entry.save()
        assert AuditEntry.objects.get(pk=entry.pk).reason == ""

    def test_it_refuses_to_overwrite_an_entry_with_a_new_instance(self) -> None:
        (entry,) = log()
        with pytest.raises(AppendOnlyError):
            AuditEntry(id=entry.id, hash=entry.hash, prev_hash=entry.prev_hash).save()

    def test_it_refuses_to_create_an_entry_outside_record(self) -> None:
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.create(at="2026-01-01T00:00:00Z", hash="0" * 64)
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.bulk_create([AuditEntry()])
        assert not AuditEntry.objects.exists()

    def test_it_refuses_to_delete_an_entry(self) -> None:
        (entry,) = log()
        with pytest.raises(AppendOnlyError):
            entry.delete()
        assert AuditEntry.objects.filter(pk=entry.pk).exists()

    def test_querysets_refuse_update_and_delete(self) -> None:
        log(3)
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.filter(id=2).update(reason="x")
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.all().delete()
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.bulk_update(list(AuditEntry.objects.all()), ["reason"])
        with pytest.raises(AppendOnlyError):
            AuditEntry.objects.update_or_create(id=1, defaults={"reason": "x"})
        assert AuditEntry.objects.count() == 3
        assert not AuditEntry.objects.exclude(reason="").exists()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE {table} SET reason = 'x' WHERE id = 1",
        "UPDATE {table} SET reason = 'x' WHERE false",
        "DELETE FROM {table} WHERE id = 2",
        "TRUNCATE {table}",
    ],
)
def test_raw_sql_cannot_change_or_remove_entries_on_postgresql(sql: str) -> None:
    log(2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():  # noqa: SIM117
        with connection.cursor() as cursor:
            cursor.execute(sql.replace("{table}", TABLE))
    assert list(AuditEntry.objects.order_by("id").values_list("id", "reason")) == [
        (1, ""),
        (2, ""),
    ]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_an_empty_log_may_be_truncated_so_test_runs_can_flush() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE}")


@pytest.mark.django_db
class TestTheAdminIsReadOnly:
    def test_an_administrator_lists_and_filters_entries(
        self, client_for, administrator: User
    ) -> None:
        log(2)
        log(outcome="denied", basis="", reason="no_consent", purpose="referral")
        client = client_for(administrator)

        response = client.get("/beheer/audit/auditentry/?outcome__exact=denied")
        assert response.status_code == 200
        assert list(response.context["cl"].result_list.values_list("outcome", flat=True)) == [
            "denied"
        ]
        for parameter in ("outcome", "purpose", "channel"):
            assert f"{parameter}__exact=" in response.content.decode()

    def test_an_administrator_can_view_but_not_change_an_entry(
        self, client_for, administrator: User
    ) -> None:
        (entry,) = log()
        client = client_for(administrator)
        url = f"/beheer/audit/auditentry/{entry.pk}/change/"

        page = client.get(url)
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()
        response = client.post(url, {"reason": "nothing to see", "outcome": "denied"})
        assert response.status_code == 403
        assert AuditEntry.objects.get(pk=entry.pk).reason == ""

    def test_an_administrator_cannot_delete_or_add_an_entry(
        self, client_for, administrator: User
    ) -> None:
        (entry,) = log()
        client = client_for(administrator)

        assert client.get(f"/beheer/audit/auditentry/{entry.pk}/delete/").status_code == 403
        response = client.post(f"/beheer/audit/auditentry/{entry.pk}/delete/", {"post": "yes"})
        assert response.status_code == 403
        response = client.post(
            "/beheer/audit/auditentry/",
            {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
        )
        assert response.status_code in (200, 302, 403)
        assert client.get("/beheer/audit/auditentry/add/").status_code == 403
        assert AuditEntry.objects.count() == 1


@pytest.mark.django_db
def test_the_admin_counts_no_further_than_it_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    from audit import admin as audit_admin

    monkeypatch.setattr(audit_admin, "COUNT_LIMIT", 2)
    log(4)
    paginator = audit_admin.CappedCountPaginator(AuditEntry.objects.order_by("-id"), 1)
    assert paginator.count == 3  # the limit + 1: "more than 2"
    assert audit_admin.CappedCountPaginator(AuditEntry.objects.all()[:1], 1).count == 1
