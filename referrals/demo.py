"""Demo referrals: agreed response times and a few referrals in several states, made through the
same service functions as the pages (so consents, history and audit entries are all there).

Maria Smeets (the demo resident) has no referral yet: referring her to Welzijn op Recept is the
demo's journey, with the consent asked for in the flow.
"""

from accounts.models import Membership, Organization
from audit.models import DataCategory
from core import clock
from directory.models import Service
from privacy.policy import Actor
from referrals import services
from referrals.models import Kind, Outcome, Referral, ResponseAgreement, Status
from referrals.services import ReferralDraft
from residents.models import Resident


def _actor(email: str, organization: Organization) -> Actor:
    membership = Membership.objects.select_related("user", "organization").get(
        user__email=email, organization=organization
    )
    return Actor(membership.user, membership)


def seed_referrals(organizations: dict[str, Organization]) -> int:
    welfare = organizations["Welzijn Maastricht"]
    team = organizations["Sociaal Wijkteam West"]
    practice = organizations["Huisartsenpraktijk Mariaberg"]
    coach = _actor("welzijnscoach@demo.ontschot.nl", welfare)
    worker = _actor("wijkteam@demo.ontschot.nl", team)
    gp = _actor("huisarts@demo.ontschot.nl", practice)
    ResponseAgreement.objects.get_or_create(
        organization=welfare,
        defaults={
            "receipt_days": 2,
            "first_contact_days": 5,
            "escalation_days": 1,
            "contact_person": coach.user,
        },
    )
    ResponseAgreement.objects.get_or_create(
        organization=team,
        defaults={
            "receipt_days": 2,
            "first_contact_days": 5,
            "escalation_days": 1,
            "contact_person": worker.user,
        },
    )
    prescription = Service.objects.get(name="Welzijn op Recept West")
    activity = (
        Service.objects.filter(name__icontains="koor").first()
        or Service.objects.filter(is_informal=True).first()
    )
    residents = list(Resident.objects.filter(account__isnull=True).order_by("id")[:3])
    categories = services.categories_of([DataCategory.CONTACT_DETAILS])

    first = _refer(
        worker,
        residents[0],
        [team, welfare],
        categories,
        prescription,
        "Voelt zich eenzaam sinds de verhuizing; weinig contact met buren.",
        "Nieuwe mensen leren kennen.",
    )
    first = services.do_transition(
        first.pk, actor=coach, to_status=Status.ACCEPTED, version=first.version
    )
    first = services.do_register_first_contact(
        first.pk, actor=coach, version=first.version, note="Gebeld; kennismaking gepland."
    )
    services.do_record_conversation(
        first.pk, actor=coach, on=clock.today(), note="Houdt van zingen en wandelen."
    )
    services.do_add_activity(first.pk, actor=coach, service=activity, name="Wandelgroep")
    first.refresh_from_db()
    services.do_transition(
        first.pk,
        actor=coach,
        to_status=Status.COMPLETED,
        version=first.version,
        outcome=Outcome.GOAL_REACHED,
        note="Gaat elke week mee; voelt zich minder alleen.",
    )
    _refer(
        worker,
        residents[1],
        [team, welfare],
        categories,
        prescription,
        "Stress door mantelzorg voor zijn moeder.",
        "Even tijd voor mezelf.",
    )
    third = _refer(
        gp,
        residents[2],
        [practice, team],
        categories,
        None,
        "Schulden en post die niet wordt geopend.",
        "Overzicht krijgen.",
        organization=team,
        kind=Kind.REFERRAL,
    )
    services.do_transition(third.pk, actor=worker, to_status=Status.ACCEPTED, version=third.version)
    return 3


def _refer(
    actor: Actor,
    resident: Resident,
    organizations: list[Organization],
    categories: list[str],
    service: Service | None,
    reason: str,
    wish: str,
    *,
    organization: Organization | None = None,
    kind: str = Kind.SOCIAL_PRESCRIPTION,
) -> Referral:
    services.do_record_referral_consent(resident, organizations, categories, actor=actor)
    return services.do_create_referral(
        ReferralDraft(
            resident=resident,
            reason=reason,
            resident_wish=wish,
            service=service,
            organization=organization,
            kind=kind,
            categories=[DataCategory.CONTACT_DETAILS],
        ),
        actor=actor,
    )
