from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from geo.services import load_geography


class Command(BaseCommand):
    help = "Load CBS municipalities, districts and 4-digit postcode areas (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_geography(progress=lambda msg: self.stdout.write(f"  {msg}"))
        self.stdout.write(
            self.style.SUCCESS(
                _("Geography loaded: %(m)d municipalities, %(d)d districts, %(p)d postcode areas.")
                % {"m": result.municipalities, "d": result.districts, "p": result.postcode_areas}
            )
        )
        if result.postcode_areas_without_district:
            self.stdout.write(
                _("%(n)d postcode areas lie in a municipality without districts.")
                % {"n": result.postcode_areas_without_district}
            )
