"""Residents and households: the people the platform exists for.

Who may read these records is decided in one place, `privacy.policy` (consent, legal
representation, break-glass); every read and write through it leaves an audit entry.
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import crypto


class Resident(models.Model):
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resident",
        verbose_name=_("account"),
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name_prefix = models.CharField(_("prefix"), max_length=20, blank=True)
    family_name = models.CharField(_("family name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    street = models.CharField(_("street"), max_length=120, blank=True)
    house_number = models.CharField(_("house number"), max_length=12, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    place = models.CharField(_("place"), max_length=80, blank=True)
    district = models.ForeignKey(
        "geo.District", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("district")
    )
    # The BSN only encrypted (core.crypto), with a keyed digest to find a resident by it and the
    # last three digits to recognise it; it is never shown in full.
    bsn_encrypted = models.TextField(blank=True, editable=False)
    bsn_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    bsn_last_digits = models.CharField(max_length=3, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")

    def __str__(self) -> str:
        return self.full_name

    def set_bsn(self, bsn: str) -> None:
        """Store a BSN (already validated) encrypted; an empty string removes it."""
        self.bsn_encrypted = crypto.encrypt(bsn) if bsn else ""
        self.bsn_digest = bsn_digest(bsn) if bsn else ""
        self.bsn_last_digits = bsn[-3:] if bsn else ""

    @property
    def masked_bsn(self) -> str:
        return f"••••••{self.bsn_last_digits}" if self.bsn_last_digits else ""

    def age_on(self, day: datetime.date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def full_name(self) -> str:
        return " ".join(
            p for p in (self.given_name, self.family_name_prefix, self.family_name) if p
        )


class Household(models.Model):
    name = models.CharField(_("name"), max_length=120)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.name


class HouseholdMember(models.Model):
    class Relationship(models.TextChoices):
        ADULT = "adult", _("adult")
        PARTNER = "partner", _("partner")
        CHILD = "child", _("child")
        PARENT = "parent", _("parent")
        CARER = "carer", _("carer")
        OTHER = "other", _("other")

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("household")
    )
    resident = models.ForeignKey(
        Resident,
        on_delete=models.CASCADE,
        related_name="household_memberships",
        verbose_name=_("resident"),
    )
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["household", "since"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "resident"],
                condition=models.Q(until__isnull=True),
                name="one_current_membership_per_household",
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident} ({self.get_relationship_display()})"


def bsn_digest(bsn: str) -> str:
    """A keyed digest: equal BSNs match, and the table alone does not reveal them."""
    key = hashlib.sha256(b"ontschot-bsn:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, bsn.encode(), hashlib.sha256).hexdigest()


def is_valid_bsn(bsn: str) -> bool:
    """Nine digits passing the "elfproef" (11-test) of the BSN."""
    if len(bsn) != 9 or not bsn.isdigit():
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(int(d) * w for d, w in zip(bsn, weights, strict=True)) % 11 == 0


class LegalRepresentative(models.Model):
    """Someone who may act for the resident: a parent of a minor, a guardian (curator) or a mentor.

    The representative is a resident of the platform when they have a record here (so they can
    act in the portal); otherwise only their name is kept.
    """

    class Kind(models.TextChoices):
        PARENT = "parent", _("parent with parental authority")
        GUARDIAN = "guardian", _("guardian (curator)")
        MENTOR = "mentor", _("mentor")

    resident = models.ForeignKey(
        Resident,
        on_delete=models.CASCADE,
        related_name="representatives",
        verbose_name=_("resident"),
    )
    representative = models.ForeignKey(
        Resident,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="represents",
        verbose_name=_("representative"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["resident", "since"]
        verbose_name = _("legal representative")
        verbose_name_plural = _("legal representatives")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_kind_display()})"

    @property
    def display_name(self) -> str:
        return self.representative.full_name if self.representative else self.name

    def is_current(self, day: datetime.date) -> bool:
        return self.since <= day and (self.until is None or day < self.until)


class CareTeamMember(models.Model):
    """An organisation (and possibly a named professional) involved with a resident or household."""

    resident = models.ForeignKey(
        Resident,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="care_team",
        verbose_name=_("resident"),
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="care_team",
        verbose_name=_("household"),
    )
    organization = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="care_teams",
        verbose_name=_("organisation"),
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="care_team_roles",
        verbose_name=_("professional"),
    )
    role = models.CharField(_("role in the team"), max_length=120)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["since"]
        verbose_name = _("care team member")
        verbose_name_plural = _("care team members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resident__isnull=False) | models.Q(household__isnull=False),
                name="care_team_member_of_resident_or_household",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.role}"
