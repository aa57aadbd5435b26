"""What case workers write into a file: goals, tasks, notes, appointments (demo data, German).

These are records as a German Kommune's staff would type them, so they are German data, not
user interface strings (the interface's own strings are translated with gettext).
"""

from __future__ import annotations

GOALS = (
    "Integrationskurs bis B1 abschließen",
    "Eigene Wohnung finden",
    "Anerkennung des Berufsabschlusses beantragen",
    "Kita-Platz für das jüngste Kind",
    "Einstieg in eine Ausbildung",
    "Sozialversicherungspflichtige Beschäftigung aufnehmen",
    "Führerschein umschreiben lassen",
    "Schulanmeldung der Kinder",
    "Berufssprachkurs (DeuFöV) beginnen",
    "Schulden regulieren und Konto eröffnen",
    "Unabhängigkeit von Leistungen nach dem AsylbLG",
    "Hausarzt und Kinderarzt finden",
    "Praktikum im Handwerk",
    "Aufenthaltserlaubnis verlängern",
)

TASKS = (
    "Unterlagen für den Wohnberechtigungsschein zusammenstellen",
    "Termin Ausländerbehörde: Verlängerung vorbereiten",
    "Anmeldung zum Integrationskurs beim BAMF",
    "Antrag auf Kindergeld bei der Familienkasse",
    "Zeugnisse an die Anerkennungsberatung (IQ Netzwerk) schicken",
    "Rückruf Jobcenter wegen Kooperationsplan",
    "Mietangebot prüfen und Mietobergrenze klären",
    "Schulanmeldung an der Grundschule begleiten",
    "Übersetzung des Abschlusszeugnisses beauftragen",
    "Antrag auf Bildung und Teilhabe stellen",
    "Bewerbungsunterlagen mit Ehrenamt durchgehen",
    "Kita-Anmeldung über das Kita-Portal",
    "Krankenversicherung: Gesundheitskarte anfordern",
    "Beratungstermin Schuldnerberatung vereinbaren",
    "Wohnsitzauflage: Antrag auf Umverteilung prüfen",
    "Nachweis Sprachkurs (DTZ) beim Jobcenter einreichen",
)

NOTES = (
    "Gespräch mit Dolmetscherin geführt; Familie wünscht Wohnung in Schulnähe.",
    "Sprachkurs läuft gut, Prüfung DTZ ist für das nächste Quartal angemeldet.",
    "Telefonat mit dem Jobcenter: Eingliederungsleistungen werden geprüft.",
    "Zeugnisse liegen im Original vor, Übersetzung ist beauftragt.",
    "Vermieter hat sich gemeldet, Besichtigung wird abgestimmt.",
    "Kinder sind in der Schule angekommen, Hausaufgabenhilfe über Ehrenamt organisiert.",
    "Klient kam ohne Termin; Schreiben der Ausländerbehörde gemeinsam gelesen.",
    "Praktikumsplatz in einer Schreinerei in Aussicht, Rückmeldung folgt.",
    "Unterlagen für die Verlängerung vollständig, Termin bei der Ausländerbehörde steht.",
    "Familie ist umgezogen, neue Anschrift beim Bürgerbüro gemeldet.",
)

APPOINTMENTS = (
    "Beratungsgespräch",
    "Begleitung zur Ausländerbehörde",
    "Wohnungsbesichtigung",
    "Termin beim Jobcenter",
    "Hilfeplangespräch",
    "Anerkennungsberatung",
    "Gespräch mit Dolmetscher",
)

ASSIGNMENT_PURPOSES = (
    "Begleitung zu Behördenterminen",
    "Hausaufgabenhilfe",
    "Sprachpatenschaft: Deutsch üben",
    "Unterstützung bei der Wohnungssuche",
    "Begleitung zum Arzt",
    "Bewerbungstraining",
)

SUMMARY_FOCUS = (
    "Wohnungssuche",
    "Spracherwerb",
    "Arbeitsmarktintegration",
    "Anerkennung ausländischer Abschlüsse",
    "Kita und Schule",
    "Aufenthaltsrechtliche Fragen",
    "Gesundheitliche Versorgung",
)

HEALTH_NOTES = (
    "Gehbehinderung, Wohnung im Erdgeschoss oder mit Aufzug nötig.",
    "Rollstuhlnutzung; barrierefreie Wohnung erforderlich.",
    "Chronische Erkrankung, regelmäßige fachärztliche Behandlung.",
    "",
)
