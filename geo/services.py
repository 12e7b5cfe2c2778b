"""Geography rules: loading the CBS extracts and looking up a postcode's district."""

import csv
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from geo.models import District, Municipality, PostcodeArea

DATA_DIR = Path(__file__).resolve().parent / "data"
POSTCODE_RE = re.compile(r"^\s*([1-9][0-9]{3})\s*(?:[A-Za-z]{2})?\s*$")
EARTH_RADIUS_KM = 6371.0


class InvalidPostcode(ValueError):
    """The text is not a Dutch postcode (1234 or 1234 AB)."""


def normalise_postcode(text: str) -> str:
    """Return the four digits of a Dutch postcode; raise InvalidPostcode otherwise."""
    match = POSTCODE_RE.match(text or "")
    if not match:
        raise InvalidPostcode(
            _("“%(text)s” is not a Dutch postcode. Use 4 digits, like 6211 or 6211 AB.")
            % {"text": text}
        )
    return match.group(1)


def district_for_postcode(text: str) -> District | None:
    """The district a postcode belongs to, or None when the postcode area is unknown."""
    pc4 = normalise_postcode(text)
    area = PostcodeArea.objects.select_related("district__municipality").filter(pc4=pc4).first()
    return area.district if area else None


def postcode_area(text: str) -> PostcodeArea | None:
    pc4 = normalise_postcode(text)
    return PostcodeArea.objects.select_related("district", "municipality").filter(pc4=pc4).first()


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


@dataclass
class GeoLoadResult:
    municipalities: int = 0
    districts: int = 0
    postcode_areas: int = 0
    postcode_areas_without_district: int = 0


def _rows(name: str) -> Iterable[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _population_2024() -> dict[str, int]:
    return {
        row["code"]: int(row["inwoners_2024"])
        for row in _rows("kwb_2024_gemeenten_wijken.csv")
        if row["inwoners_2024"]
    }


def _population(
    code: str, value_2022: str, pop_2024: dict[str, int]
) -> tuple[int | None, int | None]:
    if code in pop_2024:
        return pop_2024[code], 2024
    if value_2022:
        return int(value_2022), 2022
    return None, None


Progress = Callable[[str], None]


@transaction.atomic
def load_geography(progress: Progress | None = None) -> GeoLoadResult:
    """Load (or update) municipalities, districts and postcode areas from the shipped CBS extracts.

    Idempotent: a second run updates rows in place. One transaction, so a failure leaves the
    previous geography untouched.
    """
    report = progress or (lambda _msg: None)
    pop_2024 = _population_2024()
    result = GeoLoadResult()

    municipalities = []
    for row in _rows("gemeenten_2022.csv"):
        population, year = _population(row["gemeentecode"], row["inwoners_2022"], pop_2024)
        municipalities.append(
            Municipality(
                code=row["gemeentecode"],
                name=row["gemeentenaam"],
                province=row["provincie"],
                population=population,
                population_year=year,
                latitude=float(row["centroid_lat"]),
                longitude=float(row["centroid_lon"]),
            )
        )
    Municipality.objects.bulk_create(
        municipalities,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[
            "name",
            "province",
            "population",
            "population_year",
            "latitude",
            "longitude",
        ],
        batch_size=500,
    )
    result.municipalities = len(municipalities)
    report(_("%(count)d municipalities") % {"count": result.municipalities})

    municipality_ids = dict(Municipality.objects.values_list("code", "id"))
    districts = []
    for row in _rows("wijken_2022.csv"):
        population, year = _population(row["wijkcode"], row["inwoners_2022"], pop_2024)
        districts.append(
            District(
                code=row["wijkcode"],
                name=row["wijknaam"],
                municipality_id=municipality_ids[row["gemeentecode"]],
                population=population,
                population_year=year,
                latitude=float(row["centroid_lat"]),
                longitude=float(row["centroid_lon"]),
            )
        )
    District.objects.bulk_create(
        districts,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[
            "name",
            "municipality",
            "population",
            "population_year",
            "latitude",
            "longitude",
        ],
        batch_size=500,
    )
    result.districts = len(districts)
    report(_("%(count)d districts") % {"count": result.districts})

    districts_by_municipality: dict[int, list[District]] = {}
    for district in District.objects.all():
        districts_by_municipality.setdefault(district.municipality_id, []).append(district)

    areas = []
    for row in _rows("pc4_2022.csv"):
        municipality_id = municipality_ids[row["gemeentecode"]]
        lat, lon = float(row["centroid_lat"]), float(row["centroid_lon"])
        nearest = _nearest(districts_by_municipality.get(municipality_id, []), lat, lon)
        if nearest is None:
            result.postcode_areas_without_district += 1
        areas.append(
            PostcodeArea(
                pc4=row["pc4"],
                place=row["plaats"],
                population=int(row["inwoners"]) if row["inwoners"] else None,
                latitude=lat,
                longitude=lon,
                municipality_id=municipality_id,
                district=nearest,
                district_link=PostcodeArea.DistrictLink.NEAREST_CENTROID if nearest else "",
            )
        )
    PostcodeArea.objects.bulk_create(
        areas,
        update_conflicts=True,
        unique_fields=["pc4"],
        update_fields=[
            "place",
            "population",
            "latitude",
            "longitude",
            "municipality",
            "district",
            "district_link",
        ],
        batch_size=500,
    )
    result.postcode_areas = len(areas)
    report(_("%(count)d postcode areas") % {"count": result.postcode_areas})
    return result


def _nearest(candidates: list[District], lat: float, lon: float) -> District | None:
    if not candidates:
        return None
    return min(candidates, key=lambda d: distance_km(lat, lon, d.latitude, d.longitude))
