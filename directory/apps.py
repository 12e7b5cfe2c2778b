from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Directory (sociale kaart)")

    def ready(self) -> None:
        from directory import signals

        signals.connect()
