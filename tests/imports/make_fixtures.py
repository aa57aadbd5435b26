"""Generate the messy import fixtures ONCE (the files are committed; run again only to change them).

.venv/bin/python tests/imports/make_fixtures.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent / "fixtures"

HEADERS = [
    "Aktenzeichen",
    "Nachname",
    "Vorname",
    "Geburtsdatum",
    "Geschlecht",
    "Staatsangehörigkeit",
    "Sprachen",
    "Haushalt",
    "Aufenthaltsstatus",
    "Status gültig ab",
    "Status gültig bis",
    "Einreisedatum",
    "Telefon",
    "E-Mail",
    "Straße",
    "PLZ",
    "Ort",
]


def messy_xlsx() -> None:
    """Excel date cells, mixed date formats, umlauts, Arabic names, trailing spaces, odd headers."""
    workbook = Workbook()
    sheet = workbook.active
    # Odd header case and spaces.
    sheet.append(
        [
            "  AKTENZEICHEN",
            "nachname ",
            "Vorname",
            "GEBURTSDATUM",
            "geschlecht",
            "Staatsangehörigkeit ",
            "sprachen",
            "Haushalt",
            "aufenthaltsstatus",
            "Status  gültig ab",
            "status gültig bis",
            "Einreisedatum",
            "Telefon",
            "e-mail",
            "Straße",
            "plz",
            "Ort",
        ]
    )
    sheet.append(
        [
            "KW-2024-001 ",
            "محمد ",
            "Haddad",
            dt.datetime(1990, 7, 4),
            "m",
            "Syrien",
            "Arabisch (Muttersprache), Deutsch A2",
            "Familie Haddad",
            "Aufenthaltsgestattung",
            dt.datetime(2024, 2, 1),
            None,
            "15.1.2024",
            "+49 2244 123456",
            "m.haddad@example.org ",
            "Drachenfelsstraße 4",
            53639,
            "Königswinter",
        ]
    )
    sheet.append(
        [
            "KW-2024-002",
            "Haddad",
            "Amal",
            "3.11.1993",
            "weiblich",
            "SY",
            "ar:L1, de:B1",
            "Familie Haddad ",
            "AUFENTHALTSGESTATTUNG",
            "2024-02-01",
            "31.07.2025",
            None,
            None,
            None,
            "Drachenfelsstraße 4",
            "53639",
            "Königswinter ",
        ]
    )
    sheet.append([None] * 17)  # an empty row keeps its number
    sheet.append(
        [
            "KW-2024-003",
            "Müller-Özdemir",
            "Jürgen",
            "1985-12-24",
            "d",
            "Türkei",
            "Türkisch (Muttersprache); Deutsch (C1)",
            "",
            "duldung",
            "01.03.2024",
            "31.08.2024",
            "2019-05-20",
            None,
            "jm@example.de",
            None,
            None,
            None,
        ]
    )
    sheet.append(
        [
            "KW-2024-004",
            "Mohammadi",
            "Zahra",
            dt.date(2001, 1, 31),
            "keine Angabe",
            "Afghanistan",
            "Dari (L1), Persisch (Farsi) (B2)",
            "Mohammadi",
            "Aufenthaltserlaubnis",
            "1.10.2023",
            None,
            "01.10.2023",
            "0176 1234567",
            None,
            "Hauptstraße 1",
            "1067",
            "Dresden",
        ]
    )
    # An identical duplicate of the first row: fine, counted once.
    sheet.append([c.value for c in sheet[2]])
    workbook.save(HERE / "persons_messy.xlsx")


def csv_cp1252() -> None:
    """Windows-1252, ';' separated, as Excel on German Windows saves CSV."""
    lines = [
        ";".join(HEADERS),
        "KW-2024-101;Schäfer;Björn;05.05.1980;männlich;Deutschland;Deutsch (Muttersprache);;;;;;"
        "02241 9876;bjoern@example.de;Grüner Weg 7;53639;Königswinter",
        "KW-2024-102;Öztürk;Ayşe;1.2.1975;w;TR;tr:L1, de:A1;Öztürk;Duldung;01.06.2024;"
        "30.11.2024;10.10.2015;;;;;",
    ]
    # "ş" is not in Windows-1252: that row is written as Excel would, with a "?"-free
    # spelling the code page can hold.
    text = "\r\n".join(lines).replace("Ayşe", "Ayse") + "\r\n"
    (HERE / "persons_cp1252.csv").write_bytes(text.encode("cp1252"))


def csv_utf8_comma() -> None:
    """UTF-8 without BOM, ',' separated, quoted cells with commas inside."""
    rows = [
        ",".join(HEADERS),
        'KW-2024-201,Al-Hassan,أحمد,1999-09-09,m,Irak,"Arabisch (Muttersprache), Kurdisch '
        '(Sorani) (B1)",,Duldung für Personen mit ungeklärter Identität,2024-04-01,,,,,'
        '"Am Markt 1, Hinterhaus",53639,Königswinter',
        "KW-2024-202,Kovalenko,Olena,12.12.1988,f,UA,uk:L1,,aufenthaltserlaubnis,2022-03-15,"
        "2026-03-14,2022-03-10,,olena@example.org,,,",
    ]
    (HERE / "persons_utf8_comma.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def bad_rows_xlsx() -> None:
    """Every kind of bad row, one per row, plus one good row (row 2)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    good = ["B-1", "Gut", "Gerda", "01.01.1980"] + [None] * 13
    sheet.append(good)  # row 2: valid
    sheet.append(["B-2", None, "Ohne", "01.01.1980"] + [None] * 13)  # 3: Nachname missing
    sheet.append(["B-3", "Datum", "Unmöglich", "31.02.2020"] + [None] * 13)  # 4: impossible date
    sheet.append(["B-4", "Zukunft", "Kind", "01.01.2999"] + [None] * 13)  # 5: future birth
    sheet.append(
        [
            "B-5",
            "Status",
            "Rückwärts",
            "01.01.1980",
            None,
            None,
            None,
            None,
            "Duldung",
            "01.06.2024",
            "01.01.2024",
        ]
        + [None] * 6
    )  # 6: status ends before it starts
    sheet.append(
        ["B-6", "Status", "Unbekannt", "01.01.1980", None, None, None, None, "Visum", "01.06.2024"]
        + [None] * 7
    )  # 7: unknown status
    sheet.append(["B-7", "Land", "Unbekannt", "01.01.1980", None, "Atlantis"] + [None] * 11)  # 8
    sheet.append(
        ["B-8", "Sprache", "Unbekannt", "01.01.1980", None, None, "Klingonisch (B1)"] + [None] * 10
    )  # 9: unknown language
    sheet.append(
        ["B-9", "Mail", "Kaputt", "01.01.1980"] + [None] * 9 + ["kein-at-zeichen.de"] + [None] * 3
    )  # 10: invalid e-mail
    sheet.append(["B-1", "Anders", "Gerda", "01.01.1980"] + [None] * 13)  # 11: same AZ, different
    sheet.append(good)  # 12: identical duplicate of row 2: fine
    workbook.save(HERE / "persons_bad.xlsx")


def statuses_xlsx() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Aktenzeichen", "Aufenthaltsstatus", "gültig ab", "gültig bis"])
    sheet.append(["KW-2024-003", "Aufenthaltsgestattung", "01.06.2019", "28.02.2024"])
    sheet.append(["KW-2024-003", "Duldung", dt.datetime(2024, 3, 1), dt.datetime(2024, 8, 31)])
    sheet.append(["KW-2024-003", "Ausbildungsduldung", "01.09.2024", None])
    sheet.append(["KW-2024-003", "duldung", "01.08.2024", "30.09.2024"])  # overlaps
    sheet.append(["KW-9999-999", "Duldung", "01.01.2024", None])  # unknown person
    workbook.save(HERE / "statuses.xlsx")


if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    messy_xlsx()
    csv_cp1252()
    csv_utf8_comma()
    bad_rows_xlsx()
    statuses_xlsx()
