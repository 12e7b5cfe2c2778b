from typing import Any

from django import template
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from directory import services
from directory.models import CapacityStatus, Contact, Service

register = template.Library()


@register.simple_tag
def facet_title(taxonomy: str) -> str:
    titles = {
        "life_domain": _("Life domain"),
        "target_group": _("Target group"),
        "funding_stream": _("Funding"),
    }
    return titles.get(taxonomy, taxonomy)


@register.filter
def choices(form: Any, field_name: str) -> list[tuple[str, str]]:
    return list(form.fields[field_name].choices)


@register.filter
def selected(form: Any, field_name: str) -> list[str]:
    value = form[field_name].value() or []
    return [str(v) for v in value]


@register.filter
def facet_count(results: Any, key: str) -> dict[str, int]:
    if not results:
        return {}
    return {facet.value: facet.count for facet in results.facets.get(key, [])}


@register.filter
def get(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def liaison(service: Service) -> Contact | None:
    return next((c for c in service.contacts.all() if c.is_liaison), None)


@register.filter
def outdated(service: Service) -> bool:
    return services.is_possibly_outdated(service)


@register.simple_tag
def capacity_badge(service: Service) -> SafeString:
    if service.status == Service.Status.TEMPORARILY_CLOSED:
        return format_html(
            '<span class="ontschot-badge ontschot-badge--full">{}</span>', _("temporarily closed")
        )
    if service.capacity_status == CapacityStatus.FULL:
        return format_html('<span class="ontschot-badge ontschot-badge--full">{}</span>', _("full"))
    if service.capacity_status == CapacityStatus.WAITING_LIST:
        if service.waiting_weeks:
            text = _("waiting list: about %(weeks)d weeks") % {"weeks": service.waiting_weeks}
        else:
            text = _("waiting list")
        return format_html('<span class="ontschot-badge ontschot-badge--waiting">{}</span>', text)
    return format_html(
        '<span class="ontschot-badge ontschot-badge--open">{}</span>', _("open for new requests")
    )


@register.simple_tag
def page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["pagina"] = str(page)
    return "?" + query.urlencode()
