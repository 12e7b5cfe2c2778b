"""Demo content for the directory (sociale kaart) of Maastricht: plain data, no logic.

Providers and services are invented but plausible; the districts and postcodes are real CBS
areas. `directory.demo.seed_directory` turns these templates into HSDS rows. A template with
`districts` becomes one service per district (its texts may use {wijk}, {buurt} and {buurten});
a template without districts is one city-wide service.

Life domains, target groups and funding streams are codes of `directory.vocabulary.TERMS`.
Opening hours are (byday, opens, closes) with iCal day codes, e.g. ("MO,WE", "09:00", "12:00").
"""

from dataclasses import dataclass

CENTRUM = "WK093500"
ZUIDWEST = "WK093501"
WEST = "WK093502"
NOORDWEST = "WK093503"
OOST = "WK093504"
NOORDOOST = "WK093505"
ZUIDOOST = "WK093506"
ALL_DISTRICTS = (CENTRUM, ZUIDWEST, WEST, NOORDWEST, OOST, NOORDOOST, ZUIDOOST)

LANGUAGE_NAMES = {
    "nld": "Nederlands",
    "eng": "Engels",
    "ara": "Arabisch",
    "tur": "Turks",
    "pol": "Pools",
}


@dataclass(frozen=True)
class DistrictInfo:
    label: str  # how people name the district
    buurt: str  # the neighbourhood that gives district services their name
    buurten: str  # the neighbourhoods, for descriptions


DISTRICTS: dict[str, DistrictInfo] = {
    CENTRUM: DistrictInfo("Centrum", "Wyck", "de Binnenstad, Wyck en Wittevrouwenveld"),
    ZUIDWEST: DistrictInfo("Zuidwest", "Campagne", "Sint Pieter, Campagne, Wolder en Biesland"),
    WEST: DistrictInfo("West", "Malberg", "Malberg, Daalhof, Pottenberg, Caberg en Mariaberg"),
    NOORDWEST: DistrictInfo("Noordwest", "Boschpoort", "Boschpoort, Bosscherveld en Lanakerveld"),
    OOST: DistrictInfo("Oost", "Amby", "Amby, Scharn en Heer"),
    NOORDOOST: DistrictInfo("Noordoost", "Borgharen", "Borgharen, Itteren, Limmel en Nazareth"),
    ZUIDOOST: DistrictInfo("Zuidoost", "Heugemerveld", "Heugem, Heugemerveld, Randwyck en De Heeg"),
}


@dataclass(frozen=True)
class Venue:
    street: str  # street and number
    postcode: str  # "6221 BK"; the PC4 must be a Maastricht postcode area
    name: str = ""  # empty: the provider's name


# Buildings in every district where district services take place, by kind.
DISTRICT_VENUES: dict[str, dict[str, Venue]] = {
    CENTRUM: {
        "buurtcentrum": Venue("Rechtstraat 81", "6221 EH", "Trefpunt Wyck"),
        "wijkteam": Venue("Wilhelminasingel 52", "6221 BK", "Wijkkantoor Centrum"),
        "gezondheid": Venue("Balijeweg 14", "6224 BS", "Gezondheidscentrum Wittevrouwenveld"),
        "jongeren": Venue("Kleine Gracht 24", "6211 CB", "Jongerenhuis Binnenstad"),
    },
    ZUIDWEST: {
        "buurtcentrum": Venue("Tongerseweg 318", "6213 GD", "Wijkcentrum Campagne"),
        "wijkteam": Venue("Bieslanderweg 7", "6213 BM", "Wijkkantoor Zuidwest"),
        "gezondheid": Venue("Mergelweg 142", "6212 XK", "Gezondheidshuis Sint Pieter"),
        "jongeren": Venue("Burgemeester Cortenstraat 19", "6213 AC", "Jongerenhonk Campagne"),
    },
    WEST: {
        "buurtcentrum": Venue("Malbergsingel 22", "6215 BA", "Buurtcentrum De Romein"),
        "wijkteam": Venue("Via Regia 148", "6216 CK", "Wijkkantoor West"),
        "gezondheid": Venue("Mariabergplein 3", "6217 BZ", "Huisartsenpraktijk Mariaberg"),
        "jongeren": Venue("Daalhoferweg 41", "6218 BC", "Jongerencentrum Daalhof"),
    },
    NOORDWEST: {
        "buurtcentrum": Venue("Bosscherweg 202", "6219 NG", "Buurthuis Boschpoort"),
        "wijkteam": Venue("Lanakerweg 12", "6219 PE", "Wijkpost Noordwest"),
        "gezondheid": Venue("Bosscherweg 166", "6219 NE", "Gezondheidspost Boschpoort"),
        "jongeren": Venue("Frontensingel 4", "6219 PA", "Jongerenplek Frontenkwartier"),
    },
    OOST: {
        "buurtcentrum": Venue("Ambyerstraat Noord 86", "6225 ED", "Wijkcentrum Amby"),
        "wijkteam": Venue("Scharnerweg 108", "6226 ER", "Wijkkantoor Oost"),
        "gezondheid": Venue("Molenweg 29", "6225 EP", "Gezondheidscentrum Amby"),
        "jongeren": Venue("Heerderweg 221", "6226 BN", "Jongerencentrum Scharn"),
    },
    NOORDOOST: {
        "buurtcentrum": Venue("Kasteelstraat 6", "6223 AL", "Gemeenschapshuis Borgharen"),
        "wijkteam": Venue("Meerssenerweg 310", "6222 AL", "Wijkpost Noordoost"),
        "gezondheid": Venue("Limmelderweg 45", "6222 HM", "Gezondheidspost Limmel"),
        "jongeren": Venue("Nazarethweg 18", "6222 AT", "Jongerenhonk Nazareth"),
    },
    ZUIDOOST: {
        "buurtcentrum": Venue("Akersteenweg 102", "6227 AG", "Buurtcentrum Heugemerveld"),
        "wijkteam": Venue("Randwycksingel 35", "6229 EG", "Wijkkantoor Zuidoost"),
        "gezondheid": Venue("Heugemerweg 60", "6229 AN", "Gezondheidscentrum Heugem"),
        "jongeren": Venue("Vroendaalseweg 9", "6228 GL", "Jongerencentrum De Heeg"),
    },
}

# Who runs a district service whose template names a role ("@wijkteam") instead of a provider.
DISTRICT_PROVIDERS: dict[str, dict[str, str]] = {
    "buurtcentrum": {
        CENTRUM: "trefpunt_wyck",
        ZUIDWEST: "wijkcentrum_campagne",
        WEST: "de_romein",
        NOORDWEST: "buurthuis_boschpoort",
        OOST: "wijkcentrum_amby",
        NOORDOOST: "gemeenschapshuis_borgharen",
        ZUIDOOST: "buurtcentrum_heugemerveld",
    },
    "wijkteam": {
        CENTRUM: "wijkteam_west",
        ZUIDWEST: "wijkteam_west",
        WEST: "wijkteam_west",
        NOORDWEST: "wijkteam_west",
        OOST: "wijkteam_oost",
        NOORDOOST: "wijkteam_oost",
        ZUIDOOST: "wijkteam_oost",
    },
    "huisarts": {
        CENTRUM: "gc_wittevrouwenveld",
        ZUIDWEST: "ha_sint_pieter",
        WEST: "ha_mariaberg",
        NOORDWEST: "ha_boschpoort",
        OOST: "ha_amby",
        NOORDOOST: "ha_limmel",
        ZUIDOOST: "gc_heugem",
    },
    "wijkverpleging": {
        CENTRUM: "wijkverpleging_west",
        ZUIDWEST: "wijkverpleging_west",
        WEST: "wijkverpleging_west",
        NOORDWEST: "wijkverpleging_west",
        OOST: "wijkverpleging_oost",
        NOORDOOST: "wijkverpleging_oost",
        ZUIDOOST: "wijkverpleging_oost",
    },
    "fysio": {
        CENTRUM: "fysio_maas_jeker",
        ZUIDWEST: "fysio_maas_jeker",
        WEST: "fysio_maas_jeker",
        NOORDWEST: "fysio_maas_jeker",
        OOST: "fysio_amby",
        NOORDOOST: "fysio_amby",
        ZUIDOOST: "fysio_amby",
    },
    "repaircafe": {
        CENTRUM: "repair_wyck",
        WEST: "repair_malberg",
        OOST: "repair_amby",
    },
}


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    description: str
    venue: Venue  # main address; city-wide services take place here
    informal: bool = False
    platform: bool = False  # the name is one of core.demo.ORGANIZATIONS: link it
    legal_status: str = "stichting"
    year: int | None = None


PROVIDERS: tuple[Provider, ...] = (
    # The platform organisations of the demo region (core.demo.ORGANIZATIONS).
    Provider(
        "ha_mariaberg",
        "Huisartsenpraktijk Mariaberg",
        (
            "Huisartsenpraktijk met drie huisartsen, praktijkondersteuners en een eigen "
            "welzijnscoach-spreekuur."
        ),
        Venue("Mariabergplein 3", "6217 BZ"),
        platform=True,
        legal_status="maatschap",
        year=1987,
    ),
    Provider(
        "gc_wittevrouwenveld",
        "Gezondheidscentrum Wittevrouwenveld",
        "Huisartsen, fysiotherapie, apotheek en wijkverpleging onder één dak in Wittevrouwenveld.",
        Venue("Balijeweg 14", "6224 BS"),
        platform=True,
        year=1994,
    ),
    Provider(
        "wijkverpleging_oost",
        "Wijkverpleging Maastricht-Oost",
        "Wijkverpleegkundigen en verzorgenden voor zorg thuis in Oost, Noordoost en Zuidoost.",
        Venue("Scharnerweg 98", "6226 EP"),
        platform=True,
        year=2008,
    ),
    Provider(
        "ggz_zl",
        "GGZ Polikliniek Zuid-Limburg",
        (
            "Behandeling van psychische klachten voor volwassenen: basis-GGZ, specialistische GGZ "
            "en crisisdienst."
        ),
        Venue("Oxfordlaan 55", "6229 EV"),
        platform=True,
        year=1999,
    ),
    Provider(
        "ziekenhuis",
        "Ziekenhuis Maastricht-Heuvelland",
        (
            "Algemeen ziekenhuis voor Maastricht en het Heuvelland, met een transferpunt voor zorg "
            "na ontslag."
        ),
        Venue("Universiteitssingel 50", "6229 ER"),
        platform=True,
        year=1991,
    ),
    Provider(
        "wijkteam_west",
        "Sociaal Wijkteam West",
        (
            "Het sociaal wijkteam voor Centrum, Zuidwest, West en Noordwest: één plek voor vragen "
            "over zorg, geld, wonen en opvoeden."
        ),
        Venue("Via Regia 148", "6216 CK"),
        platform=True,
        legal_status="gemeentelijke dienst",
        year=2015,
    ),
    Provider(
        "wijkteam_oost",
        "Sociaal Wijkteam Oost",
        (
            "Het sociaal wijkteam voor Oost, Noordoost en Zuidoost: één plek voor vragen over "
            "zorg, geld, wonen en opvoeden."
        ),
        Venue("Scharnerweg 108", "6226 ER"),
        platform=True,
        legal_status="gemeentelijke dienst",
        year=2015,
    ),
    Provider(
        "welzijn",
        "Welzijn Maastricht",
        (
            "Welzijnswerk in alle wijken: welzijnscoaches, ouderenadviseurs, huiskamers en steun "
            "aan bewonersinitiatieven."
        ),
        Venue("Boschstraat 8", "6211 AS"),
        platform=True,
        year=2003,
    ),
    Provider(
        "schuldhulp",
        "Schuldhulp Maastricht",
        (
            "Gemeentelijke schuldhulpverlening: van een eerste gesprek over geldzorgen tot een "
            "schuldregeling."
        ),
        Venue("Avenue Céramique 30", "6221 KV"),
        platform=True,
        legal_status="gemeentelijke dienst",
        year=2012,
    ),
    Provider(
        "jeugdhulp_zuid",
        "Jeugdhulp Zuid",
        (
            "Jeugdhulp voor kinderen, jongeren en gezinnen in Zuid-Limburg: ambulante hulp, "
            "gezinscoaching en jeugd-GGZ."
        ),
        Venue("Sint Maartenslaan 26", "6221 AX"),
        platform=True,
        year=2015,
    ),
    Provider(
        "de_romein",
        "Buurtcentrum De Romein",
        (
            "Buurtcentrum in Malberg, gerund door bewoners en vrijwilligers. Iedereen is welkom "
            "voor koffie, activiteiten en een praatje."
        ),
        Venue("Malbergsingel 22", "6215 BA"),
        informal=True,
        platform=True,
        legal_status="vereniging",
        year=1978,
    ),
    Provider(
        "repair_malberg",
        "Repair Café Malberg",
        (
            "Vrijwilligers repareren samen met bewoners kapotte spullen: kleding, lampen, fietsen "
            "en apparaten."
        ),
        Venue("Malbergsingel 22", "6215 BA"),
        informal=True,
        platform=True,
        legal_status="vrijwilligersgroep",
        year=2014,
    ),
    Provider(
        "gemeente",
        "Gemeente Maastricht",
        (
            "De gemeente Maastricht: Wmo-loket, inkomen en werk, bijzondere bijstand en "
            "meedoenregelingen."
        ),
        Venue("Mosae Forum 10", "6211 DW"),
        platform=True,
        legal_status="gemeente",
    ),
    Provider(
        "zorgverzekeraar",
        "Zorgverzekeraar Zuid",
        (
            "Zorgverzekeraar in Zuid-Limburg, met zorgadviseurs die helpen bij wachttijden en het "
            "vinden van zorg."
        ),
        Venue("Avenue Céramique 200", "6221 KX"),
        platform=True,
        legal_status="onderlinge waarborgmaatschappij",
    ),
    Provider(
        "zorgkantoor",
        "Zorgkantoor Zuid-Limburg",
        "Het zorgkantoor regelt de langdurige zorg (Wlz) voor inwoners van Zuid-Limburg.",
        Venue("Avenue Céramique 200", "6221 KX"),
        platform=True,
        legal_status="zorgkantoor",
    ),
    # Buurtcentra and other meeting places, run by residents and volunteers.
    Provider(
        "trefpunt_wyck",
        "Trefpunt Wyck",
        (
            "Buurthuis in Wyck waar bewoners elkaar ontmoeten. Vrijwilligers organiseren "
            "koffie-ochtenden, eten en cursussen."
        ),
        Venue("Rechtstraat 81", "6221 EH"),
        informal=True,
        legal_status="vereniging",
        year=1982,
    ),
    Provider(
        "wijkcentrum_campagne",
        "Wijkcentrum Campagne",
        (
            "Wijkcentrum voor Sint Pieter, Campagne, Wolder en Biesland, beheerd door een "
            "bewonersstichting."
        ),
        Venue("Tongerseweg 318", "6213 GD"),
        informal=True,
        year=1975,
    ),
    Provider(
        "buurthuis_boschpoort",
        "Buurthuis Boschpoort",
        "Klein buurthuis in Boschpoort, open dankzij een groep vaste vrijwilligers.",
        Venue("Bosscherweg 202", "6219 NG"),
        informal=True,
        legal_status="vereniging",
        year=1969,
    ),
    Provider(
        "wijkcentrum_amby",
        "Wijkcentrum Amby",
        (
            "Het wijkcentrum van Amby, Scharn en Heer: ontmoeting, sport en activiteiten voor jong "
            "en oud."
        ),
        Venue("Ambyerstraat Noord 86", "6225 ED"),
        informal=True,
        year=1988,
    ),
    Provider(
        "gemeenschapshuis_borgharen",
        "Gemeenschapshuis Borgharen",
        (
            "Gemeenschapshuis voor Borgharen, Itteren, Limmel en Nazareth, gedragen door de "
            "verenigingen uit het dorp."
        ),
        Venue("Kasteelstraat 6", "6223 AL"),
        informal=True,
        legal_status="vereniging",
        year=1961,
    ),
    Provider(
        "buurtcentrum_heugemerveld",
        "Buurtcentrum Heugemerveld",
        (
            "Buurtcentrum voor Heugem, Heugemerveld, Randwyck en De Heeg, met een vaste groep "
            "vrijwilligers."
        ),
        Venue("Akersteenweg 102", "6227 AG"),
        informal=True,
        year=1979,
    ),
    # Medical
    Provider(
        "ha_sint_pieter",
        "Huisartsenpraktijk Sint Pieter",
        (
            "Huisartsenpraktijk in het Gezondheidshuis Sint Pieter, met praktijkondersteuners voor "
            "ouderen en GGZ."
        ),
        Venue("Mergelweg 142", "6212 XK"),
        legal_status="maatschap",
        year=1983,
    ),
    Provider(
        "ha_boschpoort",
        "Huisartsenpraktijk Boschpoort",
        (
            "Kleine huisartsenpraktijk in Boschpoort met korte lijnen naar het buurthuis en het "
            "wijkteam."
        ),
        Venue("Bosscherweg 166", "6219 NE"),
        legal_status="eenmanszaak",
        year=2001,
    ),
    Provider(
        "ha_amby",
        "Huisartsengroep Amby",
        (
            "Vier huisartsen in het Gezondheidscentrum Amby, samen met POH's, fysiotherapeuten en "
            "een diëtist."
        ),
        Venue("Molenweg 29", "6225 EP"),
        legal_status="maatschap",
        year=1996,
    ),
    Provider(
        "ha_limmel",
        "Huisartsenpraktijk Limmel",
        "Huisartsenpraktijk voor Limmel, Nazareth, Borgharen en Itteren.",
        Venue("Limmelderweg 45", "6222 HM"),
        legal_status="maatschap",
        year=1990,
    ),
    Provider(
        "gc_heugem",
        "Gezondheidscentrum Heugem",
        (
            "Gezondheidscentrum met huisartsen, POH's en wijkverpleging voor Heugem, Randwyck en "
            "De Heeg."
        ),
        Venue("Heugemerweg 60", "6229 AN"),
        year=2006,
    ),
    Provider(
        "huisartsenpost",
        "Huisartsenpost Maastricht",
        (
            "Spoedeisende huisartsenzorg buiten kantoortijd, naast de spoedeisende hulp van het "
            "ziekenhuis."
        ),
        Venue("Universiteitssingel 50", "6229 ER"),
        year=2000,
    ),
    Provider(
        "wijkverpleging_west",
        "Wijkverpleging Maastricht-West",
        (
            "Wijkverpleegkundigen en verzorgenden voor zorg thuis in Centrum, Zuidwest, West en "
            "Noordwest."
        ),
        Venue("Brusselseweg 120", "6217 HA"),
        year=2008,
    ),
    Provider(
        "fysio_maas_jeker",
        "Fysiotherapie Maas en Jeker",
        (
            "Fysiotherapiepraktijk met vestigingen in de westelijke wijken; specialisten in "
            "ouderenfysiotherapie en valpreventie."
        ),
        Venue("Tongersestraat 41", "6211 LM"),
        legal_status="besloten vennootschap",
        year=1998,
    ),
    Provider(
        "fysio_amby",
        "FysioPlus Amby",
        "Fysiotherapie en oefentherapie in de oostelijke wijken, ook aan huis.",
        Venue("Molenweg 29", "6225 EP"),
        legal_status="besloten vennootschap",
        year=2004,
    ),
    Provider(
        "verslavingszorg",
        "Verslavingszorg Zuid-Limburg",
        (
            "Hulp bij problemen met alcohol, drugs, gokken en gamen: spreekuur, behandeling en "
            "voorlichting."
        ),
        Venue("Stationsstraat 21", "6221 BN"),
        year=1985,
    ),
    Provider(
        "jgz",
        "Jeugdgezondheidszorg Zuid-Limburg",
        (
            "Consultatiebureaus en jeugdartsen: volgen hoe kinderen van 0 tot 18 jaar groeien en "
            "zich ontwikkelen."
        ),
        Venue("Sint Maartenslaan 8", "6221 AV"),
        legal_status="gemeenschappelijke regeling",
        year=2011,
    ),
    # Social domain
    Provider(
        "jongerenwerk",
        "Jongerenwerk Maastricht",
        (
            "Jongerenwerkers in alle wijken: een plek om te chillen, hulp bij school, werk en "
            "thuis, en straathoekwerk."
        ),
        Venue("Kleine Gracht 24", "6211 CB"),
        year=2002,
    ),
    Provider(
        "opvoedsteunpunt",
        "Opvoedsteunpunt Maastricht",
        "Pedagogen beantwoorden vragen over opvoeden en opgroeien, van baby tot puber.",
        Venue("Sint Maartenslaan 8", "6221 AV"),
        year=2010,
    ),
    Provider(
        "peuterwerk",
        "Peuterwerk Maastricht",
        "Peuteropvang in de wijken, met extra aandacht voor taal en ontwikkeling.",
        Venue("Hertogsingel 12", "6214 AD"),
        legal_status="besloten vennootschap",
        year=1993,
    ),
    Provider(
        "mantelzorgsteunpunt",
        "Mantelzorgsteunpunt Maastricht",
        (
            "Informatie, advies en steun voor iedereen die zorgt voor een zieke of hulpbehoevende "
            "naaste."
        ),
        Venue("Statenstraat 5", "6211 TB"),
        year=2007,
    ),
    Provider(
        "sociaal_raadslieden",
        "Sociaal Raadslieden Maastricht",
        "Gratis advies over toeslagen, belastingen, huur, uitkeringen en brieven van instanties.",
        Venue("Avenue Céramique 30", "6221 KV"),
        year=1980,
    ),
    Provider(
        "thuishulp",
        "Thuishulp Maastricht",
        "Huishoudelijke hulp voor inwoners die het huishouden niet meer zelf kunnen doen.",
        Venue("Akerstraat 86", "6221 CN"),
        legal_status="besloten vennootschap",
        year=2015,
    ),
    Provider(
        "zorggroep_maasheuvel",
        "Zorggroep Maasheuvel",
        (
            "Zorg en dagbesteding voor ouderen en mensen met een beperking, met dagcentra in de "
            "wijken."
        ),
        Venue("Pastoor Habetsstraat 40", "6217 KM"),
        year=1997,
    ),
    Provider(
        "clientondersteuning",
        "Cliëntondersteuning Zuid-Limburg",
        (
            "Onafhankelijke cliëntondersteuners helpen inwoners om de juiste zorg en ondersteuning "
            "te regelen."
        ),
        Venue("Wycker Brugstraat 14", "6221 EA"),
        year=2002,
    ),
    Provider(
        "werkbedrijf",
        "Werkbedrijf Maastricht",
        "Begeleiding naar werk, leerwerkplekken en beschut werk voor inwoners met een uitkering.",
        Venue("Fregatweg 40", "6222 NZ"),
        legal_status="gemeentelijke dienst",
        year=2016,
    ),
    Provider(
        "nieuwkomersteam",
        "Nieuwkomersteam Maastricht",
        "Begeleiding van statushouders en andere nieuwkomers bij wonen, taal, geld en werk.",
        Venue("Capucijnenstraat 19", "6211 RN"),
        year=2016,
    ),
    Provider(
        "maatschappelijke_opvang",
        "Maatschappelijke Opvang Maastricht",
        "Nachtopvang, dagopvang en begeleid wonen voor mensen zonder (vaste) woonplek.",
        Venue("Lenculenstraat 31", "6211 KP"),
        year=1989,
    ),
    Provider(
        "huurteam",
        "Huurteam Maastricht",
        (
            "Gratis hulp voor huurders bij huurachterstand, onderhoud, huurverhoging en problemen "
            "met de verhuurder."
        ),
        Venue("Stationsstraat 9", "6221 BM"),
        year=2018,
    ),
    Provider(
        "meldpunt",
        "Meldpunt Huiselijk Geweld Zuid-Limburg",
        "Advies- en meldpunt voor huiselijk geweld en kindermishandeling, dag en nacht bereikbaar.",
        Venue("Wilhelminasingel 20", "6221 BG"),
        year=2015,
    ),
    Provider(
        "vrouwenopvang",
        "Stichting Veilige Haven Zuid-Limburg",
        "Opvang en begeleiding voor vrouwen, mannen en kinderen die thuis niet veilig zijn.",
        Venue("Wilhelminasingel 20", "6221 BG"),
        year=1981,
    ),
    Provider(
        "levensvragen",
        "Centrum voor Levensvragen Zuid-Limburg",
        (
            "Geestelijk verzorgers voor thuiswonende mensen met vragen over zingeving, ziekte, "
            "verlies en afscheid."
        ),
        Venue("Kommel 6", "6211 NZ"),
        year=2019,
    ),
    Provider(
        "bibliotheek",
        "Bibliotheek Maastricht",
        (
            "De bibliotheek met het Taalhuis, het Informatiepunt Digitale Overheid en spreekuren "
            "in de wijken."
        ),
        Venue("Avenue Céramique 50", "6221 KV"),
        year=1962,
    ),
    Provider(
        "sportservice",
        "Sportservice Maastricht",
        "Buurtsportcoaches die wijkbewoners in beweging brengen, van peuter tot senior.",
        Venue("Bieslanderweg 11", "6213 BM"),
        year=2012,
    ),
    # Community initiatives and volunteer groups
    Provider(
        "vrijwilligerscentrale",
        "Vrijwilligerscentrale Maastricht",
        (
            "Brengt mensen die vrijwilligerswerk zoeken en organisaties die vrijwilligers zoeken "
            "bij elkaar."
        ),
        Venue("Grote Gracht 62", "6211 SZ"),
        year=1986,
    ),
    Provider(
        "thuisadministratie",
        "Stichting Thuisadministratie Maas",
        "Getrainde vrijwilligers helpen thuis bij het ordenen van post, rekeningen en formulieren.",
        Venue("Boschstraat 8", "6211 AS"),
        informal=True,
        year=2011,
    ),
    Provider(
        "geldmaatjes",
        "Geldmaatjes Maastricht",
        (
            "Vrijwillige geldmaatjes lopen een tijd mee met mensen die schulden hebben of willen "
            "voorkomen."
        ),
        Venue("Hoenderstraat 10", "6211 EK"),
        informal=True,
        legal_status="vrijwilligersgroep",
        year=2013,
    ),
    Provider(
        "voedselbank",
        "Voedselbank Maastricht",
        (
            "Vrijwilligers verdelen elke week voedselpakketten onder huishoudens die tijdelijk "
            "niet rondkomen."
        ),
        Venue("Fregatweg 18", "6222 NZ"),
        informal=True,
        year=2005,
    ),
    Provider(
        "kledingbank",
        "Kledingbank Maastricht",
        "Gratis goede tweedehands kleding voor gezinnen en alleenstaanden met een laag inkomen.",
        Venue("Brusselseweg 250", "6217 HB"),
        informal=True,
        year=2012,
    ),
    Provider(
        "taalvrijwilligers",
        "Taalvrijwilligers Maastricht",
        (
            "Vrijwilligers die taalcafés en taalmaatjes organiseren voor iedereen die beter "
            "Nederlands wil spreken."
        ),
        Venue("Avenue Céramique 50", "6221 KV"),
        informal=True,
        legal_status="vrijwilligersgroep",
        year=2016,
    ),
    Provider(
        "welcome_cafe",
        "Welcome Café Maastricht",
        "Internationale ontmoetingsplek voor nieuwkomers, expats, studenten en Maastrichtenaren.",
        Venue("Kleine Gracht 24", "6211 CB"),
        informal=True,
        legal_status="vrijwilligersgroep",
        year=2017,
    ),
    Provider(
        "beweeg_mee",
        "Beweeg Mee 55+ Maastricht",
        (
            "Beweeggroepen voor ouderen in alle wijken, geleid door vrijwilligers met een "
            "trainersopleiding."
        ),
        Venue("Bieslanderweg 11", "6213 BM"),
        informal=True,
        legal_status="vereniging",
        year=1992,
    ),
    Provider(
        "wandelgroepen",
        "Wandelgroepen Samen op Stap",
        "Wekelijkse wandelingen in de buurt voor iedereen die wil bewegen en mensen wil ontmoeten.",
        Venue("Boschstraat 8", "6211 AS"),
        informal=True,
        legal_status="vrijwilligersgroep",
        year=2018,
    ),
    Provider(
        "burenhulp",
        "Burenhulp Maastricht",
        (
            "Buren helpen buren met kleine klusjes, boodschappen en vervoer, waaronder de "
            "vrijwillige rijdienst."
        ),
        Venue("Boschstraat 8", "6211 AS"),
        informal=True,
        legal_status="vrijwilligersgroep",
        year=2014,
    ),
    Provider(
        "huiswerkhulp",
        "Huiswerkhulp Maastricht",
        "Studenten en gepensioneerde leraren helpen kinderen gratis met huiswerk in de wijk.",
        Venue("Kleine Gracht 24", "6211 CB"),
        informal=True,
        legal_status="vrijwilligersgroep",
        year=2015,
    ),
    Provider(
        "buurttuinen",
        "Buurttuinen Maastricht",
        "Bewoners die samen moestuinen en pluktuinen in de wijken onderhouden.",
        Venue("Tongerseweg 318", "6213 GD"),
        informal=True,
        legal_status="vereniging",
        year=2016,
    ),
    Provider(
        "buurtpreventie",
        "Buurtpreventie Maastricht",
        "Bewoners die samen letten op veiligheid in hun straat, in overleg met de wijkagent.",
        Venue("Via Regia 148", "6216 CK"),
        informal=True,
        legal_status="vrijwilligersgroep",
        year=2013,
    ),
    Provider(
        "buurtbemiddeling",
        "Buurtbemiddeling Maastricht",
        "Getrainde vrijwilligers helpen buren om een ruzie of ergernis samen op te lossen.",
        Venue("Wilhelminasingel 52", "6221 BK"),
        informal=True,
        year=2009,
    ),
    Provider(
        "inloophuis",
        "Inloophuis De Ankerplaats",
        (
            "Inloophuis voor mensen met psychische kwetsbaarheid, gerund door ervaringsdeskundigen "
            "en vrijwilligers."
        ),
        Venue("Hondstraat 19", "6211 HX"),
        informal=True,
        year=2004,
    ),
    Provider(
        "alzheimer_cafe",
        "Alzheimer Café Maastricht",
        "Maandelijkse avond voor mensen met dementie, hun naasten en iedereen die meer wil weten.",
        Venue("Scharnerweg 108", "6226 ER"),
        informal=True,
        legal_status="vrijwilligersgroep",
        year=2001,
    ),
    Provider(
        "anoniem_nuchter",
        "Zelfhulpgroep Anoniem Nuchter Maastricht",
        "Zelfhulpgroep voor mensen die willen stoppen met drinken en elkaar daarin steunen.",
        Venue("Sint Servaasklooster 12", "6211 TE"),
        informal=True,
        legal_status="vrijwilligersgroep",
        year=1974,
    ),
    Provider(
        "palliatief",
        "Vrijwilligers Palliatieve Zorg Maastricht",
        (
            "Vrijwilligers die thuis waken en er zijn voor mensen in hun laatste levensfase en hun "
            "naasten."
        ),
        Venue("Statenstraat 5", "6211 TB"),
        informal=True,
        year=1995,
    ),
    Provider(
        "repair_wyck",
        "Repair Café Wyck",
        "Vrijwillige reparateurs in Trefpunt Wyck: samen repareren in plaats van weggooien.",
        Venue("Rechtstraat 81", "6221 EH"),
        informal=True,
        legal_status="vrijwilligersgroep",
        year=2015,
    ),
    Provider(
        "repair_amby",
        "Repair Café Amby",
        "Samen repareren in het Wijkcentrum Amby, met koffie en vlaai.",
        Venue("Ambyerstraat Noord 86", "6225 ED"),
        informal=True,
        legal_status="vrijwilligersgroep",
        year=2016,
    ),
)


@dataclass(frozen=True)
class ServiceTemplate:
    name: str
    provider: str  # a provider key, or "@role" for the district's provider (DISTRICT_PROVIDERS)
    description: str
    eligibility: str
    application: str
    fees: str
    domains: tuple[str, ...]  # life_domain codes, 1 to 3
    groups: tuple[str, ...]  # target_group codes, 1 or 2
    funding: str  # funding_stream code
    contact_title: str
    reachable: str
    districts: tuple[str, ...] = ()  # empty: one city-wide service
    # "" the provider's address; a DISTRICT_VENUES kind; "virtual" (phone/online) or "home"
    venue: str = ""
    hours: tuple[tuple[str, str, str], ...] = ()
    rotate_days: bool = False  # shift the weekdays per district, so not every district is alike
    exceptions: tuple[tuple[str, str, str, str], ...] = ()  # (date, note, opens, closes); "" closed
    referral: str = "none"
    referral_note: str = ""
    min_age: int | None = None
    max_age: int | None = None
    informal: bool = False
    recognised: bool = False
    confidential: bool = False  # at a location whose address is kept from the public
    languages: tuple[str, ...] = ()  # besides Dutch
    cost: tuple[str, str] | None = None  # (amount in euro, what for)
    can_wait: bool = False  # capacity varies: sometimes a waiting list, now and then full
    open_on_holidays: bool = False
    hotline: str = ""  # a public number of the service itself
    url: str = ""


FREE = "Gratis."
WALK_IN = "Aanmelden is niet nodig. Kom gewoon langs tijdens de openingstijden."
BASIC_INSURANCE = "Vergoed uit de basisverzekering. Geen eigen risico."
BASIC_INSURANCE_WITH_EXCESS = "Vergoed uit de basisverzekering; het eigen risico geldt wel."
WMO_REFERRAL = "Wmo-beschikking nodig; het sociaal wijkteam helpt bij de aanvraag."
YOUTH_REFERRAL = "Verwijzing door het sociaal wijkteam, de huisarts of de jeugdarts (Jeugdwet)."
GP_REFERRAL = "Verwijzing door de huisarts nodig."
CHRISTMAS_CLOSED = (
    ("2026-12-24", "kerstavond", "", ""),
    ("2026-12-31", "oudejaarsdag: open tot 12.00 uur", "09:30", "12:00"),
)
CARNIVAL_CLOSED = (
    ("2026-02-16", "carnaval", "", ""),
    ("2026-02-17", "carnaval", "", ""),
)

# One service per district (or per listed district).
DISTRICT_SERVICES: tuple[ServiceTemplate, ...] = (
    ServiceTemplate(
        name="Koffie-inloop buurthuis {buurt}",
        provider="@buurtcentrum",
        description=(
            "Loop binnen voor een kop koffie en een praatje met buurtbewoners. Vrijwilligers zorgen "
            "voor een gastvrije plek en vertellen wat er deze week in de wijk te doen is. U hoeft "
            "niets af te spreken en niemand vraagt waarom u komt."
        ),
        eligibility="Iedereen uit {buurten} en omgeving is welkom.",
        application=WALK_IN,
        fees="Gratis. Koffie of thee kost € 0,50.",
        domains=("social_contact", "ph_participation"),
        groups=("adults", "older_people"),
        funding="free",
        contact_title="gastvrouw",
        reachable="ma–vr 9.30–12.00",
        districts=ALL_DISTRICTS,
        venue="buurtcentrum",
        hours=(("MO,TU,WE,TH,FR", "09:30", "12:00"), ("MO,WE,TH", "13:30", "16:30")),
        exceptions=CHRISTMAS_CLOSED,
        informal=True,
    ),
    ServiceTemplate(
        name="Huiskamer van de wijk {buurt}",
        provider="welzijn",
        description=(
            "In de huiskamer van de wijk drinkt u koffie, eet u soms samen en doet u mee aan een "
            "spelletje of een goed gesprek. Een welzijnswerker en vrijwilligers heten u welkom. "
            "Fijn als u zich alleen voelt of nog weinig mensen kent in de buurt."
        ),
        eligibility="Voor volwassenen en ouderen uit {buurten} die andere mensen willen ontmoeten.",
        application="Kom gewoon binnen. Wilt u eerst kennismaken? Bel dan de welzijnswerker.",
        fees=FREE,
        domains=("social_contact", "ph_quality_of_life"),
        groups=("older_people", "adults"),
        funding="wmo",
        contact_title="welzijnswerker",
        reachable="ma–do 9.00–12.00",
        districts=ALL_DISTRICTS,
        venue="buurtcentrum",
        hours=(("TU,TH", "10:00", "15:00"),),
        rotate_days=True,
    ),
    ServiceTemplate(
        name="Spreekuur sociaal wijkteam {wijk}",
        provider="@wijkteam",
        description=(
            "Heeft u een vraag over zorg, geld, wonen, werk of opvoeden? Op het spreekuur denkt een "
            "medewerker van het sociaal wijkteam met u mee. Samen kijken we wat u zelf kunt doen, "
            "wie in uw omgeving kan helpen en welke hulp nodig is."
        ),
        eligibility="Voor alle inwoners van {buurten}.",
        application="Loop binnen op het spreekuur of bel voor een afspraak. U mag iemand meenemen.",
        fees=FREE,
        domains=("ph_daily_functioning", "housing"),
        groups=("adults", "parents"),
        funding="wmo",
        contact_title="maatschappelijk werker",
        reachable="ma–vr 9.00–12.00 en 13.30–16.30",
        districts=ALL_DISTRICTS,
        venue="wijkteam",
        hours=(("MO,WE", "09:00", "12:00"), ("MO,WE", "13:30", "16:30")),
        exceptions=CARNIVAL_CLOSED,
        languages=("eng",),
    ),
    ServiceTemplate(
        name="Geldzorgen-spreekuur {wijk}",
        provider="schuldhulp",
        description=(
            "Heeft u geldzorgen, rekeningen die u niet kunt betalen of brieven van een deurwaarder? "
            "Op het inloopspreekuur kijkt een schuldhulpverlener met u naar uw situatie. U krijgt "
            "meteen advies en als het nodig is een afspraak voor schuldhulp. Hoe eerder u komt, hoe "
            "meer we kunnen doen."
        ),
        eligibility="Voor inwoners van {buurten} met vragen over geld, schulden of rondkomen.",
        application=(
            "Kom langs zonder afspraak. Neem als het kan uw post en bankafschriften van de laatste "
            "maand mee."
        ),
        fees=FREE,
        domains=("money_debts",),
        groups=("adults",),
        funding="wmo",
        contact_title="schuldhulpverlener",
        reachable="di 9.00–12.00",
        districts=ALL_DISTRICTS,
        venue="wijkteam",
        hours=(("TU", "09:00", "12:00"),),
        rotate_days=True,
        exceptions=CARNIVAL_CLOSED,
        languages=("eng", "ara", "tur"),
    ),
    ServiceTemplate(
        name="Thuisadministratie {buurt}",
        provider="thuisadministratie",
        description=(
            "Ligt de post op een stapel en weet u niet meer welke rekeningen betaald zijn? Een "
            "vrijwilliger van de Thuisadministratie komt bij u thuis en helpt u om orde te brengen "
            "in uw papieren. Samen maakt u een overzicht van inkomsten en uitgaven, zodat u weer "
            "grip krijgt op uw geld."
        ),
        eligibility=(
            "Voor inwoners van {buurten} die hulp willen bij hun administratie. Bij grote schulden "
            "werken we samen met Schuldhulp Maastricht."
        ),
        application="Bel of mail de coördinator. Binnen twee weken komt iemand kennismaken.",
        fees=FREE,
        domains=("money_debts", "ph_daily_functioning"),
        groups=("adults", "older_people"),
        funding="free",
        contact_title="coördinator vrijwilligers",
        reachable="ma en do 10.00–12.00",
        districts=(CENTRUM, WEST, NOORDWEST, OOST, ZUIDOOST),
        venue="buurtcentrum",
        hours=(("MO,TH", "10:00", "12:00"),),
        informal=True,
    ),
    ServiceTemplate(
        name="Taalcafé {buurt}",
        provider="taalvrijwilligers",
        description=(
            "Wilt u beter Nederlands leren spreken? In het taalcafé praat u in kleine groepjes over "
            "gewone dingen, zoals boodschappen doen, de buurt of uw werk. Vrijwilligers helpen u op "
            "weg en iedereen oefent op zijn eigen niveau."
        ),
        eligibility=(
            "Voor iedereen die Nederlands als tweede taal spreekt en wil oefenen. U moet al een "
            "beetje Nederlands kunnen."
        ),
        application=WALK_IN,
        fees=FREE,
        domains=("ph_participation", "social_contact"),
        groups=("newcomers", "low_literacy"),
        funding="free",
        contact_title="taalvrijwilliger",
        reachable="wo 13.00–16.00",
        districts=(CENTRUM, ZUIDWEST, WEST, NOORDWEST, OOST, ZUIDOOST),
        venue="buurtcentrum",
        hours=(("WE", "14:00", "16:00"),),
        rotate_days=True,
        informal=True,
        languages=("eng", "ara"),
    ),
    ServiceTemplate(
        name="Bewegen voor ouderen {buurt}",
        provider="beweeg_mee",
        description=(
            "Samen bewegen op muziek, met oefeningen voor kracht en evenwicht. De lessen zijn rustig "
            "en u doet alleen wat u kunt. Na afloop drinkt de groep samen koffie: goed voor uw lijf "
            "én voor de gezelligheid."
        ),
        eligibility=(
            "Voor mensen van 55 jaar en ouder die fit willen blijven. U hoeft niet sportief te zijn."
        ),
        application="Doe een keer gratis mee. Daarna meldt u zich aan bij de trainer.",
        fees="€ 2,50 per les, of € 22,50 voor een strippenkaart van tien lessen.",
        domains=("physical_health", "ph_bodily_functions", "social_contact"),
        groups=("older_people",),
        funding="private",
        contact_title="beweegtrainer",
        reachable="ma–vr 9.00–10.00",
        districts=ALL_DISTRICTS,
        venue="buurtcentrum",
        hours=(("TU,FR", "10:00", "11:00"),),
        rotate_days=True,
        min_age=55,
        informal=True,
        cost=("2.50", "per keer"),
    ),
    ServiceTemplate(
        name="Wijkrestaurant {buurt}",
        provider="@buurtcentrum",
        description=(
            "Eén keer per week koken vrijwilligers een verse maaltijd met soep, hoofdgerecht en "
            "toetje. U eet samen aan lange tafels met andere buurtbewoners. Zo krijgt u een goede "
            "maaltijd en leert u nieuwe mensen kennen."
        ),
        eligibility="Voor iedereen uit de buurt, jong en oud.",
        application="Reserveer uiterlijk de dag ervoor bij de gastvrouw.",
        fees="€ 5,00 per maaltijd. Met de Meedoenpas betaalt u € 2,50.",
        domains=("social_contact", "ph_quality_of_life"),
        groups=("adults", "older_people"),
        funding="private",
        contact_title="gastvrouw wijkrestaurant",
        reachable="ma–vr 10.00–12.00",
        districts=(CENTRUM, ZUIDWEST, WEST, OOST, NOORDOOST, ZUIDOOST),
        venue="buurtcentrum",
        hours=(("WE", "17:30", "19:30"),),
        rotate_days=True,
        exceptions=(("2026-12-24", "kerstavond", "", ""),),
        informal=True,
        cost=("5.00", "per keer"),
    ),
    ServiceTemplate(
        name="Jongerenwerk {wijk}",
        provider="jongerenwerk",
        description=(
            "In het jongerencentrum kun je chillen, gamen, muziek maken en vrienden zien. De "
            "jongerenwerkers zijn er ook als je ergens mee zit: school, thuis, geld of werk. Jij "
            "bepaalt waar je het over wilt hebben."
        ),
        eligibility="Voor jongeren van 12 tot 23 jaar uit {buurten}.",
        application="Loop binnen of stuur een appje naar de jongerenwerker.",
        fees=FREE,
        domains=("ph_participation", "parenting_youth", "ph_mental_wellbeing"),
        groups=("youth",),
        funding="wmo",
        contact_title="jongerenwerker",
        reachable="ma–vr 13.00–17.00",
        districts=ALL_DISTRICTS,
        venue="jongeren",
        hours=(("TU,TH", "15:00", "18:00"), ("FR", "19:00", "22:00")),
        min_age=12,
        max_age=23,
    ),
    ServiceTemplate(
        name="Opvoedspreekuur {wijk}",
        provider="opvoedsteunpunt",
        description=(
            "Heeft u een vraag over slapen, eten, driftbuien, de puberteit of ruzie thuis? Een "
            "pedagoog denkt met u mee op het spreekuur. Soms is één gesprek genoeg, soms volgen een "
            "paar gesprekken of een cursus."
        ),
        eligibility="Voor ouders en opvoeders van kinderen van 0 tot 18 jaar.",
        application="Maak een afspraak of kom binnenlopen tijdens het spreekuur.",
        fees=FREE,
        domains=("parenting_youth",),
        groups=("parents",),
        funding="youth_act",
        contact_title="pedagoog",
        reachable="ma–vr 9.00–12.30",
        districts=ALL_DISTRICTS,
        venue="gezondheid",
        hours=(("TH", "13:30", "15:30"),),
        rotate_days=True,
        languages=("eng", "tur"),
    ),
    ServiceTemplate(
        name="Consultatiebureau {wijk}",
        provider="jgz",
        description=(
            "Op het consultatiebureau volgen de jeugdarts en de jeugdverpleegkundige hoe uw kind "
            "groeit en zich ontwikkelt. Uw kind krijgt hier ook de vaccinaties. U kunt al uw vragen "
            "stellen over voeding, slapen en opvoeden."
        ),
        eligibility="Voor alle kinderen van 0 tot 4 jaar en hun ouders.",
        application=(
            "Na de geboorte krijgt u vanzelf een uitnodiging. Bent u verhuisd? Bel dan voor een "
            "afspraak."
        ),
        fees=FREE,
        domains=("parenting_youth", "physical_health"),
        groups=("children", "parents"),
        funding="free",
        contact_title="jeugdverpleegkundige",
        reachable="ma–vr 8.30–12.30",
        districts=ALL_DISTRICTS,
        venue="gezondheid",
        hours=(("MO,TH", "08:30", "12:00"), ("MO", "13:00", "16:30")),
        max_age=4,
        languages=("eng", "ara", "pol"),
    ),
    ServiceTemplate(
        name="Wijkverpleging {wijk}",
        provider="@wijkverpleging",
        description=(
            "Wijkverpleegkundigen geven zorg bij u thuis, zoals hulp bij wassen en aankleden, "
            "wondzorg of medicijnen. De wijkverpleegkundige kijkt samen met u welke zorg nodig is en "
            "wat u zelf nog kunt. Zij werkt nauw samen met uw huisarts en het wijkteam."
        ),
        eligibility="Voor inwoners van {buurten} die thuis verpleging of verzorging nodig hebben.",
        application=(
            "Bel zelf, of vraag uw huisarts of het ziekenhuis om contact op te nemen. De "
            "wijkverpleegkundige komt langs voor een kennismakingsgesprek."
        ),
        fees=BASIC_INSURANCE,
        domains=("physical_health", "ph_daily_functioning"),
        groups=("older_people", "disability"),
        funding="zvw",
        contact_title="wijkverpleegkundige",
        reachable="ma–vr 8.30–17.00",
        districts=ALL_DISTRICTS,
        venue="home",
        hours=(("MO,TU,WE,TH,FR", "08:00", "17:00"),),
        referral_note="Geen verwijzing nodig: de wijkverpleegkundige stelt zelf de indicatie.",
        can_wait=True,
    ),
    ServiceTemplate(
        name="Huisartsenpraktijk {buurt}",
        provider="@huisarts",
        description=(
            "De huisarts is uw eerste aanspreekpunt bij lichamelijke en psychische klachten. Bel 's "
            "ochtends voor een afspraak op dezelfde dag. Voor ouderen en mensen met een chronische "
            "ziekte werkt de praktijk met praktijkondersteuners."
        ),
        eligibility=(
            "Voor ingeschreven patiënten uit {buurten}. Nieuwe patiënten kunnen zich inschrijven als "
            "de praktijk ruimte heeft."
        ),
        application="Bel voor een afspraak tussen 8.00 en 10.00 uur. Bij spoed belt u direct.",
        fees=BASIC_INSURANCE,
        domains=("physical_health", "mental_health"),
        groups=("adults", "children"),
        funding="zvw",
        contact_title="praktijkmanager",
        reachable="ma–vr 8.00–17.00",
        districts=ALL_DISTRICTS,
        venue="gezondheid",
        hours=(("MO,TU,WE,TH,FR", "08:00", "12:30"), ("MO,TU,WE,TH,FR", "13:30", "17:00")),
        can_wait=True,
    ),
    ServiceTemplate(
        name="Praktijkondersteuner GGZ {buurt}",
        provider="@huisarts",
        description=(
            "Zit u niet lekker in uw vel, slaapt u slecht of heeft u veel stress? De "
            "praktijkondersteuner GGZ (POH-GGZ) helpt u met een paar gesprekken. Samen zoekt u uit "
            "wat er speelt en wat u helpt. Is meer hulp nodig, dan verwijst zij u door."
        ),
        eligibility="Voor patiënten van de huisartsenpraktijk vanaf 18 jaar.",
        application="Vraag uw huisarts om een afspraak met de POH-GGZ.",
        fees=BASIC_INSURANCE,
        domains=("mental_health", "ph_mental_wellbeing"),
        groups=("adults",),
        funding="zvw",
        contact_title="POH-GGZ",
        reachable="ma, wo en do 8.30–12.00",
        districts=ALL_DISTRICTS,
        venue="gezondheid",
        hours=(("MO,WE,TH", "08:30", "16:30"),),
        referral="gp",
        referral_note="Via de eigen huisarts; de POH-GGZ werkt in de praktijk.",
        min_age=18,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Welzijn op Recept {wijk}",
        provider="welzijn",
        description=(
            "Heeft u klachten zoals somberheid, eenzaamheid of stress, en helpen medicijnen niet "
            "genoeg? Via Welzijn op Recept praat u met een welzijnscoach. Samen zoekt u activiteiten "
            "die u energie geven, zoals bewegen, vrijwilligerswerk, iets creatiefs of mensen "
            "ontmoeten."
        ),
        eligibility=(
            "Voor volwassenen met psychosociale klachten, na verwijzing door huisarts of POH."
        ),
        application="Uw huisarts of POH meldt u aan. De welzijnscoach belt u binnen een week.",
        fees=FREE,
        domains=("ph_mental_wellbeing", "ph_meaningfulness", "social_contact"),
        groups=("adults",),
        funding="wmo",
        contact_title="welzijnscoach",
        reachable="ma–do 9.00–12.00",
        districts=ALL_DISTRICTS,
        venue="gezondheid",
        hours=(("TU,TH", "09:00", "12:00"),),
        rotate_days=True,
        referral="gp",
        referral_note="Verwijzing door de huisarts of POH (Welzijn op Recept).",
        min_age=18,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Fysiotherapie {buurt}",
        provider="@fysio",
        description=(
            "Fysiotherapie bij pijn, blessures of na een operatie. De fysiotherapeut onderzoekt uw "
            "klachten en maakt samen met u een oefenplan. U kunt zonder verwijzing van de huisarts "
            "terecht."
        ),
        eligibility="Voor iedereen met klachten aan spieren, gewrichten of het bewegen.",
        application="Bel of mail voor een afspraak. Meestal kunt u binnen een week terecht.",
        fees=(
            "Vergoeding hangt af van uw aanvullende verzekering. Zonder vergoeding kost een "
            "behandeling € 38."
        ),
        domains=("physical_health", "ph_bodily_functions"),
        groups=("adults", "older_people"),
        funding="zvw",
        contact_title="fysiotherapeut",
        reachable="ma–vr 8.00–18.00",
        districts=ALL_DISTRICTS,
        venue="gezondheid",
        hours=(("MO,TU,WE,TH,FR", "08:00", "18:00"), ("TU,TH", "18:30", "21:00")),
        referral_note="Directe toegang: een verwijzing is niet nodig.",
        cost=("38.00", "per behandeling"),
        can_wait=True,
    ),
    ServiceTemplate(
        name="Mantelzorgcafé {wijk}",
        provider="mantelzorgsteunpunt",
        description=(
            "Zorgt u voor uw partner, ouder, kind of buur? In het mantelzorgcafé ontmoet u andere "
            "mantelzorgers. U deelt ervaringen, krijgt tips en hoort welke steun er is, zoals "
            "respijtzorg. Er is altijd een mantelzorgconsulent bij."
        ),
        eligibility="Voor iedereen die zorgt voor een naaste.",
        application="Aanmelden is niet nodig. U mag de persoon voor wie u zorgt meenemen.",
        fees=FREE,
        domains=("caregiver_support", "social_contact"),
        groups=("caregivers",),
        funding="wmo",
        contact_title="mantelzorgconsulent",
        reachable="ma–do 9.00–16.00",
        districts=(CENTRUM, ZUIDWEST, WEST, OOST, ZUIDOOST),
        venue="buurtcentrum",
        hours=(("WE", "19:00", "21:00"),),
        rotate_days=True,
    ),
    ServiceTemplate(
        name="Wandelgroep {buurt}",
        provider="wandelgroepen",
        description=(
            "Elke week wandelt de groep een uur door de buurt en langs het groen. Het tempo is "
            "rustig en er is altijd iemand om mee te praten. Na afloop drinken we samen koffie in "
            "het buurthuis."
        ),
        eligibility="Voor iedereen die wil bewegen en nieuwe mensen wil leren kennen.",
        application=(
            "Kom gewoon naar het buurthuis, vijf minuten voor de start. Trek goede schoenen aan."
        ),
        fees=FREE,
        domains=("physical_health", "social_contact"),
        groups=("adults", "older_people"),
        funding="free",
        contact_title="wandelbegeleider",
        reachable="ma–vr 18.00–20.00",
        districts=ALL_DISTRICTS,
        venue="buurtcentrum",
        hours=(("MO", "10:00", "11:30"),),
        rotate_days=True,
        informal=True,
    ),
    ServiceTemplate(
        name="Digitaal spreekuur {buurt}",
        provider="bibliotheek",
        description=(
            "Lukt het niet met DigiD, de website van de Belastingdienst of uw e-mail? Op het "
            "digitaal spreekuur helpen vrijwilligers van de bibliotheek u stap voor stap. Neem uw "
            "eigen telefoon, tablet of laptop mee."
        ),
        eligibility=(
            "Voor iedereen die hulp wil bij de computer, de telefoon of de digitale overheid."
        ),
        application="Kom binnenlopen. Voor een langere vraag kunt u een afspraak maken.",
        fees=FREE,
        domains=("ph_daily_functioning", "ph_participation"),
        groups=("older_people", "low_literacy"),
        funding="free",
        contact_title="digicoach",
        reachable="di–vr 10.00–12.00",
        districts=(CENTRUM, ZUIDWEST, WEST, OOST, NOORDOOST, ZUIDOOST),
        venue="buurtcentrum",
        hours=(("TH", "10:00", "12:00"),),
        rotate_days=True,
    ),
    ServiceTemplate(
        name="Buurtsportcoach {wijk}",
        provider="sportservice",
        description=(
            "De buurtsportcoach organiseert sport en spel in de wijk: na school op het pleintje, in "
            "de gymzaal en in de vakanties. De coach helpt ook volwassenen die willen beginnen met "
            "bewegen een sport of club te vinden die bij hen past."
        ),
        eligibility="Voor kinderen, jongeren en volwassenen uit {buurten}.",
        application="Doe mee bij een activiteit of bel de buurtsportcoach.",
        fees="Meestal gratis. Voor sommige activiteiten vragen we € 1 per keer.",
        domains=("physical_health", "ph_participation"),
        groups=("children", "youth"),
        funding="free",
        contact_title="buurtsportcoach",
        reachable="ma–vr 9.00–17.00",
        districts=ALL_DISTRICTS,
        venue="jongeren",
        hours=(("WE", "14:00", "17:00"), ("SA", "10:00", "12:00")),
        min_age=4,
    ),
    ServiceTemplate(
        name="Ouderenadviseur {wijk}",
        provider="welzijn",
        description=(
            "De ouderenadviseur komt bij u thuis voor een gesprek over hoe het gaat. Bijvoorbeeld "
            "over wonen, vallen, eenzaamheid, geld of hulp in huis. Samen zoekt u naar oplossingen, "
            "zodat u langer prettig thuis kunt blijven wonen."
        ),
        eligibility="Voor inwoners van 65 jaar en ouder en hun mantelzorgers.",
        application=(
            "Bel of mail de ouderenadviseur. Uw huisarts of buren mogen u ook aanmelden, als u dat "
            "goed vindt."
        ),
        fees=FREE,
        domains=("ph_daily_functioning", "housing", "social_contact"),
        groups=("older_people", "caregivers"),
        funding="wmo",
        contact_title="ouderenadviseur",
        reachable="ma–vr 9.00–12.00",
        districts=ALL_DISTRICTS,
        venue="buurtcentrum",
        hours=(("MO", "13:30", "15:30"),),
        rotate_days=True,
        min_age=65,
    ),
    ServiceTemplate(
        name="Vallen Verleden Tijd {wijk}",
        provider="@fysio",
        description=(
            "Vallen Verleden Tijd is een erkende training van vijf weken die de kans op vallen "
            "kleiner maakt. In een kleine groep oefent u op een hindernisbaan, leert u veilig vallen "
            "en weer opstaan, en praat u over angst om te vallen. Fysiotherapeuten geven de training."
        ),
        eligibility=(
            "Voor thuiswonende ouderen die het afgelopen jaar gevallen zijn of bang zijn om te "
            "vallen. Eerst doet de fysiotherapeut een korte valrisicotest."
        ),
        application=(
            "Meld u aan bij de fysiotherapiepraktijk, of vraag uw huisarts of wijkverpleegkundige "
            "om u aan te melden."
        ),
        fees=(
            "Vergoed uit de aanvullende verzekering of door de gemeente. Vraag ernaar bij de "
            "aanmelding."
        ),
        domains=("physical_health", "ph_bodily_functions"),
        groups=("older_people",),
        funding="zvw",
        contact_title="fysiotherapeut valpreventie",
        reachable="ma–vr 9.00–12.00",
        districts=(CENTRUM, WEST, OOST, ZUIDOOST),
        venue="buurtcentrum",
        hours=(("TU,TH", "10:00", "11:30"),),
        referral_note="Zelf aanmelden kan; eerst volgt een valrisicotest.",
        min_age=65,
        recognised=True,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Kinderclub {buurt}",
        provider="@buurtcentrum",
        description=(
            "Op woensdagmiddag is er de kinderclub: knutselen, spelletjes, koken en buitenspelen. "
            "Vrijwilligers en een jongerenwerker begeleiden de kinderen. Zo leren kinderen uit de "
            "buurt elkaar kennen."
        ),
        eligibility="Voor kinderen van 6 tot 12 jaar uit de buurt.",
        application="Schrijf uw kind in bij de gastvrouw. Een keer proberen mag altijd.",
        fees="€ 1,00 per keer, met drinken en iets lekkers.",
        domains=("parenting_youth", "ph_participation"),
        groups=("children",),
        funding="private",
        contact_title="coördinator kinderclub",
        reachable="wo 13.00–17.00",
        districts=(CENTRUM, WEST, NOORDWEST, OOST, ZUIDOOST),
        venue="buurtcentrum",
        hours=(("WE", "13:30", "16:00"),),
        min_age=6,
        max_age=12,
        informal=True,
        cost=("1.00", "per keer"),
    ),
    ServiceTemplate(
        name="Buurtpreventie {buurt}",
        provider="buurtpreventie",
        description=(
            "Bewoners lopen 's avonds samen een ronde door de wijk en letten op onveilige situaties, "
            "zoals kapotte lantaarnpalen of open deuren. Via de buurtapp waarschuwen ze elkaar. De "
            "groep werkt samen met de wijkagent en de gemeente."
        ),
        eligibility="Voor bewoners van 18 jaar en ouder die mee willen doen of iets willen melden.",
        application="Meld u aan bij de coördinator. U krijgt een korte training en een hesje.",
        fees=FREE,
        domains=("safety", "ph_participation"),
        groups=("adults",),
        funding="free",
        contact_title="coördinator buurtpreventie",
        reachable="ma–vr 18.00–20.00",
        districts=(CENTRUM, WEST, NOORDWEST, OOST, NOORDOOST),
        venue="buurtcentrum",
        hours=(("TH", "20:00", "22:00"),),
        min_age=18,
        informal=True,
    ),
    ServiceTemplate(
        name="Uitgiftepunt Voedselbank {wijk}",
        provider="voedselbank",
        description=(
            "Bij het uitgiftepunt haalt u elke week een voedselpakket op, dicht bij huis. Het pakket "
            "bevat brood, groente, zuivel en houdbare producten. Vrijwilligers zorgen voor een "
            "vriendelijke en discrete ontvangst."
        ),
        eligibility=(
            "Voor huishoudens die na de vaste lasten te weinig geld overhouden voor eten. Bij de "
            "intake kijken we naar uw inkomen en uitgaven."
        ),
        application=(
            "Vraag een intake aan via het wijkteam, Schuldhulp Maastricht of de voedselbank zelf. "
            "Na de intake hoort u bij welk uitgiftepunt u terechtkunt."
        ),
        fees=FREE,
        domains=("money_debts", "ph_daily_functioning"),
        groups=("adults", "parents"),
        funding="free",
        contact_title="coördinator uitgiftepunt",
        reachable="do 9.00–12.00",
        districts=(WEST, NOORDWEST, OOST, ZUIDOOST),
        venue="buurtcentrum",
        hours=(("FR", "13:00", "15:30"),),
        referral_note="Geen verwijzing nodig, wel een intakegesprek over uw inkomen.",
        informal=True,
    ),
    ServiceTemplate(
        name="Levensvragen-café {wijk}",
        provider="levensvragen",
        description=(
            "Wat geeft uw leven zin? Hoe gaat u om met verlies of ziekte? In het levensvragen-café "
            "praat u hierover met anderen, onder leiding van een geestelijk verzorger. Er is ruimte "
            "voor een verhaal, een gedicht of gewoon even stilte."
        ),
        eligibility="Voor iedereen die over levensvragen wil praten, gelovig of niet.",
        application=WALK_IN,
        fees=FREE,
        domains=("ph_meaningfulness", "ph_mental_wellbeing", "social_contact"),
        groups=("adults", "older_people"),
        funding="free",
        contact_title="geestelijk verzorger",
        reachable="ma–do 9.00–16.00",
        districts=(CENTRUM, ZUIDWEST, OOST, ZUIDOOST),
        venue="buurtcentrum",
        hours=(("TU", "14:00", "16:00"),),
        rotate_days=True,
    ),
    ServiceTemplate(
        name="Buurttuin {buurt}",
        provider="buurttuinen",
        description=(
            "In de buurttuin kweken bewoners samen groente, kruiden en bloemen. Er is altijd werk "
            "voor wie wil helpen, ook als u geen ervaring heeft. Wat we oogsten, delen we of koken "
            "we samen op in het buurthuis."
        ),
        eligibility="Voor iedereen uit de buurt; kinderen zijn welkom onder begeleiding.",
        application="Kom langs tijdens de tuinochtend op zaterdag.",
        fees=FREE,
        domains=("ph_meaningfulness", "ph_participation", "physical_health"),
        groups=("adults", "older_people"),
        funding="free",
        contact_title="tuincoördinator",
        reachable="za 10.00–12.00",
        districts=(ZUIDWEST, WEST, OOST, NOORDOOST),
        venue="buurtcentrum",
        hours=(("SA", "10:00", "12:30"), ("WE", "18:30", "20:30")),
        informal=True,
    ),
    ServiceTemplate(
        name="Burenhulp {buurt}",
        provider="burenhulp",
        description=(
            "Heeft u hulp nodig bij een klein klusje, de boodschappen of een ritje naar het "
            "ziekenhuis? Burenhulp zoekt een vrijwilliger uit uw buurt die u een handje helpt. "
            "Andersom kunt u zich ook aanmelden als vrijwilliger."
        ),
        eligibility=(
            "Voor inwoners die even geen hulp uit hun eigen omgeving hebben, vaak ouderen of mensen "
            "met een beperking."
        ),
        application="Bel de coördinator minstens twee dagen van tevoren.",
        fees="Gratis. Voor een ritje betaalt u € 0,35 per kilometer aan de chauffeur.",
        domains=("ph_daily_functioning", "social_contact"),
        groups=("older_people", "disability"),
        funding="free",
        contact_title="coördinator burenhulp",
        reachable="ma–vr 9.00–11.00",
        districts=ALL_DISTRICTS,
        venue="buurtcentrum",
        hours=(("MO,TU,WE,TH,FR", "09:00", "11:00"),),
        informal=True,
        cost=("0.35", "per kilometer"),
    ),
    ServiceTemplate(
        name="Huiswerkbegeleiding {buurt}",
        provider="huiswerkhulp",
        description=(
            "Na schooltijd helpen vrijwilligers kinderen met hun huiswerk, lezen en rekenen. Er is "
            "een rustige plek om te leren en er is altijd iets te drinken. Ouders zijn welkom om even "
            "mee te kijken."
        ),
        eligibility=(
            "Voor kinderen van 8 tot 16 jaar, van de basisschool en de eerste jaren van de "
            "middelbare school."
        ),
        application=(
            "Meld uw kind aan bij de coördinator. Er is plek voor twaalf kinderen per middag."
        ),
        fees=FREE,
        domains=("parenting_youth", "ph_participation"),
        groups=("children", "youth"),
        funding="free",
        contact_title="coördinator huiswerkhulp",
        reachable="ma–do 14.00–17.00",
        districts=(CENTRUM, WEST, NOORDWEST, OOST, ZUIDOOST),
        venue="jongeren",
        hours=(("MO,TH", "15:00", "17:00"),),
        min_age=8,
        max_age=16,
        informal=True,
    ),
    ServiceTemplate(
        name="Gezond koken met een klein budget {wijk}",
        provider="welzijn",
        description=(
            "In vier avonden leert u gezond en goedkoop koken met groente van het seizoen. U kookt "
            "samen met de andere deelnemers en eet daarna samen op. U krijgt de recepten mee naar "
            "huis."
        ),
        eligibility="Voor volwassenen die gezonder willen eten met weinig geld.",
        application="Meld u aan bij de welzijnswerker. De groep start bij acht aanmeldingen.",
        fees="€ 10 voor vier avonden, met alle ingrediënten.",
        domains=("physical_health", "ph_bodily_functions"),
        groups=("adults",),
        funding="private",
        contact_title="welzijnswerker",
        reachable="ma–do 9.00–12.00",
        districts=(WEST, OOST, ZUIDOOST),
        venue="buurtcentrum",
        hours=(("MO", "18:00", "20:30"),),
        rotate_days=True,
        cost=("10.00", "voor vier avonden"),
    ),
    ServiceTemplate(
        name="Repair Café {buurt}",
        provider="@repaircafe",
        description=(
            "Is uw broodrooster, fiets of jas kapot? Neem het mee naar het Repair Café. Vrijwillige "
            "reparateurs kijken samen met u wat er mis is en hoe u het kunt maken. Ondertussen "
            "drinkt u koffie met andere buurtbewoners."
        ),
        eligibility="Voor iedereen. U repareert zelf mee, met hulp van de vrijwilligers.",
        application="Kom langs met uw kapotte spullen; per bezoek één of twee voorwerpen.",
        fees="Gratis. Een vrijwillige bijdrage voor onderdelen is welkom.",
        domains=("ph_participation", "social_contact"),
        groups=("adults",),
        funding="free",
        contact_title="coördinator Repair Café",
        reachable="za 13.00–16.00",
        districts=(CENTRUM, WEST, OOST),
        venue="buurtcentrum",
        hours=(("SA", "13:00", "16:00"),),
        informal=True,
    ),
    ServiceTemplate(
        name="Spreekuur sociaal raadslieden {wijk}",
        provider="sociaal_raadslieden",
        description=(
            "Krijgt u een brief van de Belastingdienst die u niet begrijpt? Moet u toeslagen "
            "terugbetalen, of weet u niet of u recht heeft op huurtoeslag? De sociaal raadsman of "
            "-vrouw legt het uit en helpt u met een bezwaar of een aanvraag."
        ),
        eligibility="Voor inwoners met een laag of middeninkomen.",
        application="Kom naar het inloopspreekuur. Neem de brieven en uw DigiD mee.",
        fees=FREE,
        domains=("money_debts", "ph_daily_functioning"),
        groups=("adults",),
        funding="wmo",
        contact_title="sociaal raadsvrouw",
        reachable="ma–vr 9.00–12.00",
        districts=(CENTRUM, WEST, OOST, ZUIDOOST),
        venue="wijkteam",
        hours=(("TH", "13:30", "16:00"),),
        rotate_days=True,
        languages=("eng", "ara", "tur"),
    ),
    ServiceTemplate(
        name="Peuteropvang {buurt}",
        provider="peuterwerk",
        description=(
            "Op de peuteropvang speelt uw kind samen met andere peuters, twee of drie ochtenden per "
            "week. De pedagogisch medewerkers letten extra op taal en ontwikkeling. Zo is uw kind "
            "goed voorbereid op de basisschool."
        ),
        eligibility=(
            "Voor kinderen van 2 tot 4 jaar. Heeft uw kind extra steun nodig bij taal, dan adviseert "
            "het consultatiebureau voorschoolse educatie."
        ),
        application="Schrijf uw kind in via het kantoor. Soms is er een wachtlijst.",
        fees=(
            "Afhankelijk van uw inkomen. Werkende ouders krijgen kinderopvangtoeslag; anders betaalt "
            "de gemeente mee."
        ),
        domains=("parenting_youth",),
        groups=("children", "parents"),
        funding="private",
        contact_title="locatiemanager",
        reachable="ma–vr 8.30–12.30",
        districts=ALL_DISTRICTS,
        venue="jongeren",
        hours=(("MO,TU,TH,FR", "08:30", "12:30"),),
        min_age=2,
        max_age=4,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Meidenclub {wijk}",
        provider="jongerenwerk",
        description=(
            "Een avond alleen voor meiden: samen koken, sporten en praten over school, vriendschap, "
            "social media en je toekomst. Een jongerenwerkster begeleidt de groep. Wat je vertelt, "
            "blijft in de groep."
        ),
        eligibility="Voor meiden van 12 tot 18 jaar.",
        application="Kom een keer kijken of stuur een appje naar de jongerenwerkster.",
        fees=FREE,
        domains=("ph_mental_wellbeing", "parenting_youth", "social_contact"),
        groups=("youth",),
        funding="wmo",
        contact_title="jongerenwerkster",
        reachable="ma–vr 13.00–17.00",
        districts=(CENTRUM, WEST, OOST, ZUIDOOST),
        venue="jongeren",
        hours=(("WE", "18:30", "21:00"),),
        rotate_days=True,
        min_age=12,
        max_age=18,
    ),
    ServiceTemplate(
        name="Dagcentrum voor ouderen {wijk}",
        provider="zorggroep_maasheuvel",
        description=(
            "In het dagcentrum bent u een of meer dagen per week onder de mensen. U doet mee aan "
            "activiteiten zoals koken, bewegen, geheugentraining en muziek. Zo heeft uw dag "
            "structuur en krijgt uw mantelzorger even rust."
        ),
        eligibility=(
            "Voor ouderen die thuis wonen en overdag begeleiding nodig hebben, bijvoorbeeld door "
            "dementie of eenzaamheid."
        ),
        application=(
            "Vraag dagbesteding aan via het sociaal wijkteam (Wmo). Daarna kunt u een dag komen "
            "kennismaken."
        ),
        fees="Eigen bijdrage Wmo van maximaal € 21,80 per maand. Vervoer kan geregeld worden.",
        domains=("work_daytime", "ph_daily_functioning", "caregiver_support"),
        groups=("older_people", "caregivers"),
        funding="wmo",
        contact_title="teamleider dagbesteding",
        reachable="ma–vr 9.00–16.00",
        districts=(CENTRUM, WEST, OOST, NOORDOOST, ZUIDOOST),
        venue="buurtcentrum",
        hours=(("MO,TU,WE,TH,FR", "09:30", "15:30"),),
        referral="municipality",
        referral_note=WMO_REFERRAL,
        min_age=65,
        can_wait=True,
    ),
)

# City-wide services: one each, at the provider's address unless `venue` says otherwise.
CITY_SERVICES: tuple[ServiceTemplate, ...] = (
    # Money and debts
    ServiceTemplate(
        name="Schuldhulpverlening",
        provider="schuldhulp",
        description=(
            "Heeft u schulden die u zelf niet meer kunt oplossen? Een schuldhulpverlener zet samen "
            "met u alle schulden op een rij en zorgt dat de vaste lasten betaald worden. Daarna "
            "zoeken we een oplossing, zoals een betalingsregeling of een schuldregeling met alle "
            "schuldeisers."
        ),
        eligibility=(
            "Voor inwoners van Maastricht van 18 jaar en ouder met problematische schulden."
        ),
        application=(
            "Meld u aan via het Geldzorgen-spreekuur, telefonisch of via het wijkteam. Binnen drie "
            "werkdagen heeft u een eerste gesprek."
        ),
        fees=FREE,
        domains=("money_debts", "ph_mental_wellbeing"),
        groups=("adults",),
        funding="wmo",
        contact_title="schuldhulpverlener",
        reachable="ma–vr 9.00–12.00",
        hours=(("MO,TU,WE,TH,FR", "09:00", "12:00"), ("MO,TU,WE,TH", "13:00", "16:00")),
        min_age=18,
        languages=("eng", "ara", "tur", "pol"),
        can_wait=True,
    ),
    ServiceTemplate(
        name="Budgetbeheer",
        provider="schuldhulp",
        description=(
            "Bij budgetbeheer ontvangt Schuldhulp Maastricht uw inkomen en betaalt de vaste lasten "
            "voor u, zoals huur, energie en zorgverzekering. U krijgt elke week leefgeld. Zo "
            "ontstaan er geen nieuwe schulden terwijl u werkt aan een oplossing."
        ),
        eligibility="Voor inwoners die tijdelijk niet zelf hun geld kunnen beheren.",
        application="Budgetbeheer wordt afgesproken in het plan van de schuldhulpverlener.",
        fees="Gratis voor inwoners met een inkomen tot 120% van het sociaal minimum.",
        domains=("money_debts", "ph_daily_functioning"),
        groups=("adults",),
        funding="wmo",
        contact_title="budgetbeheerder",
        reachable="ma–do 9.00–12.00",
        hours=(("MO,TU,WE,TH", "09:00", "12:00"),),
        referral="municipality",
        referral_note="Besluit van Schuldhulp Maastricht, na een intakegesprek.",
        min_age=18,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Cursus Grip op je geld",
        provider="schuldhulp",
        description=(
            "In vier bijeenkomsten leert u hoe u een overzicht maakt van uw inkomsten en uitgaven, "
            "hoe u kunt besparen en wat u doet met een aanmaning. U oefent met uw eigen situatie en "
            "gaat naar huis met een eigen begroting."
        ),
        eligibility="Voor iedereen die beter wil leren omgaan met geld.",
        application="Meld u aan per telefoon of e-mail. Een nieuwe groep start elke twee maanden.",
        fees=FREE,
        domains=("money_debts",),
        groups=("adults", "low_literacy"),
        funding="wmo",
        contact_title="budgetcoach",
        reachable="ma–vr 9.00–12.00",
        hours=(("TU", "19:00", "21:00"),),
    ),
    ServiceTemplate(
        name="Jongeren Geldpunt",
        provider="schuldhulp",
        description=(
            "Ben je tussen de 18 en 27 en heb je schulden of loop je achter met betalen? Bij het "
            "Jongeren Geldpunt helpen we je snel, zonder lange wachtlijst. Samen maken we een plan, "
            "en als het nodig is koopt de gemeente je schulden af zodat je opnieuw kunt beginnen."
        ),
        eligibility="Voor jongeren van 18 tot 27 jaar die in Maastricht wonen.",
        application="Stuur een appje of kom langs op het inloopspreekuur op woensdagmiddag.",
        fees=FREE,
        domains=("money_debts", "work_daytime"),
        groups=("youth",),
        funding="wmo",
        contact_title="jongerencoach schulden",
        reachable="ma–vr 10.00–16.00",
        hours=(("WE", "13:00", "17:00"),),
        min_age=18,
        max_age=27,
    ),
    ServiceTemplate(
        name="Geldmaatje",
        provider="geldmaatjes",
        description=(
            "Een geldmaatje is een getrainde vrijwilliger die een jaar met u meeloopt. Samen ordent "
            "u de papieren, maakt u een begroting en belt u met instanties. Het maatje oordeelt "
            "niet en helpt u om zelf weer grip op uw geld te krijgen."
        ),
        eligibility="Voor inwoners met geldzorgen of schulden die graag iemand naast zich hebben.",
        application=(
            "Bel de coördinator of vraag het wijkteam of de schuldhulpverlener om u aan te melden."
        ),
        fees=FREE,
        domains=("money_debts", "social_contact"),
        groups=("adults",),
        funding="free",
        contact_title="coördinator geldmaatjes",
        reachable="ma, wo en vr 9.00–12.00",
        hours=(("MO,WE,FR", "09:00", "12:00"),),
        informal=True,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Telefonisch spreekuur sociaal raadslieden",
        provider="sociaal_raadslieden",
        description=(
            "Heeft u een korte vraag over toeslagen, belastingen, een uitkering of een brief van een "
            "instantie? Bel het telefonisch spreekuur. U krijgt meteen antwoord, of een afspraak "
            "als er meer tijd nodig is."
        ),
        eligibility="Voor alle inwoners van Maastricht.",
        application="Bel tijdens het spreekuur. Houd de brief bij de hand.",
        fees=FREE,
        domains=("money_debts", "housing"),
        groups=("adults",),
        funding="wmo",
        contact_title="sociaal raadsman",
        reachable="ma–vr 9.00–12.00",
        venue="virtual",
        hours=(("MO,TU,WE,TH,FR", "09:00", "12:00"),),
        hotline="043 350 61 00",
    ),
    ServiceTemplate(
        name="Bijzondere bijstand",
        provider="gemeente",
        description=(
            "Heeft u onverwachte kosten die u niet kunt betalen, zoals een kapotte wasmachine, een "
            "tandartsrekening of verhuiskosten? Met bijzondere bijstand betaalt de gemeente deze "
            "kosten helemaal of voor een deel. Het hangt af van uw inkomen en vermogen."
        ),
        eligibility="Voor inwoners van Maastricht met een laag inkomen en weinig spaargeld.",
        application=(
            "Vraag bijzondere bijstand aan via het digitale formulier of aan de balie in het "
            "Mosae Forum. Het wijkteam kan helpen met de aanvraag."
        ),
        fees=FREE,
        domains=("money_debts",),
        groups=("adults",),
        funding="participation_act",
        contact_title="consulent inkomen",
        reachable="ma–vr 9.00–12.00",
        hours=(("MO,TU,WE,TH,FR", "09:00", "12:30"),),
        min_age=18,
    ),
    ServiceTemplate(
        name="Meedoenpas",
        provider="gemeente",
        description=(
            "Met de Meedoenpas krijgen volwassenen en kinderen uit huishoudens met een laag inkomen "
            "korting op sport, cultuur, zwemles en het wijkrestaurant. Zo kan iedereen meedoen, ook "
            "als er weinig geld is. De pas is een jaar geldig."
        ),
        eligibility="Voor huishoudens met een inkomen tot 130% van het sociaal minimum.",
        application=(
            "Vraag de pas aan via het formulier van de gemeente; u krijgt hem binnen drie weken."
        ),
        fees=FREE,
        domains=("money_debts", "ph_participation"),
        groups=("adults", "children"),
        funding="participation_act",
        contact_title="medewerker minimaregelingen",
        reachable="ma–vr 9.00–12.00",
        venue="virtual",
        hotline="14 043",
    ),
    ServiceTemplate(
        name="Vroegsignalering betalingsachterstanden",
        provider="schuldhulp",
        description=(
            "Woningcorporaties, energie- en waterbedrijven en zorgverzekeraars melden het ons als u "
            "een rekening niet betaalt. Een medewerker belt u of komt langs om te vragen hoe het "
            "gaat en of u hulp wilt. Zo lossen we een achterstand op voordat er grote schulden zijn."
        ),
        eligibility=(
            "Voor inwoners met een betalingsachterstand bij huur, energie, water of "
            "zorgverzekering."
        ),
        application="U hoeft niets te doen: wij nemen contact met u op. Zelf bellen mag ook.",
        fees=FREE,
        domains=("money_debts", "housing"),
        groups=("adults",),
        funding="wmo",
        contact_title="medewerker vroegsignalering",
        reachable="ma–vr 9.00–16.00",
        venue="home",
        hours=(("MO,TU,WE,TH,FR", "09:00", "16:00"),),
    ),
    ServiceTemplate(
        name="Kledingbank",
        provider="kledingbank",
        description=(
            "Bij de kledingbank kiest u gratis goede tweedehands kleding en schoenen voor uzelf en uw "
            "kinderen. Vrijwilligers helpen u bij het zoeken. U mag vier keer per jaar komen."
        ),
        eligibility="Voor huishoudens met een laag inkomen, met een verwijsbrief of de Meedoenpas.",
        application="Laat de verwijsbrief of uw Meedoenpas zien bij de ingang.",
        fees=FREE,
        domains=("money_debts", "ph_quality_of_life"),
        groups=("parents", "adults"),
        funding="free",
        contact_title="coördinator kledingbank",
        reachable="di en za 10.00–13.00",
        hours=(("TU,SA", "10:00", "13:00"),),
        informal=True,
        languages=("eng", "ara"),
    ),
    ServiceTemplate(
        name="Voedselbank: intake en verdeelcentrum",
        provider="voedselbank",
        description=(
            "Komt u tijdelijk niet rond en is er te weinig geld voor eten? In een intakegesprek "
            "kijkt een vrijwilliger of u een voedselpakket kunt krijgen. Het pakket haalt u elke "
            "week op in het verdeelcentrum of bij een uitgiftepunt in uw wijk."
        ),
        eligibility="Voor huishoudens die na de vaste lasten te weinig overhouden voor eten.",
        application="Bel voor een intakegesprek. Neem bankafschriften en uw vaste lasten mee.",
        fees=FREE,
        domains=("money_debts", "ph_daily_functioning"),
        groups=("adults", "parents"),
        funding="free",
        contact_title="intaker voedselbank",
        reachable="ma–do 9.00–12.00",
        hours=(("TU,TH", "09:00", "12:00"), ("TH", "13:00", "16:00")),
        referral_note="Geen verwijzing nodig, wel een intakegesprek over uw inkomen.",
        informal=True,
        languages=("eng", "ara", "pol"),
    ),
    # Municipality: support at home, work and housing
    ServiceTemplate(
        name="Wmo-loket: hulp bij zelfstandig wonen",
        provider="gemeente",
        description=(
            "Lukt het niet meer om zelfstandig te wonen, het huishouden te doen of erop uit te gaan? "
            "Bij het Wmo-loket vraagt u ondersteuning aan, zoals huishoudelijke hulp, een "
            "scootmobiel, vervoer of begeleiding. Een consulent komt bij u thuis voor een gesprek."
        ),
        eligibility=(
            "Voor inwoners van Maastricht die door ziekte, ouderdom of een beperking hulp nodig "
            "hebben."
        ),
        application=(
            "Bel het Wmo-loket of vul het meldingsformulier in. U mag een cliëntondersteuner "
            "meenemen."
        ),
        fees="Het gesprek is gratis. Voor de meeste voorzieningen betaalt u een eigen bijdrage.",
        domains=("ph_daily_functioning", "housing"),
        groups=("older_people", "disability"),
        funding="wmo",
        contact_title="Wmo-consulent",
        reachable="ma–vr 9.00–17.00",
        hours=(("MO,TU,WE,TH,FR", "09:00", "12:30"), ("MO,TU,WE,TH", "13:30", "17:00")),
        exceptions=CARNIVAL_CLOSED,
        languages=("eng",),
    ),
    ServiceTemplate(
        name="Woningaanpassing",
        provider="gemeente",
        description=(
            "Kunt u door een beperking niet meer goed de trap op of veilig douchen? Met een "
            "woningaanpassing, zoals een traplift, een verhoogd toilet of een drempelhulp, kunt u "
            "langer thuis blijven wonen. Een ergotherapeut kijkt mee wat er nodig is."
        ),
        eligibility="Voor inwoners met een beperking of chronische ziekte.",
        application="Vraag een woningaanpassing aan via het Wmo-loket.",
        fees="Eigen bijdrage van maximaal € 21,80 per maand.",
        domains=("housing", "ph_daily_functioning"),
        groups=("disability", "older_people"),
        funding="wmo",
        contact_title="Wmo-consulent wonen",
        reachable="ma–vr 9.00–12.00",
        venue="home",
        referral="municipality",
        referral_note=WMO_REFERRAL,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Huishoudelijke hulp",
        provider="thuishulp",
        description=(
            "Een vaste hulp komt bij u thuis om schoon te maken, de was te doen en te zorgen dat uw "
            "huis leefbaar blijft. U spreekt samen af wat er gebeurt en wanneer. Waar het kan, doet "
            "u zelf mee."
        ),
        eligibility=(
            "Voor inwoners die het huishouden niet meer zelf kunnen doen en geen hulp in hun "
            "omgeving hebben."
        ),
        application="Vraag huishoudelijke hulp aan bij het Wmo-loket of via het sociaal wijkteam.",
        fees="Eigen bijdrage Wmo van maximaal € 21,80 per maand.",
        domains=("ph_daily_functioning", "housing"),
        groups=("older_people", "disability"),
        funding="wmo",
        contact_title="planner huishoudelijke hulp",
        reachable="ma–vr 8.30–16.30",
        venue="home",
        hours=(("MO,TU,WE,TH,FR", "08:00", "17:00"),),
        referral="municipality",
        referral_note=WMO_REFERRAL,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Werkcoaching en leerwerkplekken",
        provider="werkbedrijf",
        description=(
            "Wilt u weer aan het werk, maar lukt dat niet vanzelf? Een werkcoach zoekt samen met u "
            "naar werk dat bij u past. U kunt ook eerst werkervaring opdoen op een leerwerkplek, "
            "bijvoorbeeld in de groenvoorziening, de fietsenwerkplaats of de catering."
        ),
        eligibility=(
            "Voor inwoners met een bijstandsuitkering en jongeren zonder startkwalificatie."
        ),
        application="Uw consulent werk en inkomen meldt u aan. U kunt het ook zelf vragen.",
        fees=FREE,
        domains=("work_daytime", "ph_meaningfulness"),
        groups=("adults", "youth"),
        funding="participation_act",
        contact_title="werkcoach",
        reachable="ma–vr 8.30–16.30",
        hours=(("MO,TU,WE,TH,FR", "08:30", "16:30"),),
        referral="municipality",
        referral_note="Aanmelding door de consulent werk en inkomen (Participatiewet).",
        min_age=18,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Beschut werk",
        provider="werkbedrijf",
        description=(
            "Beschut werk is een betaalde baan in een rustige omgeving met extra begeleiding. Het is "
            "er voor mensen die door een beperking niet bij een gewone werkgever kunnen werken. U "
            "krijgt een arbeidscontract en een vaste begeleider."
        ),
        eligibility="Voor inwoners met een indicatie beschut werk van het UWV.",
        application="Vraag een advies beschut werk aan via uw consulent of het wijkteam.",
        fees=FREE,
        domains=("work_daytime", "ph_participation"),
        groups=("disability",),
        funding="participation_act",
        contact_title="jobcoach",
        reachable="ma–vr 8.30–16.30",
        hours=(("MO,TU,WE,TH,FR", "08:00", "16:00"),),
        referral="municipality",
        referral_note="Indicatie beschut werk van het UWV en besluit van de gemeente.",
        min_age=18,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Vrijwilligerswerk vinden",
        provider="vrijwilligerscentrale",
        description=(
            "Wilt u iets betekenen voor een ander, nieuwe mensen leren kennen of werkervaring "
            "opdoen? De vrijwilligerscentrale helpt u vrijwilligerswerk te vinden dat bij u past. "
            "Er zijn honderden vacatures, van voorlezen tot fietsen repareren."
        ),
        eligibility="Voor iedereen vanaf 16 jaar, ook als u een uitkering heeft.",
        application="Kom langs op het inloopspreekuur of zoek zelf in de vacaturebank.",
        fees=FREE,
        domains=("work_daytime", "ph_meaningfulness", "ph_participation"),
        groups=("adults", "youth"),
        funding="wmo",
        contact_title="vrijwilligersconsulent",
        reachable="ma–do 10.00–16.00",
        hours=(("MO,TU,WE,TH", "10:00", "13:00"),),
        min_age=16,
        languages=("eng",),
    ),
    ServiceTemplate(
        name="Nachtopvang",
        provider="maatschappelijke_opvang",
        description=(
            "De nachtopvang biedt een bed, een douche, een avondmaaltijd en ontbijt voor mensen die "
            "geen slaapplek hebben. Overdag helpt een begeleider u op weg naar een eigen woonplek, "
            "een uitkering en zorg."
        ),
        eligibility="Voor dak- en thuislozen vanaf 18 jaar met een band met de regio Zuid-Limburg.",
        application="Meld u 's avonds vanaf 20.00 uur aan de deur, of laat het wijkteam bellen.",
        fees="€ 3,50 per nacht; bij geen inkomen gratis.",
        domains=("housing", "physical_health"),
        groups=("adults",),
        funding="wmo",
        contact_title="begeleider maatschappelijke opvang",
        reachable="dagelijks 20.00–23.00",
        hours=(
            ("MO,TU,WE,TH,FR,SA,SU", "20:00", "23:59"),
            ("MO,TU,WE,TH,FR,SA,SU", "00:00", "09:00"),
        ),
        min_age=18,
        open_on_holidays=True,
        languages=("eng", "pol"),
        cost=("3.50", "per nacht"),
        can_wait=True,
    ),
    ServiceTemplate(
        name="Inloop en dagopvang De Brug",
        provider="maatschappelijke_opvang",
        description=(
            "Overdag kunt u binnenlopen voor koffie, een warme maaltijd, een douche of het wassen "
            "van kleren. Er is altijd een begeleider om mee te praten over wonen, geld of "
            "gezondheid. Op dinsdag is er een spreekuur van de straatdokter."
        ),
        eligibility="Voor dak- en thuislozen en mensen die dreigen hun woning kwijt te raken.",
        application=WALK_IN,
        fees="Gratis. Een warme maaltijd kost € 1.",
        domains=("housing", "social_contact", "physical_health"),
        groups=("adults",),
        funding="wmo",
        contact_title="begeleider dagopvang",
        reachable="ma–vr 9.00–16.00",
        hours=(("MO,TU,WE,TH,FR", "09:00", "16:00"), ("SA,SU", "10:00", "14:00")),
        open_on_holidays=True,
    ),
    ServiceTemplate(
        name="Huurteam: hulp bij huurachterstand en huurproblemen",
        provider="huurteam",
        description=(
            "Heeft u een huurachterstand, een huurverhoging die niet klopt of een verhuurder die "
            "niets aan schimmel doet? Het huurteam zoekt het voor u uit en praat met de verhuurder. "
            "Bij een dreigende huisuitzetting schakelen we direct de schuldhulp in."
        ),
        eligibility=(
            "Voor alle huurders in Maastricht, van een corporatie of een particuliere verhuurder."
        ),
        application="Bel, mail of kom naar het spreekuur. Neem uw huurcontract mee.",
        fees=FREE,
        domains=("housing", "money_debts"),
        groups=("adults",),
        funding="wmo",
        contact_title="huuradviseur",
        reachable="ma–do 9.00–13.00",
        hours=(("TU,TH", "09:00", "13:00"),),
        languages=("eng", "pol"),
    ),
    # Caregivers and long-term care
    ServiceTemplate(
        name="Mantelzorgconsulent",
        provider="mantelzorgsteunpunt",
        description=(
            "Zorgt u al lange tijd voor iemand en wordt het u soms te veel? De mantelzorgconsulent "
            "luistert naar uw verhaal en kijkt met u hoe u de zorg kunt volhouden. Denk aan "
            "informatie over regelingen, hulp van vrijwilligers of even tijd voor uzelf."
        ),
        eligibility="Voor mantelzorgers van alle leeftijden in Maastricht.",
        application="Bel of mail voor een afspraak. De consulent komt ook bij u thuis.",
        fees=FREE,
        domains=("caregiver_support", "ph_mental_wellbeing"),
        groups=("caregivers",),
        funding="wmo",
        contact_title="mantelzorgconsulent",
        reachable="ma–do 9.00–16.00",
        hours=(("MO,TU,WE,TH", "09:00", "12:00"), ("MO,TU,WE,TH", "13:00", "16:00")),
        languages=("eng", "tur"),
    ),
    ServiceTemplate(
        name="Respijtzorg en logeerhuis",
        provider="mantelzorgsteunpunt",
        description=(
            "Als mantelzorger heeft u soms even rust nodig. Met respijtzorg neemt iemand de zorg "
            "tijdelijk van u over: een vrijwilliger thuis, een dag in een dagcentrum of een "
            "logeerweekend voor uw naaste. Zo kunt u het langer volhouden."
        ),
        eligibility="Voor mantelzorgers die de zorg even willen overdragen.",
        application=(
            "Vrijwillige inzet thuis vraagt u aan bij het steunpunt. Voor een logeerweekend is een "
            "Wmo-beschikking nodig."
        ),
        fees="Vrijwillige inzet is gratis. Voor het logeerhuis geldt de eigen bijdrage Wmo.",
        domains=("caregiver_support",),
        groups=("caregivers", "disability"),
        funding="wmo",
        contact_title="coördinator respijtzorg",
        reachable="ma–vr 9.00–12.00",
        hours=(("MO,TU,WE,TH,FR", "09:00", "12:00"),),
        referral="municipality",
        referral_note="Voor het logeerhuis: Wmo-beschikking via het sociaal wijkteam.",
        can_wait=True,
    ),
    ServiceTemplate(
        name="Jonge Mantelzorgers Maastricht",
        provider="mantelzorgsteunpunt",
        description=(
            "Zorg jij thuis voor je moeder, vader, broer of zus? Dan ben je een jonge mantelzorger. "
            "Bij ons ontmoet je andere jongeren die hetzelfde meemaken, doe je leuke uitjes en kun "
            "je praten met een coach als het even niet gaat."
        ),
        eligibility="Voor kinderen en jongeren van 8 tot 24 jaar die thuis zorgen voor iemand.",
        application="Meld je zelf aan, of laat je ouder, leraar of mentor je aanmelden.",
        fees=FREE,
        domains=("caregiver_support", "parenting_youth", "ph_mental_wellbeing"),
        groups=("youth", "caregivers"),
        funding="wmo",
        contact_title="coach jonge mantelzorgers",
        reachable="ma–vr 13.00–17.00",
        hours=(("WE", "14:00", "17:00"),),
        min_age=8,
        max_age=24,
    ),
    ServiceTemplate(
        name="Mantelzorgwaardering",
        provider="mantelzorgsteunpunt",
        description=(
            "Elk jaar zegt de gemeente dank je wel tegen mantelzorgers met een waardering: een "
            "cadeaubon of een dagje uit. Op de Dag van de Mantelzorg in november is er een feestelijke "
            "middag voor alle mantelzorgers uit Maastricht."
        ),
        eligibility=(
            "Voor mantelzorgers die minstens drie maanden voor een inwoner van Maastricht zorgen."
        ),
        application="Vraag de waardering aan via het formulier van het steunpunt, vóór 1 november.",
        fees=FREE,
        domains=("caregiver_support", "ph_quality_of_life"),
        groups=("caregivers",),
        funding="wmo",
        contact_title="medewerker mantelzorgwaardering",
        reachable="ma–do 9.00–12.00",
        venue="virtual",
    ),
    ServiceTemplate(
        name="Alzheimer Café",
        provider="alzheimer_cafe",
        description=(
            "Eén avond per maand praten mensen met dementie, hun partners, kinderen en andere "
            "belangstellenden over een thema, zoals veranderend gedrag of wonen met dementie. Er is "
            "een korte uitleg van een deskundige en daarna tijd om vragen te stellen en na te "
            "praten."
        ),
        eligibility="Voor mensen met dementie, hun naasten en iedereen die meer wil weten.",
        application=WALK_IN,
        fees="Gratis, de eerste kop koffie is van het huis.",
        domains=("caregiver_support", "mental_health", "social_contact"),
        groups=("caregivers", "older_people"),
        funding="free",
        contact_title="gastvrouw Alzheimer Café",
        reachable="ma–vr 10.00–16.00",
        hours=(("TU", "19:00", "21:30"),),
        informal=True,
    ),
    ServiceTemplate(
        name="Vrijwillige thuiswaken en terminale zorg",
        provider="palliatief",
        description=(
            "Vrijwilligers waken bij iemand die thuis gaat sterven, zodat de familie even kan rusten "
            "of slapen. Ze zijn er overdag en 's nachts, naast de zorg van de huisarts en de "
            "wijkverpleging. Ook na het overlijden is er aandacht voor de naasten."
        ),
        eligibility=(
            "Voor mensen in de laatste levensfase die thuis willen sterven, en hun naasten."
        ),
        application=(
            "Bel de coördinator, dag en nacht. De huisarts of wijkverpleegkundige kan ook bellen."
        ),
        fees=FREE,
        domains=("caregiver_support", "ph_meaningfulness"),
        groups=("caregivers", "older_people"),
        funding="free",
        contact_title="coördinator palliatieve vrijwilligers",
        reachable="dag en nacht",
        venue="home",
        hours=(("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"),),
        informal=True,
        open_on_holidays=True,
    ),
    ServiceTemplate(
        name="Onafhankelijke cliëntondersteuning",
        provider="clientondersteuning",
        description=(
            "Een cliëntondersteuner staat naast u als u zorg of ondersteuning aanvraagt bij de "
            "gemeente, het zorgkantoor of de zorgverzekeraar. Zij helpt u uw vraag op een rij te "
            "zetten, gaat mee naar gesprekken en legt uit wat uw rechten zijn."
        ),
        eligibility="Voor alle inwoners en hun naasten, van jong tot oud.",
        application="Bel of mail. U kunt ook vragen of de ondersteuner bij u thuis komt.",
        fees=FREE,
        domains=("ph_daily_functioning", "caregiver_support"),
        groups=("disability", "caregivers"),
        funding="wmo",
        contact_title="cliëntondersteuner",
        reachable="ma–vr 9.00–17.00",
        hours=(("MO,TU,WE,TH,FR", "09:00", "17:00"),),
        languages=("eng", "ara"),
    ),
    ServiceTemplate(
        name="Informatie en advies Wet langdurige zorg",
        provider="zorgkantoor",
        description=(
            "Heeft u of uw naaste blijvend 24 uur per dag zorg of toezicht nodig? Dan kunt u "
            "misschien zorg krijgen uit de Wet langdurige zorg. De adviseur van het zorgkantoor "
            "legt uit hoe dat werkt en wat de keuzes zijn, zoals zorg thuis of in een zorginstelling."
        ),
        eligibility=(
            "Voor inwoners van Zuid-Limburg met een Wlz-indicatie of die er een willen aanvragen."
        ),
        application="Bel of mail het zorgkantoor. Een indicatie vraagt u aan bij het CIZ.",
        fees="Het advies is gratis. Voor Wlz-zorg betaalt u een eigen bijdrage via het CAK.",
        domains=("ph_daily_functioning", "caregiver_support"),
        groups=("older_people", "disability"),
        funding="wlz",
        contact_title="zorgadviseur Wlz",
        reachable="ma–vr 8.30–17.00",
        venue="virtual",
        hours=(("MO,TU,WE,TH,FR", "08:30", "17:00"),),
    ),
    ServiceTemplate(
        name="Wonen met zorg (Wlz)",
        provider="zorggroep_maasheuvel",
        description=(
            "In de kleinschalige woongroepen van de zorggroep wonen mensen met dementie of een "
            "lichamelijke beperking die niet meer thuis kunnen wonen. Er is dag en nacht zorg. "
            "Familie en vrijwilligers zijn altijd welkom en helpen mee."
        ),
        eligibility="Voor mensen met een Wlz-indicatie voor verblijf.",
        application="Het zorgkantoor bemiddelt. U kunt zich vooraf laten rondleiden.",
        fees="Eigen bijdrage Wlz, afhankelijk van uw inkomen; u betaalt via het CAK.",
        domains=("housing", "ph_daily_functioning"),
        groups=("older_people", "disability"),
        funding="wlz",
        contact_title="cliëntadviseur",
        reachable="ma–vr 9.00–16.00",
        hours=(("MO,TU,WE,TH,FR", "09:00", "16:00"),),
        referral="care_office",
        referral_note="Wlz-indicatie van het CIZ; het zorgkantoor bemiddelt.",
        can_wait=True,
    ),
    ServiceTemplate(
        name="Dagbesteding voor mensen met een beperking",
        provider="zorggroep_maasheuvel",
        description=(
            "In de werkplaats, de kaarsenmakerij of de buurtwinkel doet u zinvol werk in een rustig "
            "tempo. Begeleiders helpen u bij het werk en bij contact met anderen. U bouwt aan uw "
            "vaardigheden en heeft een vaste plek om naartoe te gaan."
        ),
        eligibility=(
            "Voor volwassenen met een verstandelijke, lichamelijke of psychische beperking."
        ),
        application="Vraag dagbesteding aan via het sociaal wijkteam. Een proefdag kan altijd.",
        fees="Eigen bijdrage Wmo van maximaal € 21,80 per maand.",
        domains=("work_daytime", "ph_meaningfulness"),
        groups=("disability",),
        funding="wmo",
        contact_title="begeleider dagbesteding",
        reachable="ma–vr 9.00–16.00",
        hours=(("MO,TU,WE,TH,FR", "09:00", "16:00"),),
        referral="municipality",
        referral_note=WMO_REFERRAL,
        min_age=18,
        can_wait=True,
    ),
    # Parenting and youth
    ServiceTemplate(
        name="Ambulante jeugdhulp",
        provider="jeugdhulp_zuid",
        description=(
            "Een jeugdhulpverlener komt bij u thuis of op school en werkt met uw kind en het gezin "
            "aan problemen met gedrag, emoties of de relatie thuis. U werkt samen aan doelen die u "
            "zelf belangrijk vindt. Meestal duurt de hulp drie tot zes maanden."
        ),
        eligibility="Voor kinderen en jongeren van 0 tot 18 jaar en hun ouders.",
        application="Het sociaal wijkteam, de huisarts of de jeugdarts verwijst u.",
        fees=FREE,
        domains=("parenting_youth", "mental_health"),
        groups=("children", "parents"),
        funding="youth_act",
        contact_title="jeugdhulpverlener",
        reachable="ma–vr 9.00–17.00",
        hours=(("MO,TU,WE,TH,FR", "09:00", "17:00"),),
        referral="municipality",
        referral_note=YOUTH_REFERRAL,
        max_age=18,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Gezinscoaching",
        provider="jeugdhulp_zuid",
        description=(
            "Als er in een gezin veel tegelijk speelt, zoals geldzorgen, ruzie, school en "
            "gezondheid, helpt een gezinscoach om weer overzicht te krijgen. De coach komt een paar "
            "keer per week en werkt met het hele gezin volgens één plan."
        ),
        eligibility="Voor gezinnen met kinderen tot 18 jaar met problemen op meerdere gebieden.",
        application="Aanmelden gaat via het sociaal wijkteam.",
        fees=FREE,
        domains=("parenting_youth", "ph_daily_functioning", "money_debts"),
        groups=("parents", "children"),
        funding="youth_act",
        contact_title="gezinscoach",
        reachable="ma–vr 9.00–17.00",
        venue="home",
        hours=(("MO,TU,WE,TH,FR", "09:00", "17:00"),),
        referral="municipality",
        referral_note=YOUTH_REFERRAL,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Jeugd-GGZ",
        provider="jeugdhulp_zuid",
        description=(
            "Behandeling voor kinderen en jongeren met psychische klachten, zoals angst, depressie, "
            "ADHD of trauma. Een psycholoog of orthopedagoog doet eerst onderzoek en stelt samen "
            "met u een behandelplan op. Ouders worden altijd betrokken."
        ),
        eligibility="Voor kinderen en jongeren van 4 tot 18 jaar.",
        application="Met een verwijzing van de huisarts, de jeugdarts of het sociaal wijkteam.",
        fees=FREE,
        domains=("mental_health", "parenting_youth"),
        groups=("children", "youth"),
        funding="youth_act",
        contact_title="regiebehandelaar jeugd",
        reachable="ma–vr 9.00–16.00",
        hours=(("MO,TU,WE,TH,FR", "08:30", "17:00"),),
        referral="gp",
        referral_note="Verwijzing door huisarts, jeugdarts of sociaal wijkteam (Jeugdwet).",
        min_age=4,
        max_age=18,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Opvoedlijn: bellen, mailen of chatten",
        provider="opvoedsteunpunt",
        description=(
            "Heeft u een vraag over opvoeden en wilt u er snel met iemand over praten? Bel, mail of "
            "chat met een pedagoog van de Opvoedlijn. U hoeft uw naam niet te noemen. Binnen een "
            "werkdag krijgt u antwoord op uw mail."
        ),
        eligibility="Voor ouders, opa's en oma's en andere opvoeders.",
        application="Bel of start een chat op de website tijdens de openingstijden.",
        fees=FREE,
        domains=("parenting_youth",),
        groups=("parents",),
        funding="youth_act",
        contact_title="pedagoog",
        reachable="ma–vr 9.00–17.00 en di en do 19.00–21.00",
        venue="virtual",
        hours=(("MO,TU,WE,TH,FR", "09:00", "17:00"), ("TU,TH", "19:00", "21:00")),
        hotline="043 410 22 22",
        url="https://opvoedlijn.example.org/chat",
    ),
    ServiceTemplate(
        name="Cursus Positief Opvoeden (Triple P)",
        provider="opvoedsteunpunt",
        description=(
            "In deze cursus leert u hoe u goed gedrag van uw kind stimuleert en rustig reageert op "
            "lastig gedrag. U oefent met situaties van thuis, zoals naar bed gaan of boodschappen "
            "doen. De cursus is een erkende interventie en duurt acht weken."
        ),
        eligibility="Voor ouders van kinderen van 2 tot 12 jaar.",
        application="Meld u aan via het opvoedspreekuur of per e-mail.",
        fees=FREE,
        domains=("parenting_youth",),
        groups=("parents",),
        funding="youth_act",
        contact_title="Triple P-trainer",
        reachable="ma–vr 9.00–12.30",
        hours=(("TH", "19:30", "21:30"),),
        recognised=True,
    ),
    ServiceTemplate(
        name="Kinderen en scheiden: ouder- en kindgroepen",
        provider="opvoedsteunpunt",
        description=(
            "Gaan u en uw partner uit elkaar? In de kindergroep praten kinderen met leeftijdgenoten "
            "over wat de scheiding met hen doet. Ouders krijgen in een eigen groep tips om hun "
            "kinderen te helpen en de ruzie buiten de deur te houden."
        ),
        eligibility="Voor kinderen van 8 tot 12 jaar van gescheiden ouders, en hun ouders.",
        application="Meld u aan bij het opvoedsteunpunt. Beide ouders hoeven niet samen te komen.",
        fees=FREE,
        domains=("parenting_youth", "ph_mental_wellbeing"),
        groups=("children", "parents"),
        funding="youth_act",
        contact_title="groepsbegeleider",
        reachable="ma–vr 9.00–12.30",
        hours=(("WE", "14:00", "15:30"),),
        min_age=8,
        max_age=12,
    ),
    ServiceTemplate(
        name="Chat met het jongerenwerk",
        provider="jongerenwerk",
        description=(
            "Zit je ergens mee en wil je er liever niet meteen over praten? Chat anoniem met een "
            "jongerenwerker over school, vrienden, thuis, liefde of geld. Als je wilt, spreken we "
            "daarna af in het jongerencentrum."
        ),
        eligibility="Voor jongeren van 12 tot 23 jaar in Maastricht.",
        application="Start een chat via de website of stuur een appje.",
        fees=FREE,
        domains=("ph_mental_wellbeing", "parenting_youth"),
        groups=("youth",),
        funding="wmo",
        contact_title="jongerenwerker online",
        reachable="ma–vr 15.00–21.00",
        venue="virtual",
        hours=(("MO,TU,WE,TH,FR", "15:00", "21:00"),),
        min_age=12,
        max_age=23,
        url="https://jongerenwerk.example.org/chat",
    ),
    ServiceTemplate(
        name="Straathoekwerk",
        provider="jongerenwerk",
        description=(
            "Straathoekwerkers zoeken jongeren en jongvolwassenen op waar ze zijn: op straat, in het "
            "park of online. Ze helpen bij problemen met wonen, geld, politie, verslaving of werk, "
            "en gaan mee naar afspraken als dat nodig is."
        ),
        eligibility="Voor jongeren van 16 tot 27 jaar die de weg naar hulp niet zelf vinden.",
        application=(
            "Spreek een straathoekwerker aan of bel. Ook professionals kunnen een jongere melden."
        ),
        fees=FREE,
        domains=("housing", "addiction", "work_daytime"),
        groups=("youth",),
        funding="wmo",
        contact_title="straathoekwerker",
        reachable="ma–vr 12.00–20.00",
        venue="home",
        hours=(("MO,TU,WE,TH,FR", "12:00", "20:00"),),
        min_age=16,
        max_age=27,
    ),
    ServiceTemplate(
        name="Jeugdarts en jongerenspreekuur",
        provider="jgz",
        description=(
            "Bij de jeugdarts of jeugdverpleegkundige kunnen kinderen en jongeren terecht met vragen "
            "over groei, gezondheid, seks, slapen, stress of verzuim van school. Ook ouders kunnen "
            "een afspraak maken. Het gesprek is vertrouwelijk."
        ),
        eligibility="Voor kinderen en jongeren van 4 tot 18 jaar en hun ouders.",
        application="Maak een afspraak per telefoon of via de chat.",
        fees=FREE,
        domains=("physical_health", "parenting_youth", "mental_health"),
        groups=("children", "youth"),
        funding="free",
        contact_title="jeugdarts",
        reachable="ma–vr 8.30–17.00",
        hours=(("MO,TU,WE,TH,FR", "08:30", "12:30"), ("MO,TU,WE,TH,FR", "13:30", "17:00")),
        min_age=4,
        max_age=18,
    ),
    ServiceTemplate(
        name="Steungroep kinderen van ouders met psychische problemen",
        provider="ggz_zl",
        description=(
            "Heeft je vader of moeder psychische problemen of een verslaving? In deze groep ontmoet "
            "je kinderen die hetzelfde meemaken. Je leert wat er met je ouder aan de hand is, hoe je "
            "voor jezelf zorgt en met wie je kunt praten."
        ),
        eligibility=(
            "Voor kinderen van 8 tot 16 jaar met een ouder met psychische problemen of verslaving."
        ),
        application="Ouders, de huisarts of het wijkteam kunnen je aanmelden.",
        fees=FREE,
        domains=("mental_health", "parenting_youth"),
        groups=("children", "youth"),
        funding="youth_act",
        contact_title="preventiewerker",
        reachable="ma–do 9.00–16.00",
        hours=(("WE", "15:00", "16:30"),),
        min_age=8,
        max_age=16,
    ),
    # Mental health
    ServiceTemplate(
        name="Basis-GGZ",
        provider="ggz_zl",
        description=(
            "Kortdurende behandeling bij lichte tot matige psychische klachten, zoals angst, "
            "somberheid of een burn-out. U heeft vijf tot twaalf gesprekken met een psycholoog. "
            "Soms gebruiken we ook online oefeningen die u thuis kunt doen."
        ),
        eligibility=(
            "Voor volwassenen met psychische klachten die niet genoeg hebben aan hulp van de "
            "POH-GGZ."
        ),
        application="Uw huisarts verwijst u. Daarna belt de polikliniek u voor een intake.",
        fees=BASIC_INSURANCE_WITH_EXCESS,
        domains=("mental_health", "ph_mental_wellbeing"),
        groups=("adults",),
        funding="zvw",
        contact_title="psycholoog",
        reachable="ma–vr 9.00–12.00",
        hours=(("MO,TU,WE,TH,FR", "08:30", "17:00"), ("TU", "17:00", "20:00")),
        referral="gp",
        referral_note=GP_REFERRAL,
        min_age=18,
        can_wait=True,
        languages=("eng",),
    ),
    ServiceTemplate(
        name="Specialistische GGZ",
        provider="ggz_zl",
        description=(
            "Behandeling bij ernstige of complexe psychische problemen, zoals een zware depressie, "
            "een persoonlijkheidsstoornis of een psychose. Een team van psychiaters, psychologen en "
            "verpleegkundigen maakt samen met u een behandelplan. Waar het kan, betrekken we uw "
            "naasten."
        ),
        eligibility="Voor volwassenen met ernstige psychische problemen.",
        application="Met een verwijzing van de huisarts of de basis-GGZ.",
        fees=BASIC_INSURANCE_WITH_EXCESS,
        domains=("mental_health",),
        groups=("adults",),
        funding="zvw",
        contact_title="regiebehandelaar",
        reachable="ma–vr 9.00–16.00",
        hours=(("MO,TU,WE,TH,FR", "08:30", "17:00"),),
        referral="gp",
        referral_note=GP_REFERRAL,
        min_age=18,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Crisisdienst GGZ",
        provider="ggz_zl",
        description=(
            "Bij een acute psychische crisis komt de crisisdienst dag en nacht in actie. Een "
            "psychiater en een verpleegkundige beoordelen de situatie en zorgen voor de hulp die "
            "nodig is. U belt de crisisdienst niet zelf, maar via de huisarts of de huisartsenpost."
        ),
        eligibility="Voor mensen in een acute psychische crisis.",
        application=(
            "Bel uw huisarts of, buiten kantoortijd, de huisartsenpost. Bij direct gevaar: 112."
        ),
        fees=BASIC_INSURANCE_WITH_EXCESS,
        domains=("mental_health", "safety"),
        groups=("adults", "youth"),
        funding="zvw",
        contact_title="crisisverpleegkundige",
        reachable="dag en nacht (voor verwijzers)",
        hours=(("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"),),
        referral="gp",
        referral_note="Via de huisarts, de huisartsenpost of de spoedeisende hulp.",
        open_on_holidays=True,
    ),
    ServiceTemplate(
        name="Cursus Omgaan met stress en somberheid",
        provider="ggz_zl",
        description=(
            "In acht bijeenkomsten leert u wat stress met u doet en hoe u piekeren kunt doorbreken. "
            "U oefent met ontspanning en met het plannen van dingen die u energie geven. De groep "
            "bestaat uit acht tot twaalf mensen."
        ),
        eligibility=(
            "Voor volwassenen met lichte psychische klachten die er zelf mee aan de slag willen."
        ),
        application="Meld u zelf aan. U heeft geen verwijzing nodig.",
        fees=FREE,
        domains=("mental_health", "ph_mental_wellbeing"),
        groups=("adults",),
        funding="wmo",
        contact_title="preventiewerker",
        reachable="ma–do 9.00–16.00",
        hours=(("MO", "19:00", "21:00"),),
        min_age=18,
    ),
    ServiceTemplate(
        name="Inloophuis De Ankerplaats",
        provider="inloophuis",
        description=(
            "Een warme plek om binnen te lopen als het thuis even te stil of te druk is in uw hoofd. "
            "U kunt koffie drinken, samen koken, schilderen of gewoon zijn. Ervaringsdeskundigen "
            "luisteren zonder oordeel en weten uit eigen ervaring hoe het is."
        ),
        eligibility=(
            "Voor volwassenen met psychische kwetsbaarheid en iedereen die zich eenzaam voelt."
        ),
        application=WALK_IN,
        fees="Gratis. Een maaltijd kost € 3.",
        domains=("mental_health", "social_contact", "ph_meaningfulness"),
        groups=("adults",),
        funding="free",
        contact_title="ervaringsdeskundige",
        reachable="ma–vr 10.00–16.00",
        hours=(("MO,TU,WE,TH,FR", "10:00", "16:00"), ("SU", "12:00", "16:00")),
        min_age=18,
        informal=True,
        cost=("3.00", "per maaltijd"),
    ),
    ServiceTemplate(
        name="Herstelgroep: werken aan je eigen herstel",
        provider="inloophuis",
        description=(
            "In de herstelgroep ontmoet u mensen die net als u met psychische problemen te maken "
            "hebben gehad. Onder leiding van ervaringsdeskundigen werkt u aan wat herstel voor u "
            "betekent: weer regie krijgen, dromen en doelen vinden."
        ),
        eligibility=(
            "Voor volwassenen die willen werken aan hun herstel, met of zonder behandeling."
        ),
        application="Bel of kom een keer kennismaken in het inloophuis.",
        fees=FREE,
        domains=("mental_health", "ph_meaningfulness", "ph_mental_wellbeing"),
        groups=("adults",),
        funding="free",
        contact_title="ervaringsdeskundige",
        reachable="ma–vr 10.00–16.00",
        hours=(("TH", "13:30", "15:30"),),
        min_age=18,
        informal=True,
    ),
    ServiceTemplate(
        name="Centrum voor Levensvragen: geestelijk verzorger thuis",
        provider="levensvragen",
        description=(
            "Worstelt u met vragen over de zin van het leven, over ziekte, rouw of de dood? Een "
            "geestelijk verzorger komt bij u thuis voor een paar gesprekken. Dat kan ook als u niet "
            "gelovig bent. Naasten zijn welkom bij het gesprek."
        ),
        eligibility=(
            "Voor thuiswonende mensen vanaf 50 jaar en mensen met een ongeneeslijke ziekte."
        ),
        application=(
            "Bel of mail zelf, of vraag de huisarts of wijkverpleegkundige om u aan te melden."
        ),
        fees=FREE,
        domains=("ph_meaningfulness", "ph_mental_wellbeing"),
        groups=("older_people", "caregivers"),
        funding="free",
        contact_title="geestelijk verzorger",
        reachable="ma–do 9.00–16.00",
        venue="home",
        hours=(("MO,TU,WE,TH", "09:00", "16:00"),),
        min_age=50,
    ),
    ServiceTemplate(
        name="Rouwgroep Verder na verlies",
        provider="levensvragen",
        description=(
            "Is uw partner, kind of een ander dierbaar iemand overleden? In de rouwgroep deelt u "
            "uw verdriet en herinneringen met mensen die hetzelfde meemaken. De groep komt zes keer "
            "bij elkaar, onder begeleiding van een geestelijk verzorger."
        ),
        eligibility=(
            "Voor volwassenen die iemand verloren hebben, ook als dat al langer geleden is."
        ),
        application=(
            "Meld u aan bij het Centrum voor Levensvragen. Er is eerst een kennismakingsgesprek."
        ),
        fees=FREE,
        domains=("ph_meaningfulness", "mental_health"),
        groups=("adults", "older_people"),
        funding="free",
        contact_title="geestelijk verzorger",
        reachable="ma–do 9.00–16.00",
        hours=(("WE", "14:00", "16:00"),),
    ),
    # Addiction
    ServiceTemplate(
        name="Verslavingsspreekuur",
        provider="verslavingszorg",
        description=(
            "Maakt u zich zorgen over uw drinken, blowen, gokken of gamen, of over dat van iemand "
            "anders? Op het inloopspreekuur praat u met een verslavingsdeskundige. U hoort wat de "
            "mogelijkheden zijn, van een paar gesprekken tot behandeling."
        ),
        eligibility="Voor iedereen vanaf 16 jaar en voor naasten die zich zorgen maken.",
        application="Kom zonder afspraak naar het spreekuur. U mag anoniem blijven.",
        fees=FREE,
        domains=("addiction",),
        groups=("adults", "youth"),
        funding="wmo",
        contact_title="verslavingsdeskundige",
        reachable="ma–vr 9.00–17.00",
        hours=(("MO,WE", "13:00", "16:00"), ("TH", "18:00", "20:00")),
        min_age=16,
        languages=("eng", "pol"),
    ),
    ServiceTemplate(
        name="Ambulante verslavingsbehandeling",
        provider="verslavingszorg",
        description=(
            "In een behandeling van drie tot zes maanden werkt u aan minderen of stoppen met "
            "alcohol, drugs of gokken. U heeft gesprekken met een behandelaar en soms medicijnen om "
            "de trek te verminderen. Uw naasten kunnen meedoen aan een paar gesprekken."
        ),
        eligibility="Voor volwassenen met een verslaving.",
        application="Met een verwijzing van de huisarts. Na de aanmelding volgt een intake.",
        fees=BASIC_INSURANCE_WITH_EXCESS,
        domains=("addiction", "mental_health"),
        groups=("adults",),
        funding="zvw",
        contact_title="verslavingsarts",
        reachable="ma–vr 9.00–16.00",
        hours=(("MO,TU,WE,TH,FR", "08:30", "17:00"),),
        referral="gp",
        referral_note=GP_REFERRAL,
        min_age=18,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Voorlichting alcohol en drugs voor jongeren en ouders",
        provider="verslavingszorg",
        description=(
            "Preventiewerkers geven voorlichting op scholen, in jongerencentra en aan ouders over "
            "alcohol, drugs, lachgas en gamen. Ouders krijgen tips hoe ze erover praten met hun "
            "kind. Ook individuele gesprekken met jongeren zijn mogelijk."
        ),
        eligibility="Voor jongeren van 12 tot 23 jaar, hun ouders en professionals.",
        application="Bel of mail de preventiewerker voor een gesprek of een voorlichting.",
        fees=FREE,
        domains=("addiction", "parenting_youth"),
        groups=("youth", "parents"),
        funding="wmo",
        contact_title="preventiewerker",
        reachable="ma–vr 9.00–17.00",
        venue="virtual",
        min_age=12,
    ),
    ServiceTemplate(
        name="Gokhulp chat",
        provider="verslavingszorg",
        description=(
            "Gokt u meer dan u wilt, of heeft u er schulden door? Chat anoniem met een hulpverlener "
            "over uw gokgedrag. Samen kijkt u wat u kunt doen, zoals een online programma, hulp "
            "bij schulden of een afspraak voor behandeling."
        ),
        eligibility="Voor gokkers en hun naasten, vanaf 18 jaar.",
        application="Start de chat op de website. U hoeft uw naam niet te noemen.",
        fees=FREE,
        domains=("addiction", "money_debts"),
        groups=("adults",),
        funding="zvw",
        contact_title="hulpverlener online",
        reachable="ma–vr 10.00–22.00",
        venue="virtual",
        hours=(("MO,TU,WE,TH,FR", "10:00", "22:00"),),
        min_age=18,
        url="https://gokhulp.example.org/chat",
    ),
    ServiceTemplate(
        name="Zelfhulpgroep Anoniem Nuchter",
        provider="anoniem_nuchter",
        description=(
            "Elke week komen mensen bij elkaar die willen stoppen met drinken. Ze delen hun "
            "ervaringen en steunen elkaar om nuchter te blijven. De groep wordt gedragen door de "
            "leden zelf; er is geen hulpverlener bij."
        ),
        eligibility="Voor iedereen die wil stoppen met drinken.",
        application=(
            "Kom gewoon naar een bijeenkomst. U hoeft niets te vertellen als u dat niet wilt."
        ),
        fees="Gratis. Er gaat een pot rond voor de huur en de koffie.",
        domains=("addiction", "social_contact"),
        groups=("adults",),
        funding="free",
        contact_title="contactpersoon zelfhulpgroep",
        reachable="ma–zo 18.00–21.00",
        hours=(("MO,TH", "20:00", "22:00"),),
        min_age=18,
        informal=True,
        open_on_holidays=True,
    ),
    ServiceTemplate(
        name="Stoppen met roken",
        provider="ha_mariaberg",
        description=(
            "Wilt u stoppen met roken? De praktijkondersteuner begeleidt u met een paar gesprekken "
            "en zo nodig medicijnen die het stoppen makkelijker maken. U kunt ook meedoen aan een "
            "groep met andere stoppers."
        ),
        eligibility="Voor volwassenen die willen stoppen met roken.",
        application="Maak een afspraak bij de praktijkondersteuner.",
        fees="Eén stoppoging per jaar wordt vergoed uit de basisverzekering, zonder eigen risico.",
        domains=("addiction", "physical_health"),
        groups=("adults",),
        funding="zvw",
        contact_title="praktijkondersteuner",
        reachable="ma–vr 8.00–12.00",
        hours=(("TU,TH", "08:30", "12:00"),),
        min_age=18,
    ),
    # Safety
    ServiceTemplate(
        name="Advies- en meldlijn huiselijk geweld en kindermishandeling",
        provider="meldpunt",
        description=(
            "Wordt u thuis bedreigd, geslagen of vernederd? Of maakt u zich zorgen om een kind, een "
            "buurvrouw of een oudere? Bel het meldpunt voor advies of om een melding te doen. U kunt "
            "dag en nacht bellen, ook anoniem."
        ),
        eligibility="Voor slachtoffers, omstanders, familie en professionals.",
        application="Bel het meldpunt of chat via de website. Bij direct gevaar belt u 112.",
        fees=FREE,
        domains=("safety",),
        groups=("adults", "children"),
        funding="wmo",
        contact_title="medewerker advies en melding",
        reachable="dag en nacht",
        venue="virtual",
        hours=(("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"),),
        open_on_holidays=True,
        hotline="043 760 20 00",
        languages=("eng", "ara", "tur", "pol"),
    ),
    ServiceTemplate(
        name="Vrouwenopvang",
        provider="vrouwenopvang",
        description=(
            "Bent u thuis niet veilig? In de opvang woont u tijdelijk op een veilige plek, samen "
            "met uw kinderen. Het adres is geheim. Een begeleider helpt u om weer veilig verder te "
            "leven, met een eigen woning, inkomen en hulp voor de kinderen."
        ),
        eligibility=(
            "Voor vrouwen, mannen en kinderen die door huiselijk geweld niet thuis kunnen blijven."
        ),
        application=(
            "Aanmelden gaat via het meldpunt huiselijk geweld, de politie of het sociaal wijkteam. "
            "Bij acuut gevaar is er dezelfde dag plaats."
        ),
        fees="Gratis; bij een inkomen betaalt u een kleine eigen bijdrage.",
        domains=("safety", "housing"),
        groups=("adults", "children"),
        funding="wmo",
        contact_title="intaker opvang",
        reachable="dag en nacht (voor verwijzers)",
        hours=(("MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59"),),
        referral="other",
        referral_note="Aanmelding via het meldpunt huiselijk geweld, de politie of het wijkteam.",
        confidential=True,
        open_on_holidays=True,
        languages=("eng", "ara", "tur"),
    ),
    ServiceTemplate(
        name="Ambulante hulp na huiselijk geweld",
        provider="vrouwenopvang",
        description=(
            "Woont u nog thuis of weer op uzelf na huiselijk geweld? Een hulpverlener helpt u en uw "
            "kinderen om de situatie veilig te maken en te houden. U werkt samen aan een "
            "veiligheidsplan, rust in het gezin en het verwerken van wat er gebeurd is."
        ),
        eligibility=(
            "Voor gezinnen en volwassenen die te maken hebben (gehad) met huiselijk geweld."
        ),
        application="Via het meldpunt, het sociaal wijkteam of de vrouwenopvang.",
        fees=FREE,
        domains=("safety", "mental_health"),
        groups=("adults", "parents"),
        funding="wmo",
        contact_title="hulpverlener huiselijk geweld",
        reachable="ma–vr 9.00–17.00",
        venue="home",
        hours=(("MO,TU,WE,TH,FR", "09:00", "17:00"),),
        referral="municipality",
        referral_note="Toeleiding via het meldpunt of het sociaal wijkteam.",
        can_wait=True,
    ),
    ServiceTemplate(
        name="Buurtbemiddeling",
        provider="buurtbemiddeling",
        description=(
            "Heeft u last van geluid, een schutting of rommel van de buren, en komt u er samen niet "
            "uit? Twee getrainde vrijwilligers helpen u en uw buren om in gesprek te gaan. Zij "
            "kiezen geen partij; u zoekt samen naar een oplossing."
        ),
        eligibility="Voor buren in Maastricht met een conflict, voordat het uit de hand loopt.",
        application=(
            "Bel of mail. De woningcorporatie, de wijkagent of het wijkteam kan u ook aanmelden."
        ),
        fees=FREE,
        domains=("safety", "housing", "social_contact"),
        groups=("adults",),
        funding="free",
        contact_title="coördinator buurtbemiddeling",
        reachable="ma–do 9.00–13.00",
        hours=(("MO,TU,WE,TH", "09:00", "13:00"),),
        informal=True,
    ),
    # Medical care and physical health
    ServiceTemplate(
        name="Huisartsenpost Maastricht",
        provider="huisartsenpost",
        description=(
            "Heeft u 's avonds, 's nachts of in het weekend dringend een huisarts nodig en kan het "
            "niet wachten tot uw eigen huisarts er weer is? Bel dan eerst de huisartsenpost. De "
            "triagist vraagt naar uw klachten en zegt of u moet komen."
        ),
        eligibility="Voor iedereen in de regio met spoedeisende klachten buiten kantoortijd.",
        application="Bel altijd eerst. Kom niet zonder afspraak. Bij levensgevaar belt u 112.",
        fees=BASIC_INSURANCE,
        domains=("physical_health",),
        groups=("adults", "children"),
        funding="zvw",
        contact_title="coördinerend triagist",
        reachable="ma–vr 17.00–8.00 en het hele weekend",
        hours=(
            ("MO,TU,WE,TH,FR", "17:00", "23:59"),
            ("MO,TU,WE,TH,FR", "00:00", "08:00"),
            ("SA,SU", "00:00", "23:59"),
        ),
        open_on_holidays=True,
        hotline="043 387 77 77",
    ),
    ServiceTemplate(
        name="Transferpunt: zorg na ontslag uit het ziekenhuis",
        provider="ziekenhuis",
        description=(
            "Gaat u naar huis na een opname en heeft u dan zorg of hulp nodig? De "
            "transferverpleegkundige regelt voor uw ontslag de wijkverpleging, hulpmiddelen of een "
            "tijdelijke opname in een herstelzorgbed. Zij overlegt met u, uw naasten en uw huisarts."
        ),
        eligibility="Voor patiënten die in het ziekenhuis zijn opgenomen.",
        application="De afdeling waar u ligt meldt u aan bij het transferpunt.",
        fees=BASIC_INSURANCE,
        domains=("physical_health", "ph_daily_functioning"),
        groups=("older_people", "adults"),
        funding="zvw",
        contact_title="transferverpleegkundige",
        reachable="ma–vr 8.00–17.00",
        hours=(("MO,TU,WE,TH,FR", "08:00", "17:00"),),
        referral="other",
        referral_note="Aanmelding door de verpleegafdeling tijdens de opname.",
    ),
    ServiceTemplate(
        name="Valpolikliniek",
        provider="ziekenhuis",
        description=(
            "Bent u de afgelopen tijd vaker gevallen? Op de valpolikliniek zoeken de geriater, de "
            "fysiotherapeut en de verpleegkundige op één dag uit waarom. U krijgt advies over "
            "medicijnen, bewegen en uw huis, zodat u minder kans heeft om weer te vallen."
        ),
        eligibility=(
            "Voor ouderen die twee keer of vaker zijn gevallen of na een val gewond raakten."
        ),
        application="Uw huisarts of specialist verwijst u.",
        fees=BASIC_INSURANCE_WITH_EXCESS,
        domains=("physical_health", "ph_bodily_functions"),
        groups=("older_people",),
        funding="zvw",
        contact_title="verpleegkundig specialist geriatrie",
        reachable="ma–vr 9.00–16.00",
        hours=(("TU,TH", "08:30", "16:30"),),
        referral="gp",
        referral_note=GP_REFERRAL,
        min_age=65,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Geheugenpolikliniek",
        provider="ziekenhuis",
        description=(
            "Vergeet u steeds vaker dingen, of merkt uw familie dat u verandert? Op de "
            "geheugenpolikliniek onderzoeken we of er sprake is van dementie of een andere oorzaak. "
            "U en uw naaste krijgen uitleg over de uitslag en over steun daarna."
        ),
        eligibility="Voor mensen met geheugenklachten, samen met een naaste.",
        application="Met een verwijzing van de huisarts.",
        fees=BASIC_INSURANCE_WITH_EXCESS,
        domains=("physical_health", "mental_health", "caregiver_support"),
        groups=("older_people", "caregivers"),
        funding="zvw",
        contact_title="casemanager dementie",
        reachable="ma–vr 9.00–16.00",
        hours=(("MO,WE", "08:30", "16:30"),),
        referral="gp",
        referral_note=GP_REFERRAL,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Otago-oefenprogramma thuis",
        provider="fysio_amby",
        description=(
            "Het Otago-oefenprogramma is een erkend programma om vallen te voorkomen. Een "
            "fysiotherapeut komt een paar keer bij u thuis en leert u oefeningen voor kracht en "
            "evenwicht. Daarna oefent u zelf drie keer per week, een halfjaar lang, en belt de "
            "fysiotherapeut regelmatig om te horen hoe het gaat."
        ),
        eligibility=(
            "Voor thuiswonende ouderen met een verhoogd valrisico die niet in een groep kunnen "
            "oefenen."
        ),
        application=(
            "Vraag uw huisarts, de wijkverpleegkundige of de ouderenadviseur om u aan te melden, "
            "of bel zelf."
        ),
        fees=(
            "Vergoed uit de aanvullende verzekering; anders betaalt de gemeente mee via de "
            "valpreventie-aanpak."
        ),
        domains=("physical_health", "ph_bodily_functions", "ph_daily_functioning"),
        groups=("older_people",),
        funding="zvw",
        contact_title="fysiotherapeut valpreventie",
        reachable="ma–vr 8.00–12.00",
        venue="home",
        hours=(("MO,TU,WE,TH,FR", "08:00", "17:00"),),
        referral_note="Zelf aanmelden kan; eerst volgt een valrisicotest thuis.",
        min_age=65,
        recognised=True,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Gecombineerde leefstijlinterventie (GLI)",
        provider="gc_heugem",
        description=(
            "Wilt u afvallen en gezonder leven? In twee jaar werkt u met een leefstijlcoach aan "
            "gezond eten, meer bewegen en beter slapen. U heeft groepsbijeenkomsten en persoonlijke "
            "gesprekken. Kleine stappen, die u volhoudt."
        ),
        eligibility=(
            "Voor volwassenen met overgewicht en een verhoogd risico op hart- en vaatziekten of "
            "diabetes."
        ),
        application="Uw huisarts verwijst u naar de leefstijlcoach.",
        fees=BASIC_INSURANCE,
        domains=("physical_health", "ph_bodily_functions"),
        groups=("adults",),
        funding="zvw",
        contact_title="leefstijlcoach",
        reachable="ma–do 9.00–16.00",
        hours=(("MO,WE", "18:30", "20:30"),),
        referral="gp",
        referral_note=GP_REFERRAL,
        min_age=18,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Zorgbemiddeling bij wachttijden",
        provider="zorgverzekeraar",
        description=(
            "Moet u lang wachten op een behandeling, bijvoorbeeld in de GGZ of bij de "
            "fysiotherapeut? De zorgadviseur van uw zorgverzekeraar zoekt een zorgverlener waar u "
            "sneller terecht kunt. Ook kunt u vragen wat er vergoed wordt."
        ),
        eligibility="Voor verzekerden van Zorgverzekeraar Zuid.",
        application="Bel de zorgadviseur of stuur een bericht via Mijn Zorgverzekeraar.",
        fees=FREE,
        domains=("mental_health", "physical_health"),
        groups=("adults",),
        funding="zvw",
        contact_title="zorgadviseur",
        reachable="ma–vr 8.00–18.00",
        venue="virtual",
        hours=(("MO,TU,WE,TH,FR", "08:00", "18:00"),),
        hotline="043 800 90 10",
    ),
    ServiceTemplate(
        name="Aangepast sporten",
        provider="sportservice",
        description=(
            "Sporten met een beperking kan bij veel clubs in Maastricht: rolstoelbasketbal, "
            "G-voetbal, zwemmen of fitness met begeleiding. De sportconsulent zoekt met u een sport "
            "die past bij wat u kunt en wilt, en regelt zo nodig een proefles."
        ),
        eligibility=(
            "Voor kinderen en volwassenen met een lichamelijke, verstandelijke of psychische "
            "beperking."
        ),
        application="Bel of mail de consulent aangepast sporten.",
        fees=(
            "Het advies is gratis. De contributie van de club betaalt u zelf, of met de Meedoenpas."
        ),
        domains=("physical_health", "ph_participation"),
        groups=("disability",),
        funding="free",
        contact_title="consulent aangepast sporten",
        reachable="ma–vr 9.00–17.00",
        hours=(("MO,TU,WE,TH,FR", "09:00", "17:00"),),
    ),
    # Language, newcomers and meeting people
    ServiceTemplate(
        name="Taalhuis: beter lezen, schrijven en rekenen",
        provider="bibliotheek",
        description=(
            "Vindt u lezen, schrijven of rekenen moeilijk? In het Taalhuis kiest u samen met een "
            "medewerker wat bij u past: een cursus, oefenen met de computer of een taalmaatje. "
            "Niemand hoeft te weten dat u komt, en u leert in uw eigen tempo."
        ),
        eligibility=(
            "Voor volwassenen die beter willen lezen, schrijven, rekenen of digitaal meedoen."
        ),
        application=(
            "Kom langs in de bibliotheek of bel. Een kennismakingsgesprek is altijd mogelijk."
        ),
        fees=FREE,
        domains=("ph_participation", "work_daytime"),
        groups=("low_literacy", "newcomers"),
        funding="free",
        contact_title="coördinator Taalhuis",
        reachable="di–do 10.00–16.00",
        hours=(("TU,WE,TH", "10:00", "16:00"),),
        min_age=18,
    ),
    ServiceTemplate(
        name="Informatiepunt Digitale Overheid",
        provider="bibliotheek",
        description=(
            "Moet u iets regelen bij de overheid en lukt het niet online? Bijvoorbeeld uw "
            "belastingaangifte, een DigiD aanvragen of uw AOW bekijken. Een medewerker van de "
            "bibliotheek helpt u op weg en laat zien waar u het zelf kunt vinden."
        ),
        eligibility="Voor iedereen met vragen over de digitale overheid.",
        application=WALK_IN,
        fees=FREE,
        domains=("ph_daily_functioning", "money_debts"),
        groups=("older_people", "low_literacy"),
        funding="free",
        contact_title="medewerker IDO",
        reachable="ma–vr 10.00–17.00",
        hours=(("MO,TU,WE,TH,FR", "10:00", "17:00"), ("SA", "11:00", "15:00")),
        languages=("eng",),
    ),
    ServiceTemplate(
        name="Taalmaatje",
        provider="taalvrijwilligers",
        description=(
            "Een taalmaatje is een vrijwilliger die een halfjaar lang elke week met u afspreekt om "
            "Nederlands te oefenen. U praat over dagelijkse dingen, leest samen een brief of oefent "
            "een gesprek bij de dokter. Zo leert u de taal én de stad kennen."
        ),
        eligibility="Voor nieuwkomers en anderstaligen die al een beetje Nederlands spreken.",
        application="Meld u aan bij het Taalhuis of vraag uw begeleider om u aan te melden.",
        fees=FREE,
        domains=("ph_participation", "social_contact"),
        groups=("newcomers",),
        funding="free",
        contact_title="coördinator taalmaatjes",
        reachable="di en do 10.00–12.00",
        hours=(("TU,TH", "10:00", "12:00"),),
        informal=True,
        languages=("eng", "ara"),
        can_wait=True,
    ),
    ServiceTemplate(
        name="Begeleiding statushouders",
        provider="nieuwkomersteam",
        description=(
            "Heeft u een verblijfsvergunning en woont u sinds kort in Maastricht? Een begeleider "
            "helpt u het eerste jaar met wonen, geld, zorg, school voor de kinderen en de "
            "inburgering. Zo vindt u snel uw weg in de stad."
        ),
        eligibility="Voor statushouders en gezinsmigranten die in Maastricht gaan wonen.",
        application="De gemeente meldt u aan zodra u een woning krijgt.",
        fees=FREE,
        domains=("housing", "money_debts", "ph_participation"),
        groups=("newcomers",),
        funding="participation_act",
        contact_title="begeleider nieuwkomers",
        reachable="ma–vr 9.00–16.00",
        hours=(("MO,TU,WE,TH,FR", "09:00", "12:00"),),
        referral="municipality",
        referral_note="Aanmelding door de gemeente bij huisvesting.",
        languages=("eng", "ara", "tur"),
    ),
    ServiceTemplate(
        name="Welcome Café",
        provider="welcome_cafe",
        description=(
            "Every Saturday afternoon / elke zaterdagmiddag ontmoeten nieuwkomers, studenten en "
            "Maastrichtenaren elkaar in het Welcome Café. Er is koffie, muziek en vaak iets lekkers "
            "uit een ander land. Een goede plek om vrienden te maken en de stad te leren kennen."
        ),
        eligibility="Voor iedereen die nieuwe mensen wil ontmoeten, in welke taal dan ook.",
        application=WALK_IN,
        fees=FREE,
        domains=("social_contact", "ph_participation"),
        groups=("newcomers", "adults"),
        funding="free",
        contact_title="gastvrouw Welcome Café",
        reachable="za 14.00–17.00",
        hours=(("SA", "14:00", "17:00"),),
        informal=True,
        languages=("eng", "ara", "tur", "pol"),
    ),
    ServiceTemplate(
        name="Maatjesproject Samen op pad",
        provider="welzijn",
        description=(
            "Voelt u zich alleen en wilt u graag iemand om mee te wandelen, koffie te drinken of "
            "naar de markt te gaan? Een vrijwillig maatje komt een keer per week bij u langs. We "
            "zoeken iemand met dezelfde interesses."
        ),
        eligibility="Voor volwassenen en ouderen die zich eenzaam voelen.",
        application=(
            "Bel de coördinator. Ook de huisarts, het wijkteam of een buur kan u aanmelden."
        ),
        fees=FREE,
        domains=("social_contact", "ph_quality_of_life"),
        groups=("older_people", "adults"),
        funding="wmo",
        contact_title="coördinator maatjesproject",
        reachable="ma–do 9.00–12.00",
        venue="home",
        informal=True,
        can_wait=True,
    ),
    ServiceTemplate(
        name="Belcirkel: elke ochtend een telefoontje",
        provider="burenhulp",
        description=(
            "Wie alleen woont, krijgt elke ochtend tussen 9.00 en 10.00 uur een telefoontje van een "
            "vrijwilliger of een andere deelnemer. Even horen hoe het gaat geeft een veilig gevoel. "
            "Neemt u niet op, dan belt de vrijwilliger uw contactpersoon."
        ),
        eligibility="Voor alleenwonende ouderen en mensen met een beperking.",
        application="Bel de coördinator om u aan te melden en geef een contactpersoon door.",
        fees=FREE,
        domains=("social_contact", "safety"),
        groups=("older_people",),
        funding="free",
        contact_title="coördinator belcirkel",
        reachable="ma–vr 9.00–11.00",
        venue="virtual",
        hours=(("MO,TU,WE,TH,FR,SA,SU", "09:00", "10:00"),),
        informal=True,
        open_on_holidays=True,
    ),
    ServiceTemplate(
        name="Vrijwillige rijdienst",
        provider="burenhulp",
        description=(
            "Kunt u niet zelf naar de huisarts, het ziekenhuis of een verjaardag, en is de bus te "
            "lastig? Vrijwilligers rijden u met hun eigen auto en wachten als dat nodig is. U "
            "betaalt alleen een kilometervergoeding."
        ),
        eligibility="Voor ouderen en mensen met een beperking die niet zelf kunnen reizen.",
        application="Bel uiterlijk twee werkdagen van tevoren.",
        fees="€ 0,35 per kilometer, rechtstreeks aan de chauffeur.",
        domains=("ph_daily_functioning", "ph_participation"),
        groups=("older_people", "disability"),
        funding="private",
        contact_title="planner rijdienst",
        reachable="ma–vr 9.00–12.00",
        venue="virtual",
        hours=(("MO,TU,WE,TH,FR", "09:00", "12:00"),),
        informal=True,
        cost=("0.35", "per kilometer"),
    ),
)

# Who runs each kind of district building (a provider key or a DISTRICT_PROVIDERS role).
VENUE_OWNERS = {
    "buurtcentrum": "@buurtcentrum",
    "wijkteam": "@wijkteam",
    "gezondheid": "@huisarts",
    "jongeren": "jongerenwerk",
}

# The shelter: its address is confidential, shown only to care professionals.
CONFIDENTIAL_VENUE = Venue("Sint Lambertuslaan 9", "6212 CK", "Opvanglocatie Veilige Haven")

ACCESSIBILITY = (
    "Rolstoeltoegankelijk, met een invalidentoilet.",
    "Rolstoeltoegankelijk; de lift is bij de achteringang.",
    "Eén drempel bij de ingang; er is een oprijplaat. Invalidentoilet aanwezig.",
)

TRANSPORTATION = (
    "Bushalte op 200 meter (lijn 1 en 2). Fietsenstalling bij de ingang.",
    "Bushalte voor de deur (lijn 5). Gratis parkeren in de straat.",
    "Tien minuten lopen vanaf station Maastricht. Betaald parkeren in de buurt.",
    "Bushalte op 300 meter (lijn 3 en 4). Parkeerplaatsen achter het gebouw.",
)

TEMPORARY_CLOSURES = (
    "Tijdelijk gesloten wegens een verbouwing van het buurthuis. Bel de contactpersoon voor een andere plek.",
    "Tijdelijk gesloten: we zoeken nieuwe vrijwilligers. Wilt u helpen? Bel de contactpersoon.",
    "Tijdelijk gesloten door waterschade. We hopen binnen enkele weken weer open te gaan.",
    "Tijdelijk gesloten tijdens de zomer. Na de schoolvakantie zijn we er weer.",
)
