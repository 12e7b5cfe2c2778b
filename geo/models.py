"""CBS statistical areas: municipality (GMgggg) > district (WKggggww) > neighbourhood (BUggggwwbb),
and four-digit postcode areas (PC4) linked to a municipality and a district."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    code = models.CharField(_("CBS code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=120)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("population year"), null=True, blank=True)
    latitude = models.FloatField(_("centroid latitude"))
    longitude = models.FloatField(_("centroid longitude"))

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Municipality(Area):
    province = models.CharField(_("province"), max_length=60)

    class Meta(Area.Meta):
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")


class District(Area):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="districts",
        verbose_name=_("municipality"),
    )

    class Meta(Area.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    @property
    def short_name(self) -> str:
        """CBS names Maastricht's districts "Wijk 00 Centrum"; people say "Centrum"."""
        prefix, _sep, rest = self.name.partition(" ")
        number, _sep2, label = rest.partition(" ")
        if prefix == "Wijk" and number.isdigit() and label:
            return label
        return self.name


class Neighbourhood(Area):
    """No national buurt table ships with ontschot yet; the model is ready for one."""

    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="neighbourhoods",
        verbose_name=_("district"),
    )

    class Meta(Area.Meta):
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")


class PostcodeArea(models.Model):
    class DistrictLink(models.TextChoices):
        NEAREST_CENTROID = "nearest_centroid", _("nearest district centroid in the municipality")
        OFFICIAL = "official", _("official CBS link")

    pc4 = models.CharField(_("postcode (4 digits)"), max_length=4, unique=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    latitude = models.FloatField(_("centroid latitude"))
    longitude = models.FloatField(_("centroid longitude"))
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="postcode_areas",
        verbose_name=_("municipality"),
    )
    district = models.ForeignKey(
        District,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="postcode_areas",
        verbose_name=_("district"),
    )
    district_link = models.CharField(
        _("how the district was linked"), max_length=20, choices=DistrictLink.choices, blank=True
    )

    class Meta:
        ordering = ["pc4"]
        verbose_name = _("postcode area")
        verbose_name_plural = _("postcode areas")

    def __str__(self) -> str:
        return f"{self.pc4} {self.place}".strip()
