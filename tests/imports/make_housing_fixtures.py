"""Generate the messy housing import fixtures ONCE (the files are committed).

.venv/bin/python tests/imports/make_housing_fixtures.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent / "fixtures"

APARTMENT_HEADERS = [
    "Wohnungs-Nr.",
    "Vermieter",
    "Vermieter-Art",
    "Vermieter E-Mail",
    "Vermieter Telefon",
    "Straße",
    "PLZ",
    "Ort",
    "Stadtteil",
    "Zimmer",
    "Wohnfläche m²",
    "Etage",
    "Aufzug",
    "barrierefrei",
    "Kaltmiete",
    "Nebenkosten kalt",
    "Heizkosten",
    "verfügbar ab",
    "Personen min",
    "Personen max",
    "Haustiere",
    "Raucher",
    "Leistungsbezug willkommen",
    "WBS erforderlich",
    "Status",
]


def apartments_messy_xlsx() -> None:
    """Odd headers, Excel date and number cells, German decimals, umlauts, trailing spaces."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    headers = list(APARTMENT_HEADERS)
    headers[0] = "  WOHNUNGS-NR. "
    headers[10] = "Wohnfläche  m²"
    headers[14] = "kaltmiete"
    sheet.append([*headers, "Bemerkung"])
    sheet.append(
        [
            "W-001 ",
            "Wohnbau Paderborn eG",
            "Genossenschaft",
            "Vermietung@Wohnbau-PB.example",
            "05251 1234",
            "Riemekestraße 12",
            33102,  # a number cell
            "Paderborn",
            "riemeke",  # other case
            3,
            72.5,  # number cell
            "2. OG",
            "ja",
            "nein",
            "520,50",
            140,
            "85.00",
            dt.datetime(2025, 3, 1),  # Excel date cell
            2,
            4.0,
            "x",
            "",
            "JA",
            "0",
            "Angeboten",
            "schöne Wohnung",
        ]
    )
    sheet.append(
        [
            "W-002",
            "Wohnbau Paderborn eG",  # the same landlord again
            "",
            "vermietung@wohnbau-pb.example",  # other case: the same landlord
            "",
            "Am Bahnhof 3",
            "33102",
            "Paderborn",
            "",
            "2,5",
            "61,3 m²",
            "EG",
            "nein",
            "ja",
            "1.003,00 €",
            "1.003",
            "",
            "1.4.2025",
            "",
            "3",
            "false",
            "true",
            "",
            "",
            "zurückgezogen",
            "",
        ]
    )
    sheet.append([])  # an empty row keeps its number
    sheet.append(
        [
            "W-003",
            "Marwa Al-Khatib  ",
            "privat",
            "",
            "+49 176 5550101",
            "Schloß Neuhaus, Residenzstraße 2 ",
            "33104",
            "Paderborn",
            "Schloß Neuhaus",
            "1",
            "38",
            "-1",
            "",
            "",
            "310",
            "60,00",
            "45,00",
            "2025-05-15",
            "1",
            "1",
            "nein",
            "nein",
            "ja",
            "ja",
            "",
            "",
        ]
    )
    # The first row again, identical: counted once.
    sheet.append(
        [
            "W-001",
            "Wohnbau Paderborn eG",
            "Genossenschaft",
            "Vermietung@Wohnbau-PB.example",
            "05251 1234",
            "Riemekestraße 12",
            "33102",
            "Paderborn",
            "riemeke",
            "3",
            "72,5",
            "2. OG",
            "ja",
            "nein",
            "520,50",
            "140",
            "85,00",
            "01.03.2025",
            "2",
            "4",
            "x",
            "",
            "ja",
            "nein",
            "angeboten",
            "schöne Wohnung",
        ]
    )
    workbook.save(HERE / "apartments_messy.xlsx")


def apartments_cp1252_csv() -> None:
    """What Excel on a German Windows saves: Windows-1252, ';', quoted cells."""
    lines = [
        ";".join(APARTMENT_HEADERS),
        "W-101;Jürgen Schäfer;Privat;j.schaefer@example.org;;Kötterhagen 7;33098;Paderborn;"
        "Kernstadt;3;80;1;nein;nein;650;120,5;90;01.06.2025;2;5;ja;nein;ja;nein;angeboten",
        '"W-102";"Stadt Paderborn";"kommunal";"";"";"Weststraße 1; Hinterhaus";"33098";'
        '"Paderborn";"";"2";"50,0";"0";"1";"1";"420";"80";"70";"1.7.2025";"";"2";"0";"0";'
        '"1";"1";"withdrawn"',
    ]
    (HERE / "apartments_cp1252.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def apartments_bad_xlsx() -> None:
    """One row for every kind of refusal."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(APARTMENT_HEADERS)
    good = [
        "B-1",
        "Vermieter A",
        "privat",
        "",
        "",
        "Weg 1",
        "33102",
        "Paderborn",
        "",
        "2",
        "50",
        "1",
        "nein",
        "nein",
        "400",
        "100",
        "50",
        "01.01.2025",
        "1",
        "3",
        "nein",
        "nein",
        "ja",
        "nein",
        "angeboten",
    ]

    def row(reference: str, **changes: object) -> list[object]:
        values = list(good)
        values[0] = reference
        for header, value in changes.items():
            values[APARTMENT_HEADERS.index(header.replace("_", " "))] = value
        return values

    sheet.append(row("B-1"))  # row 2: valid
    sheet.append(row("", Straße="Weg 2"))  # 3: missing Wohnungs-Nr.
    sheet.append(row("B-3", PLZ="3310"))  # 4: padded to 03310: valid
    sheet.append(row("B-4", PLZ="331022"))  # 5: bad postcode
    sheet.append(row("B-5", Kaltmiete="vierhundert"))  # 6: not an amount
    sheet.append(row("B-6", Aufzug="vielleicht"))  # 7: not ja/nein
    sheet.append(row("B-7", **{"verfügbar ab": "31.02.2025"}))  # 8: impossible date
    sheet.append(row("B-8", **{"Vermieter-Art": "Konzern"}))  # 9: unknown landlord kind
    sheet.append(row("B-9", Status="verkauft"))  # 10: unknown status
    sheet.append(row("B-10", **{"Personen min": "4", "Personen max": "2"}))  # 11: min > max
    sheet.append(row("B-11", Stadtteil="Atlantis"))  # 12: unknown district
    sheet.append(row("B-12", Status="reserviert"))  # 13: reserved on create
    sheet.append(row("B-13", Vermieter="Neuer Vermieter", **{"Vermieter-Art": ""}))  # 14
    sheet.append(row("B-14", Zimmer=""))  # 15: rooms missing for a new apartment
    sheet.append(row("B-1", Straße="Weg 99"))  # 16: same number, different data
    sheet.append(row("B-16", **{"Vermieter E-Mail": "kein-at-zeichen"}))  # 17: bad e-mail
    sheet.append(row("B-17", Kaltmiete="-400"))  # 18: negative rent
    sheet.append(row("B-18", Etage="Dachboden"))  # 19: not a floor
    sheet.append(row("B-19", Zimmer="2,25"))  # 20: too many decimal places
    workbook.save(HERE / "apartments_bad.xlsx")


def facilities_csv() -> None:
    lines = [
        "name ;ART;Plätze;Straße;PLZ;Ort;Betreiber;In Betrieb",
        "GU Am Hoppenhof;GU;120;Am Hoppenhof 33;33104;Paderborn;DRK Kreisverband;ja",
        "Übergangswohnheim Nord ;ÜWH;45;Nordstraße 5;33102;Paderborn;;x",
        "Turnhalle Elsen;Notunterkunft;60;;;;Stadt Paderborn;nein",
        "Containeranlage;sonstige;0;;;;;",
        "Haus Ost;Hotel;10;;;;;",
    ]
    (HERE / "facilities_cp1252.csv").write_bytes(("\n".join(lines) + "\n").encode("cp1252"))


def occupancy_xlsx() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Aktenzeichen", "Unterkunft", "Wohnungs-Nr.", "von", "bis", "Auszugsgrund"])
    sheet.append(["PB-001", "GU Am Hoppenhof", "", dt.datetime(2023, 5, 2), "31.01.2025", "Umzug"])
    sheet.append(["PB-001", "", "W-001", "1.2.2025", "", ""])
    sheet.append(["PB-002 ", "gu am hoppenhof", "", "2024-03-01", "", ""])
    # The same stay written otherwise: unchanged; then that row again: a duplicate.
    sheet.append(["PB-002", "GU Am Hoppenhof", "", "2024-03-01", "", ""])
    sheet.append(["PB-002", "GU Am Hoppenhof", "", "2024-03-01", "", ""])
    workbook.save(HERE / "occupancy.xlsx")


def occupancy_bad_csv() -> None:
    lines = [
        "Aktenzeichen,Unterkunft,Wohnungs-Nr.,von,bis,Auszugsgrund",
        "PB-001,GU Am Hoppenhof,,01.01.2024,,",  # 2: valid, open-ended
        "PB-001,,W-001,01.06.2024,,",  # 3: overlaps row 2's open stay
        "PB-404,GU Am Hoppenhof,,01.01.2024,,",  # 4: unknown person
        "PB-002,Schloss,,01.01.2024,,",  # 5: unknown facility
        "PB-002,,W-999,01.01.2024,,",  # 6: unknown apartment
        "PB-002,GU Am Hoppenhof,W-001,01.01.2024,,",  # 7: both places
        "PB-002,,,01.01.2024,,",  # 8: no place
        "PB-002,GU Am Hoppenhof,,01.03.2024,01.02.2024,",  # 9: ends before it starts
        "PB-002,GU Am Hoppenhof,,,,",  # 10: von missing
    ]
    (HERE / "occupancy_bad.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    apartments_messy_xlsx()
    apartments_cp1252_csv()
    apartments_bad_xlsx()
    facilities_csv()
    occupancy_xlsx()
    occupancy_bad_csv()
