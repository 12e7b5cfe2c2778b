"""Residents through the JSON API: the same policy decision point and audit entries as the pages."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from audit.models import Channel, DataCategory, Purpose
from privacy.policy import Actor, authorize_id
from residents.api.serializers import RefusalSerializer, ResidentContactSerializer


@extend_schema(
    operation_id="resident_contact_details",
    summary="A resident's contact details, as far as their consent reaches",
    responses={
        200: ResidentContactSerializer,
        403: OpenApiResponse(RefusalSerializer, description="No consent for this"),
        404: OpenApiResponse(RefusalSerializer, description="Unknown, or no tie at all"),
    },
    tags=["residents"],
)
@api_view(["GET"])
def resident_contact(request: Request, resident_id: int) -> Response:
    resident, _decision = authorize_id(
        Actor.of(request),
        resident_id,
        categories=[DataCategory.CONTACT_DETAILS],
        purpose=Purpose.CARE_COORDINATION,
        records=[f"resident:{resident_id}"],
        channel=Channel.API,
    )
    return Response(ResidentContactSerializer(resident).data)
