"""A change to anything a search looks at or shows starts a new index version (see
indexing.index_changed).

Writes through `directory.services` and the HSDS import also reindex; these receivers cover the
rest (the admin, shell sessions, tests), so a remembered search answer is never older than the
data. Bulk writes send no signals: their callers call `index_changed` themselves.
"""

from typing import Any

from django.db.models.signals import post_delete, post_save

from directory import indexing
from directory.models import (
    Attribute,
    Contact,
    Location,
    Organization,
    Phone,
    Schedule,
    ScheduleException,
    SearchSynonym,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)

SEARCHED_MODELS = (
    Attribute,
    Contact,
    Location,
    Organization,
    Phone,
    Schedule,
    ScheduleException,
    SearchSynonym,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)


def _changed(sender: Any, **kwargs: Any) -> None:
    indexing.index_changed()


def connect() -> None:
    for model in SEARCHED_MODELS:
        post_save.connect(_changed, sender=model, dispatch_uid=f"search-{model.__name__}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"search-{model.__name__}-del")
