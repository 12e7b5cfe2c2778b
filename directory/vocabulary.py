"""The NL profile vocabulary of the directory: taxonomies whose terms tag services (through HSDS
attributes), and the starting thesaurus of everyday words.

Identifiers are UUID5s of the codes, so every deployment (and every HSDS export) uses the same
ids. Names are Dutch, because they are data shown to Dutch users; the code is the stable key.
"""

import uuid

from django.db import transaction

from directory.models import SearchSynonym, Taxonomy, TaxonomyTerm

NAMESPACE = uuid.UUID("6f1c2a38-2a6e-4f0b-9d7c-0a6b0e5c7d11")
PROFILE_URI = "https://ontschot.example/hsds-nl-profile"

LIFE_DOMAIN = "life_domain"
TARGET_GROUP = "target_group"
FUNDING_STREAM = "funding_stream"

TAXONOMIES: dict[str, tuple[str, str]] = {
    LIFE_DOMAIN: (
        "Levensdomein",
        "Waar de hulp over gaat, inclusief de zes dimensies van Positieve Gezondheid.",
    ),
    TARGET_GROUP: ("Doelgroep", "Voor wie de hulp bedoeld is."),
    FUNDING_STREAM: (
        "Financiering",
        "Wie betaalt: gratis, Wmo 2015, Zvw, Jeugdwet, Wlz, Participatiewet of eigen betaling.",
    ),
}

# code: (name, description)
TERMS: dict[str, dict[str, tuple[str, str]]] = {
    LIFE_DOMAIN: {
        "money_debts": ("Geld en schulden", "Rondkomen, schulden, toeslagen, administratie."),
        "housing": ("Wonen", "Een huis vinden of houden, woningaanpassing, dakloosheid."),
        "work_daytime": (
            "Werk en dagbesteding",
            "Werk, vrijwilligerswerk, dagbesteding, re-integratie.",
        ),
        "social_contact": (
            "Eenzaamheid en sociaal contact",
            "Mensen ontmoeten, eenzaamheid, buurtcontact.",
        ),
        "parenting_youth": (
            "Opvoeden en jeugd",
            "Opvoedvragen, ontwikkeling van kinderen en jongeren.",
        ),
        "mental_health": (
            "Psychische gezondheid",
            "Somberheid, angst, stress, psychische klachten.",
        ),
        "physical_health": (
            "Lichamelijke gezondheid",
            "Lichamelijke klachten, bewegen, voeding, vallen.",
        ),
        "addiction": ("Verslaving", "Alcohol, drugs, gokken, roken."),
        "caregiver_support": ("Mantelzorgondersteuning", "Steun voor wie zorgt voor een naaste."),
        "safety": ("Veiligheid", "Huiselijk geweld, kindermishandeling, onveilige situaties."),
        "ph_bodily_functions": (
            "Lichaamsfuncties",
            "Positieve Gezondheid: je gezond en fit voelen.",
        ),
        "ph_mental_wellbeing": (
            "Mentaal welbevinden",
            "Positieve Gezondheid: je goed voelen, grip op je leven.",
        ),
        "ph_meaningfulness": ("Zingeving", "Positieve Gezondheid: je leven zinvol vinden."),
        "ph_quality_of_life": (
            "Kwaliteit van leven",
            "Positieve Gezondheid: genieten, je gelukkig voelen.",
        ),
        "ph_participation": ("Meedoen", "Positieve Gezondheid: contact met anderen, erbij horen."),
        "ph_daily_functioning": (
            "Dagelijks functioneren",
            "Positieve Gezondheid: zelf je dag kunnen invullen.",
        ),
    },
    TARGET_GROUP: {
        "children": ("Kinderen", "Kinderen tot 12 jaar."),
        "youth": ("Jongeren", "Jongeren van 12 tot 27 jaar."),
        "parents": ("Ouders", "Ouders en opvoeders."),
        "adults": ("Volwassenen", "Volwassenen."),
        "older_people": ("Ouderen", "Mensen van 65 jaar en ouder."),
        "caregivers": ("Mantelzorgers", "Mensen die zorgen voor een naaste."),
        "disability": (
            "Mensen met een beperking",
            "Mensen met een lichamelijke of verstandelijke beperking.",
        ),
        "newcomers": ("Nieuwkomers", "Statushouders en andere nieuwe Nederlanders."),
        "low_literacy": (
            "Laaggeletterden",
            "Mensen die moeite hebben met lezen, schrijven of rekenen.",
        ),
    },
    FUNDING_STREAM: {
        "free": ("Gratis", "Geen kosten voor de inwoner."),
        "wmo": ("Wmo 2015", "Gemeente, Wet maatschappelijke ondersteuning."),
        "zvw": ("Zorgverzekeringswet", "Zorgverzekeraar, basisverzekering."),
        "youth_act": ("Jeugdwet", "Gemeente, jeugdhulp."),
        "wlz": ("Wet langdurige zorg", "Zorgkantoor, langdurige zorg."),
        "participation_act": ("Participatiewet", "Gemeente, werk en inkomen."),
        "private": ("Eigen betaling", "De inwoner betaalt zelf."),
    },
}

# Everyday words → life-domain code. Kept as data (SearchSynonym) and editable in the admin.
SYNONYMS: dict[str, str] = {
    "geldzorgen": "money_debts",
    "rood staan": "money_debts",
    "deurwaarder": "money_debts",
    "schuld": "money_debts",
    "schulden": "money_debts",
    "rekeningen": "money_debts",
    "niet rondkomen": "money_debts",
    "aanmaning": "money_debts",
    "incasso": "money_debts",
    "toeslagen": "money_debts",
    "budgetcoach": "money_debts",
    "armoede": "money_debts",
    "alleen": "social_contact",
    "eenzaam": "social_contact",
    "eenzaamheid": "social_contact",
    "niemand om mee te praten": "social_contact",
    "ontmoeten": "social_contact",
    "koffie drinken": "social_contact",
    "buurthuis": "social_contact",
    "mantelzorg": "caregiver_support",
    "mantelzorger": "caregiver_support",
    "zorgen voor mijn moeder": "caregiver_support",
    "zorgen voor mijn vader": "caregiver_support",
    "respijtzorg": "caregiver_support",
    "overbelast": "caregiver_support",
    "huis kwijt": "housing",
    "uit huis gezet": "housing",
    "huurachterstand": "housing",
    "dakloos": "housing",
    "woning": "housing",
    "verhuizen": "housing",
    "somber": "mental_health",
    "depressie": "mental_health",
    "angst": "mental_health",
    "stress": "mental_health",
    "burn-out": "mental_health",
    "slecht slapen": "mental_health",
    "opvoeding": "parenting_youth",
    "puber": "parenting_youth",
    "ruzie met mijn kind": "parenting_youth",
    "drank": "addiction",
    "alcohol": "addiction",
    "gokken": "addiction",
    "blowen": "addiction",
    "werkloos": "work_daytime",
    "baan": "work_daytime",
    "vrijwilligerswerk": "work_daytime",
    "dagbesteding": "work_daytime",
    "uitkering": "work_daytime",
    "vallen": "physical_health",
    "bewegen": "physical_health",
    "sporten": "physical_health",
    "afvallen": "physical_health",
    "valpreventie": "physical_health",
    "huiselijk geweld": "safety",
    "mishandeling": "safety",
    "bedreigd": "safety",
    "zingeving": "ph_meaningfulness",
    "zin in het leven": "ph_meaningfulness",
}


# Each profile term has a fixed bit in Service.facet_mask (32 terms, so it fits a 64-bit integer):
# facets and term filters are then integer operations on one row, on every database.
FACET_BITS: dict[str, int] = {
    f"{taxonomy}:{code}": 1 << index
    for index, (taxonomy, code) in enumerate(
        (taxonomy, code)
        for taxonomy in (LIFE_DOMAIN, TARGET_GROUP, FUNDING_STREAM)
        for code in TERMS[taxonomy]
    )
}


def taxonomy_id(code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"taxonomy:{code}")


def term_id(taxonomy_code: str, code: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"term:{taxonomy_code}:{code}")


@transaction.atomic
def ensure_vocabulary() -> dict[str, dict[str, TaxonomyTerm]]:
    """Create or update the NL profile taxonomies, their terms and the starting thesaurus."""
    terms: dict[str, dict[str, TaxonomyTerm]] = {}
    for code, (name, description) in TAXONOMIES.items():
        taxonomy, _created = Taxonomy.objects.update_or_create(
            id=taxonomy_id(code),
            defaults={
                "name": name,
                "description": description,
                "uri": f"{PROFILE_URI}/{code}",
                "version": "1",
            },
        )
        terms[code] = {}
        for term_code, (term_name, term_description) in TERMS[code].items():
            term, _created = TaxonomyTerm.objects.update_or_create(
                id=term_id(code, term_code),
                defaults={
                    "taxonomy_ref": taxonomy,
                    "taxonomy": name,
                    "code": f"{code}:{term_code}",
                    "name": term_name,
                    "description": term_description,
                    "language": "nld",
                },
            )
            terms[code][term_code] = term
    for phrase, term_code in SYNONYMS.items():
        SearchSynonym.objects.get_or_create(
            phrase=phrase, defaults={"term": terms[LIFE_DOMAIN][term_code]}
        )
    return terms
