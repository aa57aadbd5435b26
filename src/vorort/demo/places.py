"""The two demo Kommunen, their partner agencies, staff, streets and facilities (pure data).

Street names are real streets of the town; house numbers are invented. Postcodes are the
town's real ones (Paderborn 33098–33106, Königswinter 53639). Reception facilities are the
NRW state facilities a person passes before being allocated (§ 50 AsylG): an initial
reception facility (EAE) and a central accommodation facility (ZUE).
"""

from __future__ import annotations

from dataclasses import dataclass

# fmt: off


@dataclass(frozen=True)
class DemoKommune:
    slug: str
    name: str
    ags: str
    kreis: str
    state: str
    code: str  # short code in file references, e.g. PB-2024-00017
    #: (street, postcode); postcodes are the ones the street lies in
    streets: tuple[tuple[str, str], ...]
    #: municipal shared accommodation (GU): (name, street, postcode)
    shared_accommodation: tuple[tuple[str, str, str], ...]
    #: ZUEs of the Bezirksregierung that allocates to this Kommune
    zue: tuple[str, ...]
    #: where appointments take place
    offices: tuple[str, ...]
    #: partner organisations: (name, kind)
    partners: tuple[tuple[str, str], ...]
    #: display names of the staff users by role: (first name, last name)
    staff: dict[str, tuple[str, str]]


PADERBORN = DemoKommune(
    slug="paderborn",
    name="Paderborn",
    ags="05774032",
    kreis="Kreis Paderborn",
    state="05",
    code="PB",
    streets=(
        ("Westernstraße", "33098"), ("Kamp", "33098"), ("Marienplatz", "33098"),
        ("Königstraße", "33098"), ("Liboriberg", "33098"), ("Giersstraße", "33098"),
        ("Husener Straße", "33098"), ("Kasseler Straße", "33098"), ("Warburger Straße", "33098"),
        ("Detmolder Straße", "33100"), ("Driburger Straße", "33100"), ("Pontanusstraße", "33100"),
        ("Benhauser Straße", "33100"), ("Dörener Weg", "33100"), ("Pohlweg", "33100"),
        ("Heinz-Nixdorf-Ring", "33100"), ("Bahnhofstraße", "33102"), ("Riemekestraße", "33102"),
        ("Borchener Straße", "33102"), ("Friedrich-Ebert-Straße", "33102"),
        ("Leostraße", "33102"), ("Fürstenweg", "33102"), ("Ferdinandstraße", "33102"),
        ("Residenzstraße", "33104"), ("Hatzfelder Straße", "33104"),
        ("Bielefelder Straße", "33104"), ("Dubelohstraße", "33104"),
        ("Marienloher Straße", "33104"),
        ("Sennelagerstraße", "33104"), ("Von-Ketteler-Straße", "33106"),
        ("Gesseler Straße", "33106"), ("Almestraße", "33106"), ("Sander Straße", "33106"),
        ("Wewerstraße", "33106"),
    ),
    shared_accommodation=(
        ("Übergangswohnheim Alanbrooke", "Dubelohstraße 145", "33104"),
        ("Gemeinschaftsunterkunft Elsen", "Von-Ketteler-Straße 38", "33106"),
        ("Gemeinschaftsunterkunft Driburger Straße", "Driburger Straße 72", "33100"),
    ),
    zue=("ZUE Büren", "ZUE Hövelhof", "ZUE Borgentreich", "ZUE Bielefeld"),
    offices=(
        "Rathaus Paderborn, Am Abdinghof 11, Raum 2.14",
        "Kommunales Integrationszentrum, Am Stadelhof 10",
        "Jobcenter Kreis Paderborn, Bahnhofstraße 26",
        "Ausländerbehörde, Aldegreverstraße 10",
    ),
    partners=(
        ("Ausländerbehörde Kreis Paderborn", "auslaenderbehoerde"),
        ("Jobcenter Kreis Paderborn", "jobcenter"),
        ("Sozialamt Stadt Paderborn", "sozialamt"),
    ),
    staff={
        "koordination": ("Katrin", "Westermann"),
        "fallmanagement": ("Jonas", "Brinkmann"),
        "wohnraum": ("Sabine", "Tegethoff"),
        "ehrenamtskoordination": ("Markus", "Hüsken"),
        "ehrenamt": ("Gertrud", "Schäfers"),
        "partner": ("Thomas", "Rüther"),
        "auswertung": ("Claudia", "Vogt"),
    },
)

KOENIGSWINTER = DemoKommune(
    slug="koenigswinter",
    name="Königswinter",
    ags="05382068",
    kreis="Rhein-Sieg-Kreis",
    state="05",
    code="KW",
    streets=(
        ("Hauptstraße", "53639"), ("Rheinallee", "53639"), ("Drachenfelsstraße", "53639"),
        ("Bahnhofstraße", "53639"), ("Winzerstraße", "53639"), ("Clemens-August-Straße", "53639"),
        ("Grabenstraße", "53639"), ("Wilhelmstraße", "53639"), ("Dollendorfer Straße", "53639"),
        ("Siegburger Straße", "53639"), ("Königswinterer Straße", "53639"),
        ("Löwenburgstraße", "53639"), ("Oelinghovener Straße", "53639"),
        ("Heisterbacher Straße", "53639"), ("Cäsariusstraße", "53639"),
        ("Longenburger Straße", "53639"), ("Bachstraße", "53639"), ("Lindenstraße", "53639"),
        ("Eudenberger Straße", "53639"), ("Dachsbergweg", "53639"),
    ),
    shared_accommodation=(
        ("Gemeinschaftsunterkunft Oberpleis", "Siegburger Straße 95", "53639"),
        ("Übergangsheim Ittenbach", "Königswinterer Straße 240", "53639"),
    ),
    zue=("ZUE Sankt Augustin", "ZUE Euskirchen", "ZUE Schleiden"),
    offices=(
        "Rathaus Königswinter, Drachenfelsstraße 9–11, Raum 104",
        "Integrationsbüro Oberpleis, Dollendorfer Straße 39",
        "Jobcenter Rhein-Sieg, Geschäftsstelle Königswinter",
        "Ausländeramt Rhein-Sieg-Kreis, Kaiser-Wilhelm-Platz 1, Siegburg",
    ),
    partners=(
        ("Ausländerbehörde Rhein-Sieg-Kreis", "auslaenderbehoerde"),
        ("Jobcenter Rhein-Sieg", "jobcenter"),
        ("Sozialamt Stadt Königswinter", "sozialamt"),
    ),
    staff={
        "koordination": ("Andrea", "Klein-Heßling"),
        "fallmanagement": ("Miriam", "Schmitz"),
        "wohnraum": ("Stefan", "Krämer"),
        "ehrenamtskoordination": ("Petra", "Zöllner"),
        "ehrenamt": ("Heinz", "Trimborn"),
        "partner": ("Daniela", "Breuer"),
        "auswertung": ("Frank", "Offermann"),
    },
)

# fmt: on

DEMO_KOMMUNEN = (PADERBORN, KOENIGSWINTER)

#: The district-level analyst with Auswertung memberships in both demo Kommunen.
DISTRICT_USER = ("auswertung-kreis", "Ulrike", "Pohlmann")

#: Initial reception facilities (EAE) of the state of NRW.
EAE = (
    "EAE Bochum",
    "EAE Unna-Massen",
    "EAE Bielefeld",
    "EAE Mönchengladbach",
    "EAE Essen",
    "EAE Burbach",
)

DEMO_PASSWORD = "demo"  # noqa: S105 - the documented password of the demo logins
