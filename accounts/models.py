"""Users, organisations and memberships: who works where, in which role."""

import datetime
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    MEDICAL = "medical", _("medical")
    SOCIAL = "social", _("social")
    INFORMAL = "informal", _("informal")
    FUNDER = "funder", _("funder")


class OrganizationKind(models.TextChoices):
    GP_PRACTICE = "gp_practice", _("GP practice")
    DISTRICT_NURSING = "district_nursing", _("district nursing")
    MENTAL_HEALTH = "mental_health", _("mental-health provider")
    HOSPITAL = "hospital", _("hospital")
    SOCIAL_TEAM = "social_team", _("social team")
    WELFARE = "welfare", _("welfare organisation")
    DEBT_HELP = "debt_help", _("debt help")
    YOUTH_CARE = "youth_care", _("youth-care provider")
    COMMUNITY_INITIATIVE = "community_initiative", _("community initiative")
    MUNICIPALITY = "municipality", _("municipality")
    HEALTH_INSURER = "health_insurer", _("health insurer")
    CARE_OFFICE = "care_office", _("care office")


DOMAIN_OF_KIND: dict[str, str] = {
    OrganizationKind.GP_PRACTICE: Domain.MEDICAL,
    OrganizationKind.DISTRICT_NURSING: Domain.MEDICAL,
    OrganizationKind.MENTAL_HEALTH: Domain.MEDICAL,
    OrganizationKind.HOSPITAL: Domain.MEDICAL,
    OrganizationKind.SOCIAL_TEAM: Domain.SOCIAL,
    OrganizationKind.WELFARE: Domain.SOCIAL,
    OrganizationKind.DEBT_HELP: Domain.SOCIAL,
    OrganizationKind.YOUTH_CARE: Domain.SOCIAL,
    OrganizationKind.COMMUNITY_INITIATIVE: Domain.INFORMAL,
    OrganizationKind.MUNICIPALITY: Domain.FUNDER,
    OrganizationKind.HEALTH_INSURER: Domain.FUNDER,
    OrganizationKind.CARE_OFFICE: Domain.FUNDER,
}


class Role(models.TextChoices):
    GP = "gp", _("GP")
    PRACTICE_NURSE = "practice_nurse", _("practice nurse")
    DISTRICT_NURSE = "district_nurse", _("district nurse")
    SOCIAL_WORKER = "social_worker", _("social worker")
    WELLBEING_COACH = "wellbeing_coach", _("wellbeing coach")
    HOUSEHOLD_COORDINATOR = "household_coordinator", _("household coordinator")
    PROVIDER_EDITOR = "provider_editor", _("provider editor")
    POLICY_ANALYST = "policy_analyst", _("policy analyst")
    PRIVACY_OFFICER = "privacy_officer", _("privacy officer")
    ADMINISTRATOR = "administrator", _("administrator")


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganizationKind.choices)
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    municipality = models.ForeignKey(
        "geo.Municipality",
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("municipality"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class AccountKind(models.TextChoices):
    PROFESSIONAL = "professional", _("professional")
    RESIDENT = "resident", _("resident")


class EmailUserManager(BaseUserManager["User"]):
    """Users log in with their e-mail address; there is no username."""

    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)  # None gives an unusable password
        user.save(using=self._db)
        return user

    def create_superuser(
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    kind = models.CharField(
        _("kind of account"),
        max_length=20,
        choices=AccountKind.choices,
        default=AccountKind.PROFESSIONAL,
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("nl", "Nederlands"), ("en", "English")],
        default="nl",
    )
    organizations: "models.ManyToManyField[Organization, Membership]" = models.ManyToManyField(
        Organization, through="Membership", related_name="members", verbose_name=_("organisations")
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects: ClassVar[EmailUserManager] = EmailUserManager()  # type: ignore[assignment]  # no username

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_professional(self) -> bool:
        return self.kind == AccountKind.PROFESSIONAL

    @property
    def is_resident(self) -> bool:
        return self.kind == AccountKind.RESIDENT


class Membership(models.Model):
    """A professional works for an organisation in one role; one person may hold several."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    job_title = models.CharField(_("job title"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["organization__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="unique_membership_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.organization}"


class SecurityEvent(models.Model):
    """Login-related events for the privacy officer: successes, failures, lock-outs, 2FA changes.

    Holds no personal data of residents; only the account's own security trail.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed login")
        LOCKED_OUT = "locked_out", _("locked out")
        LOGOUT = "logout", _("logged out")
        SESSION_EXPIRED = "session_expired", _("session expired")
        TOTP_ENABLED = "totp_enabled", _("two-factor login switched on")
        TOTP_DISABLED = "totp_disabled", _("two-factor login switched off")
        API_TOKEN_CREATED = "api_token_created", _("API key created")
        API_TOKEN_REVOKED = "api_token_revoked", _("API key revoked")

    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="security_events",
        verbose_name=_("user"),
    )
    email_attempted = models.CharField(_("e-mail entered"), max_length=254, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("security event")
        verbose_name_plural = _("security events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.email_attempted or self.user}"


class ApiToken(models.Model):
    """A key with which a system (a GP information system, a case-management system) calls the
    JSON API as one membership: one person, acting for one organisation in one role.

    Only the SHA-256 of the key is stored; the key itself is shown once, when it is made. The
    prefix is not secret: it lets people tell their keys apart. See docs/adr/0013-api-tokens.md.
    """

    class State(models.TextChoices):
        ACTIVE = "active", _("active")
        REVOKED = "revoked", _("revoked")
        EXPIRED = "expired", _("expired")
        INACTIVE = "inactive", _("no longer active")

    membership = models.ForeignKey(
        Membership,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("acts as"),
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("begins with"), max_length=20)
    key_hash = models.CharField(_("SHA-256 of the key"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def state(self, moment: datetime.datetime) -> str:
        """Whether the key works at `moment`; membership, user and organisation must be loaded."""
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at is not None and self.expires_at <= moment:
            return self.State.EXPIRED
        membership = self.membership
        if (
            not membership.is_active
            or not membership.user.is_active
            or not membership.user.is_professional
            or not membership.organization.is_active
        ):
            return self.State.INACTIVE
        return self.State.ACTIVE
