"""Choices of the case file. Legal document types cite the law that creates them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "f", _("female")
    MALE = "m", _("male")
    DIVERSE = "d", _("diverse")
    UNSPECIFIED = "x", _("not specified")


class CEFRLevel(models.TextChoices):
    """Common European Framework of Reference for Languages; L1 = first language; empty =
    level not known (a list that names the language only)."""

    UNKNOWN = "", _("level not known")
    NONE = "0", _("no knowledge")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "L1", _("first language")


class Language(models.TextChoices):
    """Languages by ISO 639-1/-3 code, the ones most often met in German integration work."""

    DE = "de", _("German")
    AR = "ar", _("Arabic")
    FA = "fa", _("Persian (Farsi)")
    PRS = "prs", _("Dari")
    PS = "ps", _("Pashto")
    KU = "ku", _("Kurdish (Kurmanji)")
    CKB = "ckb", _("Kurdish (Sorani)")
    TR = "tr", _("Turkish")
    UK = "uk", _("Ukrainian")
    RU = "ru", _("Russian")
    TI = "ti", _("Tigrinya")
    SO = "so", _("Somali")
    KA = "ka", _("Georgian")
    EN = "en", _("English")
    FR = "fr", _("French")
    UR = "ur", _("Urdu")
    SQ = "sq", _("Albanian")
    SR = "sr", _("Serbian")
    ES = "es", _("Spanish")
    OTHER = "other", _("other language")


class Relation(models.TextChoices):
    """Relation of a household member to the household's reference person."""

    REFERENCE = "reference", _("reference person")
    SPOUSE = "spouse", _("spouse or partner")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    SIBLING = "sibling", _("sibling")
    RELATIVE = "relative", _("other relative")
    OTHER = "other", _("other")


class DocumentType(models.TextChoices):
    """Residence documents (AsylG, AufenthG)."""

    ANKUNFTSNACHWEIS = "ankunftsnachweis", _("Ankunftsnachweis (§ 63a AsylG)")
    AUFENTHALTSGESTATTUNG = "aufenthaltsgestattung", _("Aufenthaltsgestattung (§ 55, § 63 AsylG)")
    DULDUNG = "duldung", _("Duldung (§ 60a AufenthG)")
    DULDUNG_60B = (
        "duldung_60b",
        _("Duldung für Personen mit ungeklärter Identität (§ 60b AufenthG)"),
    )
    AUSBILDUNGSDULDUNG = "ausbildungsduldung", _("Ausbildungsduldung (§ 60c AufenthG)")
    BESCHAEFTIGUNGSDULDUNG = "beschaeftigungsduldung", _("Beschäftigungsduldung (§ 60d AufenthG)")
    AUFENTHALTSERLAUBNIS = "aufenthaltserlaubnis", _("Aufenthaltserlaubnis (§ 7 AufenthG)")
    FIKTIONSBESCHEINIGUNG = (
        "fiktionsbescheinigung",
        _("Fiktionsbescheinigung (§ 81 Abs. 5 AufenthG)"),
    )
    NIEDERLASSUNGSERLAUBNIS = "niederlassungserlaubnis", _("Niederlassungserlaubnis (§ 9 AufenthG)")


class AsylumDecision(models.TextChoices):
    PENDING = "", _("no decision yet")
    REFUGEE = "refugee", _("refugee status (§ 3 AsylG)")
    ASYLUM = "asylum", _("entitlement to asylum (Art. 16a GG)")
    SUBSIDIARY = "subsidiary", _("subsidiary protection (§ 4 AsylG)")
    DEPORTATION_BAN = "deportation_ban", _("ban on deportation (§ 60 Abs. 5/7 AufenthG)")
    REJECTED = "rejected", _("rejected")
    REJECTED_MANIFESTLY = "rejected_manifestly", _("rejected as manifestly unfounded")
    DISCONTINUED = "discontinued", _("procedure discontinued")
    DUBLIN = "dublin", _("inadmissible (Dublin, § 29 AsylG)")


class ReceptionKind(models.TextChoices):
    EAE = "eae", _("initial reception facility (EAE)")
    ZUE = "zue", _("central accommodation facility (ZUE)")
    GU = "gu", _("municipal shared accommodation (GU)")
    OTHER = "other", _("other facility")


class DataCategory(models.TextChoices):
    """What a consent may share. ``gesundheit`` is special-category data (Art. 9 GDPR)."""

    STAMMDATEN = "stammdaten", _("basic data (name, birth date, contact, languages, household)")
    AUFENTHALT = "aufenthalt", _("residence status and asylum dates")
    WOHNEN = "wohnen", _("housing and addresses")
    ARBEIT = "arbeit", _("work, training and qualifications")
    FALL = "fall", _("case goals, tasks and appointments")
    GESUNDHEIT = "gesundheit", _("health (special category)")


class ConsentPurpose(models.TextChoices):
    CASE_MANAGEMENT = "case_management", _("joint case management")
    HOUSING = "housing", _("housing placement")
    WORK = "work", _("integration into training and work")
    BENEFITS = "benefits", _("benefits and social services")
    RESIDENCE = "residence", _("residence matters with the immigration office")
    VOLUNTEERS = "volunteers", _("support by volunteers")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACHIEVED = "achieved", _("achieved")
    DROPPED = "dropped", _("dropped")
