"""The access log in plain words for the resident: "Huisartsenpraktijk De Linde bekeek op
3 maart om 10:12 uw contactgegevens"."""

import datetime
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import services as audit
from audit.models import Action, AuditEntry, DataCategory
from residents.models import Resident

# "your …" in the sentences: the categories as a resident would name them.
YOUR = {
    DataCategory.CONTACT_DETAILS: gettext_lazy("contact details"),
    DataCategory.REFERRALS: gettext_lazy("referrals"),
    DataCategory.PLAN: gettext_lazy("plan"),
    DataCategory.ASSESSMENTS: gettext_lazy("questionnaires"),
    DataCategory.NOTES: gettext_lazy("notes"),
    DataCategory.AUDIT: gettext_lazy("access log"),
}
PAGE_SIZE = 50


@dataclass(frozen=True)
class Access:
    entry_id: int
    at: datetime.datetime
    sentence: str
    emergency: bool


def accesses_page(
    resident: Resident, *, before: tuple[datetime.datetime, int] | None = None
) -> tuple[list[Access], tuple[datetime.datetime, int] | None]:
    """One page of who used the resident's data, newest first, and the cursor for the next."""
    entries = audit.accesses_of(resident.pk, limit=PAGE_SIZE, before=before)
    others = [
        e for e in entries if resident.account_id is None or e.actor_id != resident.account_id
    ]
    cursor = (entries[-1].at, entries[-1].id) if len(entries) == PAGE_SIZE else None
    return [_access(entry) for entry in others], cursor


def _access(entry: AuditEntry) -> Access:
    return Access(
        entry.id, entry.at, describe(entry), emergency=entry.basis.startswith("break_glass:")
    )


def describe(entry: AuditEntry) -> str:
    """One sentence, in the active language."""
    local = timezone.localtime(entry.at)
    values = {
        "who": entry.organization_name or entry.actor_name or _("The system"),
        "date": formats.date_format(local, "j F Y"),
        "time": formats.time_format(local, "H:i"),
        "what": _list([str(YOUR.get(c, c)) for c in entry.categories]),
    }
    first_record = entry.records[0] if entry.records else ""
    if entry.basis == "identification":
        return _("%(who)s looked you up on %(date)s at %(time)s") % values
    if first_record.startswith("consent:"):
        if entry.action == Action.CREATE:
            return _("%(who)s recorded your consent on %(date)s at %(time)s") % values
        return _("%(who)s ended your consent on %(date)s at %(time)s") % values
    if first_record.startswith("break_glass:") and entry.action == Action.CREATE:
        return _("%(who)s opened your data in an emergency on %(date)s at %(time)s") % values
    sentences: dict[str, str] = {
        Action.READ: _("%(who)s looked at your %(what)s on %(date)s at %(time)s"),
        Action.CREATE: _("%(who)s added to your %(what)s on %(date)s at %(time)s"),
        Action.UPDATE: _("%(who)s changed your %(what)s on %(date)s at %(time)s"),
        Action.DELETE: _("%(who)s removed from your %(what)s on %(date)s at %(time)s"),
        Action.EXPORT: _("%(who)s downloaded your %(what)s on %(date)s at %(time)s"),
    }
    return sentences.get(entry.action, sentences[Action.READ]) % values


def _list(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}
