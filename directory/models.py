"""The directory (sociale kaart), aligned with Open Referral HSDS 3.0.

Each HSDS table is a model with the HSDS field names; identifiers are UUIDs as in HSDS. Fields of
the NL profile (see directory/vocabulary.py and docs/adr/0009-…) are marked "NL profile". HSDS
fields a record carries that we do not model (programs, fundings, required documents,
organization identifiers, …) are kept in `extra`, so an import exports again without loss.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.lookups import TokenTextField


class HSDSModel(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    extra = models.JSONField(_("other HSDS fields"), default=dict, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(getattr(self, "name", "") or self.id)


class Organization(HSDSModel):
    name = models.CharField(_("name"), max_length=255)
    alternate_name = models.CharField(_("alternate name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(
        _("year incorporated"), null=True, blank=True
    )
    legal_status = models.CharField(_("legal status"), max_length=255, blank=True)
    logo = models.URLField(_("logo"), max_length=500, blank=True)
    uri = models.URLField(_("URI"), max_length=500, blank=True)
    parent_organization = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    # NL profile: the platform organisation whose provider editors maintain these entries.
    platform_organization = models.OneToOneField(
        "accounts.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_organization",
        verbose_name=_("maintained by"),
    )
    is_informal = models.BooleanField(_("community initiative"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider")
        verbose_name_plural = _("providers")

    def __str__(self) -> str:
        return self.name


class CapacityStatus(models.TextChoices):
    OPEN = "open", _("open")
    WAITING_LIST = "waiting_list", _("waiting list")
    FULL = "full", _("full")


class ReferralRequirement(models.TextChoices):
    NONE = "none", _("no referral needed")
    GP = "gp", _("referral by a GP")
    MUNICIPALITY = "municipality", _("decision by the municipality (Wmo/Jeugdwet)")
    CARE_OFFICE = "care_office", _("indication for long-term care (Wlz)")
    OTHER = "other", _("other referral")


class Service(HSDSModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("inactive")
        DEFUNCT = "defunct", _("defunct")
        TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="services", verbose_name=_("provider")
    )
    name = models.CharField(_("name"), max_length=255)
    alternate_name = models.CharField(_("alternate name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    interpretation_services = models.TextField(_("interpretation services"), blank=True)
    application_process = models.TextField(_("how to apply"), blank=True)
    fees_description = models.TextField(_("costs"), blank=True)
    accreditations = models.TextField(_("accreditations"), blank=True)
    eligibility_description = models.TextField(_("who it is for"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    assured_date = models.DateField(_("assured on"), null=True, blank=True)
    assurer_email = models.EmailField(_("assured by"), blank=True)
    alert = models.TextField(_("alert"), blank=True)
    # NL profile
    referral_requirement = models.CharField(
        _("referral needed"),
        max_length=20,
        choices=ReferralRequirement.choices,
        default=ReferralRequirement.NONE,
    )
    referral_note = models.CharField(_("about the referral"), max_length=255, blank=True)
    recognised_intervention = models.BooleanField(_("recognised intervention"), default=False)
    is_informal = models.BooleanField(_("community initiative"), default=False)
    capacity_status = models.CharField(
        _("capacity"), max_length=20, choices=CapacityStatus.choices, default=CapacityStatus.OPEN
    )
    waiting_weeks = models.PositiveSmallIntegerField(
        _("expected waiting time (weeks)"), null=True, blank=True
    )
    capacity_updated_at = models.DateTimeField(_("capacity updated"), null=True, blank=True)
    last_verified_at = models.DateTimeField(_("last verified"), null=True, blank=True)
    verification_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Search index, made by directory.search: Dutch stems of the name and of all text and terms,
    # and the position of the nearest public location (never of a confidential one).
    search_title = TokenTextField(blank=True, editable=False)
    search_document = TokenTextField(blank=True, editable=False)
    search_latitude = models.FloatField(null=True, blank=True, editable=False)
    facet_mask = models.BigIntegerField(default=0, editable=False)  # see vocabulary.FACET_BITS
    search_longitude = models.FloatField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [
            models.Index(fields=["status", "organization"]),
            models.Index(fields=["search_latitude", "search_longitude"]),
            models.Index(fields=["name"]),  # results of a one-word search are listed by name
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def liaison(self) -> "Contact | None":
        """The fixed contact person (from prefetched contacts when they are there)."""
        return next((c for c in self.contacts.all() if c.is_liaison), None)


class Location(HSDSModel):
    class LocationType(models.TextChoices):
        PHYSICAL = "physical", _("physical")
        POSTAL = "postal", _("postal")
        VIRTUAL = "virtual", _("virtual")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="locations"
    )
    location_type = models.CharField(
        _("kind of location"),
        max_length=10,
        choices=LocationType.choices,
        default=LocationType.PHYSICAL,
    )
    url = models.URLField(_("website"), max_length=500, blank=True)
    name = models.CharField(_("name"), max_length=255, blank=True)
    alternate_name = models.CharField(_("alternate name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("how to get there"), blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    external_identifier = models.CharField(max_length=255, blank=True)
    external_identifier_type = models.CharField(max_length=255, blank=True)
    # NL profile: a confidential address (e.g. a shelter) is shown only to authorised professionals
    # and never published in public pages or the public HSDS feed.
    is_confidential = models.BooleanField(_("confidential address"), default=False)
    district = models.ForeignKey(
        "geo.District", on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("district")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name or str(self.id)


class Address(HSDSModel):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=255, blank=True)
    address_1 = models.CharField(_("street and number"), max_length=255)
    address_2 = models.CharField(max_length=255, blank=True)
    city = models.CharField(_("place"), max_length=255)
    region = models.CharField(max_length=255, blank=True)
    state_province = models.CharField(_("province"), max_length=255)
    postal_code = models.CharField(_("postcode"), max_length=20)
    country = models.CharField(_("country"), max_length=2, default="NL")
    address_type = models.CharField(max_length=10, default="physical")

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")


class ServiceAtLocation(HSDSModel):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    description = models.TextField(blank=True)

    class Meta:
        verbose_name = _("service at location")
        verbose_name_plural = _("services at locations")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location"], name="unique_service_at_location"
            )
        ]


class Contact(HSDSModel):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    title = models.CharField(_("role"), max_length=255, blank=True)
    department = models.CharField(_("department"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    # NL profile: the fixed contact person (vaste contactpersoon) professionals can call.
    is_liaison = models.BooleanField(_("fixed contact person"), default=False)
    reachable = models.CharField(_("when reachable"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class Phone(HSDSModel):
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(_("number"), max_length=50)
    extension = models.PositiveIntegerField(null=True, blank=True)
    type = models.CharField(max_length=20, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")


class Schedule(HSDSModel):
    """A weekly period (HSDS/iCal style). Several rows make several periods a day."""

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    timezone = models.FloatField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    count = models.PositiveIntegerField(null=True, blank=True)
    wkst = models.CharField(max_length=2, blank=True)
    freq = models.CharField(max_length=10, blank=True)
    interval = models.PositiveIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=40, blank=True)
    byweekno = models.CharField(max_length=40, blank=True)
    bymonthday = models.CharField(max_length=40, blank=True)
    byyearday = models.CharField(max_length=40, blank=True)
    description = models.TextField(blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    schedule_link = models.URLField(max_length=500, blank=True)
    attending_type = models.CharField(max_length=255, blank=True)
    notes = models.TextField(blank=True)
    # NL profile
    closed_on_public_holidays = models.BooleanField(_("closed on public holidays"), default=True)

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")


class ScheduleException(models.Model):
    """NL profile: a date on which a service is closed, or open at other hours."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="schedule_exceptions"
    )
    date = models.DateField(_("date"))
    closed = models.BooleanField(_("closed"), default=True)
    opens_at = models.TimeField(_("opens"), null=True, blank=True)
    closes_at = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("exception to the opening hours")
        verbose_name_plural = _("exceptions to the opening hours")

    def __str__(self) -> str:
        return f"{self.date} {self.note}".strip()


class ServiceArea(HSDSModel):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="service_areas"
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    description = models.TextField(blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=20, blank=True)
    uri = models.CharField(max_length=500, blank=True)
    # NL profile: the CBS area (GMgggg, WKggggww or BUggggwwbb) this service serves.
    cbs_code = models.CharField(_("CBS code"), max_length=10, blank=True, db_index=True)

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")


class CostOption(HSDSModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.TextField(blank=True)
    currency = models.CharField(max_length=3, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    amount_description = models.TextField(blank=True)

    class Meta:
        verbose_name = _("cost option")
        verbose_name_plural = _("cost options")


class Language(HSDSModel):
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    phone = models.ForeignKey(
        Phone, on_delete=models.CASCADE, null=True, blank=True, related_name="languages"
    )
    name = models.CharField(max_length=100, blank=True)
    code = models.CharField(max_length=10, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")


class Accessibility(HSDSModel):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("accessibility")
        verbose_name_plural = _("accessibility")


class Taxonomy(HSDSModel):
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"))
    uri = models.URLField(max_length=500, blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(HSDSModel):
    taxonomy_ref = models.ForeignKey(
        Taxonomy,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="terms",
        db_column="taxonomy_id",
    )
    code = models.CharField(_("code"), max_length=100, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"))
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    taxonomy = models.CharField(max_length=255, blank=True)  # HSDS: free-text taxonomy name
    language = models.CharField(max_length=10, blank=True)
    term_uri = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["code", "name"]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")

    def __str__(self) -> str:
        return self.name


class Attribute(HSDSModel):
    """Links a taxonomy term to any HSDS record (link_entity + link_id), with an optional value."""

    link_id = models.UUIDField(db_index=True)
    link_type = models.CharField(max_length=100, blank=True)
    link_entity = models.CharField(max_length=50)
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes"
    )
    value = models.TextField(blank=True)

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        indexes = [models.Index(fields=["taxonomy_term", "link_entity"])]


class Metadata(HSDSModel):
    """HSDS change history: who changed which field of which record, from what to what."""

    resource_id = models.UUIDField(db_index=True)
    resource_type = models.CharField(max_length=50)
    last_action_date = models.DateTimeField()
    last_action_type = models.CharField(max_length=20)
    field_name = models.CharField(max_length=100)
    previous_value = models.TextField(blank=True)
    replacement_value = models.TextField(blank=True)
    updated_by = models.CharField(max_length=255)
    updated_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-last_action_date"]
        verbose_name = _("change")
        verbose_name_plural = _("changes")


class SearchSynonym(models.Model):
    """The thesaurus: everyday words people type, mapped to a term of the directory's vocabulary."""

    phrase = models.CharField(_("everyday words"), max_length=100, unique=True)
    term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.CASCADE, related_name="synonyms", verbose_name=_("term")
    )

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self) -> str:
        return f"{self.phrase} → {self.term}"


MAX_TOKEN_LENGTH = 255  # longer "words" (pasted links, codes) are matched but not typo-corrected


class SearchToken(models.Model):
    """Every word token the search index has held, numbered in the order they first appeared.

    The typo tolerance needs the vocabulary of the index; reading it from here (and, after a
    change, only the tokens numbered after the last one a process has seen) is cheap, where
    reading it from 300,000 documents takes seconds. Tokens are never removed on a change: a
    token that no longer occurs anywhere simply matches nothing.
    """

    id = models.BigAutoField(primary_key=True)
    token = models.CharField(max_length=MAX_TOKEN_LENGTH, unique=True)

    class Meta:
        verbose_name = _("search token")
        verbose_name_plural = _("search tokens")

    def __str__(self) -> str:
        return self.token
