"""The mapper from the case file to the engine's contract input (vorort.work.facts)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vorort.people.choices import AsylumDecision, DocumentType, ReceptionKind, Relation
from vorort.people.models import AsylumProcedure, Person
from vorort.work.facts import (
    ACTIVITY_CHOICES,
    case_input_for,
    minor_children_in_household,
    residence_permit_section,
)
from vorort.work.selectors import with_work_data

from ..factories import HouseholdFactory, PersonFactory, ResidenceStatusFactory
from ..persons_factories import HouseholdMemberFactory, ReceptionStayFactory
from ..work_factories import WorkAccessFactsFactory

ON = dt.date(2026, 9, 15)


@pytest.fixture
def person(tenant):
    return PersonFactory(kommune=tenant.kommune, nationality="SY", birth_date=dt.date(1990, 1, 1))


def fresh(person: Person) -> Person:
    """The person reloaded with the prefetches the lists use (no cached relations)."""
    return with_work_data(Person.objects.filter(pk=person.pk)).get()


def case(person: Person, on: dt.date = ON, activity: str = "employment", **kwargs):
    return case_input_for(fresh(person), on=on, activity=activity, **kwargs)


def asylum(person: Person, **fields) -> AsylumProcedure:
    return AsylumProcedure.objects.create(kommune=person.kommune, person=person, **fields)


# --- Sections of residence permits ---------------------------------------------------------


@pytest.mark.parametrize(
    ("legal_basis", "section"),
    [
        ("§ 25 Abs. 2 S. 1 AufenthG", "25(2)"),
        ("§ 25 Abs. 2 S. 1 Alt. 1 AufenthG", "25(2)"),
        ("§ 25 Abs. 1 AufenthG", "25(1)"),
        ("§ 25 Absatz 3 AufenthG", "25(3)"),
        ("§25 Abs.5 AufenthG", "25(5)"),
        ("§ 25 Abs. 4a AufenthG", "25(4a)"),
        ("§ 25 (5) AufenthG", "25(5)"),
        ("§ 25 II AufenthG", "25(2)"),
        ("§ 24 AufenthG", "24"),
        ("§ 24 Abs. 1 AufenthG", "24"),
        ("§ 23 Abs. 1 AufenthG", "23(1)"),
        ("§ 104c Abs. 1 AufenthG", "104c"),
        ("§ 25a", "25a"),
        ("§ 25a Abs. 1 AufenthG", "25a"),
        ("§ 25b AufenthG", "25b"),
        ("§ 104c AufenthG", "104c"),
        ("§ 16a AufenthG", "16a"),
        ("AufenthG", None),
        ("", None),
    ],
)
def test_residence_permit_section_is_parsed_from_the_legal_basis(legal_basis, section):
    assert residence_permit_section(legal_basis) == section


# --- Documents ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document_type", "expected"),
    [
        (DocumentType.ANKUNFTSNACHWEIS, "ankunftsnachweis"),
        (DocumentType.AUFENTHALTSGESTATTUNG, "aufenthaltsgestattung"),
        (DocumentType.DULDUNG, "duldung"),
        (DocumentType.DULDUNG_60B, "duldung_60b"),
        (DocumentType.AUSBILDUNGSDULDUNG, "ausbildungsduldung"),
        (DocumentType.BESCHAEFTIGUNGSDULDUNG, "beschaeftigungsduldung"),
        (DocumentType.FIKTIONSBESCHEINIGUNG, "fiktionsbescheinigung"),
    ],
)
def test_document_types_map_directly(person, document_type, expected):
    ResidenceStatusFactory(
        person=person,
        document_type=document_type,
        valid_from=dt.date(2026, 1, 10),
        valid_to=dt.date(2027, 1, 9),
    )
    assert case(person)["documents"] == [
        {"type": expected, "from": "2026-01-10", "to": "2027-01-09"}
    ]


def test_aufenthaltserlaubnis_becomes_a_residence_permit_with_its_section(person):
    ResidenceStatusFactory(
        person=person,
        document_type=DocumentType.AUFENTHALTSERLAUBNIS,
        legal_basis="§ 25 Abs. 2 S. 1 Alt. 1 AufenthG",
        valid_from=dt.date(2025, 5, 1),
        valid_to=None,
    )
    assert case(person)["documents"] == [
        {"type": "residence_permit", "section": "25(2)", "from": "2025-05-01", "to": None}
    ]


def test_aufenthaltserlaubnis_without_legal_basis_has_no_section(person):
    ResidenceStatusFactory(
        person=person,
        document_type=DocumentType.AUFENTHALTSERLAUBNIS,
        legal_basis="",
        valid_from=dt.date(2025, 5, 1),
    )
    assert case(person)["documents"][0]["section"] is None


def test_niederlassungserlaubnis_is_a_residence_permit_under_section_9(person):
    ResidenceStatusFactory(
        person=person,
        document_type=DocumentType.NIEDERLASSUNGSERLAUBNIS,
        legal_basis="§ 26 Abs. 3 AufenthG",
        valid_from=dt.date(2024, 5, 1),
        valid_to=None,
    )
    assert case(person)["documents"] == [
        {"type": "residence_permit", "section": "9", "from": "2024-05-01", "to": None}
    ]


def test_documents_come_oldest_first_and_a_successor_closes_the_gap(person):
    # Entered newest first; the Gestattung ends the day before the Duldung starts.
    ResidenceStatusFactory(
        person=person,
        document_type=DocumentType.DULDUNG,
        valid_from=dt.date(2026, 2, 4),
        valid_to=None,
    )
    ResidenceStatusFactory(
        person=person,
        document_type=DocumentType.AUFENTHALTSGESTATTUNG,
        valid_from=dt.date(2025, 6, 2),
        valid_to=dt.date(2026, 2, 3),
    )
    assert case(person)["documents"] == [
        # Contract convention: a replaced document's `to` is its successor's `from`.
        {"type": "aufenthaltsgestattung", "from": "2025-06-02", "to": "2026-02-04"},
        {"type": "duldung", "from": "2026-02-04", "to": None},
    ]


def test_a_real_gap_between_documents_stays(person):
    ResidenceStatusFactory(
        person=person,
        document_type=DocumentType.AUFENTHALTSGESTATTUNG,
        valid_from=dt.date(2025, 6, 2),
        valid_to=dt.date(2026, 1, 31),
    )
    ResidenceStatusFactory(
        person=person,
        document_type=DocumentType.DULDUNG,
        valid_from=dt.date(2026, 2, 4),
        valid_to=dt.date(2026, 8, 3),
    )
    documents = case(person)["documents"]
    assert [d["to"] for d in documents] == ["2026-01-31", "2026-08-03"]


def test_documents_starting_after_the_evaluation_date_are_left_out(person):
    ResidenceStatusFactory(
        person=person,
        document_type=DocumentType.AUFENTHALTSGESTATTUNG,
        valid_from=dt.date(2026, 1, 10),
        valid_to=dt.date(2026, 12, 31),
    )
    ResidenceStatusFactory(
        person=person,
        document_type=DocumentType.DULDUNG,
        valid_from=dt.date(2027, 1, 1),
        valid_to=None,
    )
    documents = case(person, on=dt.date(2026, 9, 15))["documents"]
    # The end printed on the Gestattung is kept, though it lies after the evaluation date.
    assert documents == [
        {"type": "aufenthaltsgestattung", "from": "2026-01-10", "to": "2026-12-31"}
    ]
    assert len(case(person, on=dt.date(2027, 1, 1))["documents"]) == 2


def test_no_documents_give_an_empty_list(person):
    assert case(person)["documents"] == []


# --- Asylum ---------------------------------------------------------------------------------


def test_asylum_is_null_without_a_procedure(person):
    assert case(person)["asylum"] is None


def test_asylum_dates_come_from_the_procedure(person):
    asylum(
        person,
        request_date=dt.date(2026, 7, 1),
        registration_date=dt.date(2026, 7, 7),
        application_date=dt.date(2026, 7, 8),
    )
    result = case(person)["asylum"]
    assert result["request_date"] == "2026-07-01"
    assert result["registration_date"] == "2026-07-07"
    assert result["application_date"] == "2026-07-08"
    assert result["decision"] is None
    # Nothing recorded about Dublin, finality, breaches: unknown, not "no".
    for key in (
        "dublin_procedure",
        "protection_in_other_eu_state",
        "accelerated_procedure",
        "decision_final_on",
        "suspensive_effect_ordered",
        "withdrawn_on",
        "withdrawal_after_legal_advice",
        "cooperation_breach",
    ):
        assert result[key] is None, key


def test_missing_registration_date_stays_null(person):
    asylum(person, request_date=dt.date(2026, 7, 1))
    result = case(person)["asylum"]
    assert result["request_date"] == "2026-07-01"
    assert result["registration_date"] is None
    assert result["application_date"] is None


def test_asylum_dates_after_the_evaluation_date_are_not_yet_facts(person):
    asylum(
        person,
        request_date=dt.date(2026, 7, 1),
        registration_date=dt.date(2026, 7, 7),
        application_date=dt.date(2026, 7, 20),
    )
    result = case(person, on=dt.date(2026, 7, 10))["asylum"]
    assert result["registration_date"] == "2026-07-07"
    assert result["application_date"] is None


@pytest.mark.parametrize(
    ("outcome", "decision", "protection_status"),
    [
        (AsylumDecision.REFUGEE, "protection", "refugee"),
        (AsylumDecision.ASYLUM, "protection", "asylum"),
        (AsylumDecision.SUBSIDIARY, "protection", "subsidiary"),
        (AsylumDecision.DEPORTATION_BAN, "protection", None),
        (AsylumDecision.REJECTED, "rejected", None),
        (AsylumDecision.REJECTED_MANIFESTLY, "rejected_manifestly_unfounded", None),
        (AsylumDecision.DUBLIN, "inadmissible", None),
        (AsylumDecision.DISCONTINUED, None, None),
    ],
)
def test_asylum_outcomes_map_to_decision_and_protection_status(
    person, outcome, decision, protection_status
):
    asylum(
        person,
        request_date=dt.date(2025, 6, 2),
        application_date=dt.date(2025, 6, 2),
        decision=outcome,
        decision_date=dt.date(2026, 2, 4),
    )
    result = case(person)
    assert result["asylum"]["decision"] == decision
    assert result["person"]["protection_status"] == protection_status


def test_dublin_outcome_sets_the_dublin_procedure(person):
    asylum(person, decision=AsylumDecision.DUBLIN, decision_date=dt.date(2026, 2, 4))
    WorkAccessFactsFactory(person=person, dublin_procedure=False)
    assert case(person)["asylum"]["dublin_procedure"] is True


def test_a_decision_after_the_evaluation_date_is_not_yet_known(person):
    asylum(person, decision=AsylumDecision.REFUGEE, decision_date=dt.date(2026, 10, 1))
    result = case(person, on=dt.date(2026, 9, 15))
    assert result["asylum"]["decision"] is None
    assert result["person"]["protection_status"] is None


def test_asylum_facts_come_from_the_work_facts(person):
    asylum(person, request_date=dt.date(2025, 6, 2), application_date=dt.date(2025, 6, 2))
    WorkAccessFactsFactory(
        person=person,
        dublin_procedure=True,
        protection_in_other_eu_state=False,
        accelerated_procedure=False,
        decision_final_on=dt.date(2026, 3, 1),
        suspensive_effect_ordered=True,
        withdrawn_on=dt.date(2026, 4, 1),
        withdrawal_after_legal_advice=True,
        cooperation_breach=False,
    )
    result = case(person)["asylum"]
    assert result["dublin_procedure"] is True
    assert result["protection_in_other_eu_state"] is False
    assert result["accelerated_procedure"] is False
    assert result["decision_final_on"] == "2026-03-01"
    assert result["suspensive_effect_ordered"] is True
    assert result["withdrawn_on"] == "2026-04-01"
    assert result["withdrawal_after_legal_advice"] is True
    assert result["cooperation_breach"] is False


def test_recorded_protection_status_overrides_the_outcome(person):
    asylum(person, decision=AsylumDecision.REJECTED, decision_date=dt.date(2024, 1, 1))
    WorkAccessFactsFactory(person=person, protection_status="subsidiary")
    assert case(person)["person"]["protection_status"] == "subsidiary"


# --- Reception facility ---------------------------------------------------------------------


def test_only_eae_and_zue_stays_are_reception_facility_periods(person):
    ReceptionStayFactory(
        person=person,
        kind=ReceptionKind.EAE,
        valid_from=dt.date(2026, 7, 1),
        valid_to=dt.date(2026, 7, 20),
    )
    ReceptionStayFactory(
        person=person,
        kind=ReceptionKind.ZUE,
        valid_from=dt.date(2026, 7, 21),
        valid_to=dt.date(2026, 8, 31),
    )
    ReceptionStayFactory(
        person=person,
        kind=ReceptionKind.GU,
        facility="GU Paderborn",
        valid_from=dt.date(2026, 9, 1),
        valid_to=None,
    )
    ReceptionStayFactory(
        person=person,
        kind=ReceptionKind.OTHER,
        valid_from=dt.date(2025, 1, 1),
        valid_to=dt.date(2025, 2, 1),
    )
    # `to` is the day of the change: the first day outside the facility.
    assert case(person)["reception_facility"] == [
        {"from": "2026-07-01", "to": "2026-07-21"},
        {"from": "2026-07-21", "to": "2026-09-01"},
    ]


def test_a_stay_starting_after_the_evaluation_date_is_left_out(person):
    ReceptionStayFactory(
        person=person, kind=ReceptionKind.EAE, valid_from=dt.date(2026, 10, 1), valid_to=None
    )
    assert case(person)["reception_facility"] == []


# --- Person and household -------------------------------------------------------------------


def test_nationality_is_the_iso_code(person):
    assert case(person)["person"]["nationality"] == "SY"


def test_no_nationality_is_null(tenant):
    stateless = PersonFactory(kommune=tenant.kommune, nationality="")
    assert case(stateless)["person"]["nationality"] is None


def test_person_facts_come_from_the_work_facts(person):
    WorkAccessFactsFactory(
        person=person,
        entry_date=dt.date(2026, 6, 30),
        identity_clarified_on=dt.date(2026, 7, 7),
        identity_proof="passport",
        unaccompanied_minor=False,
    )
    result = case(person)["person"]
    assert result["entry_date"] == "2026-06-30"
    assert result["identity_clarified_on"] == "2026-07-07"
    assert result["identity_proof"] == "passport"
    assert result["unaccompanied_minor"] is False


def test_without_work_facts_every_such_fact_is_null(person):
    result = case(person)
    assert result["person"] == {
        "nationality": "SY",
        "entry_date": None,
        "identity_clarified_on": None,
        "identity_proof": None,
        "minor_children_in_household": None,
        "unaccompanied_minor": None,
        "protection_status": None,
    }
    assert result["duldung"] is None
    assert result["employment_permitted_during_asylum_procedure"] is None


def family(tenant, person, relation=Relation.REFERENCE, **child):
    household = HouseholdFactory(kommune=tenant.kommune)
    HouseholdMemberFactory(
        person=person, household=household, relation=relation, joined_on=dt.date(2025, 1, 1)
    )
    kid = PersonFactory(kommune=tenant.kommune, birth_date=child.pop("birth_date", None))
    HouseholdMemberFactory(
        person=kid,
        household=household,
        relation=Relation.CHILD,
        joined_on=dt.date(2025, 1, 1),
        **child,
    )
    return household


def test_a_child_under_18_is_a_minor_child_in_the_household(tenant, person):
    family(tenant, person, birth_date=dt.date(2008, 9, 16))  # 18 on 16.09.2026
    assert case(person)["person"]["minor_children_in_household"] is True


def test_a_child_of_18_is_not_a_minor(tenant, person):
    family(tenant, person, birth_date=dt.date(2008, 9, 15))  # 18 on the evaluation date
    assert case(person)["person"]["minor_children_in_household"] is False


def test_a_spouse_counts_the_households_children(tenant, person):
    family(tenant, person, relation=Relation.SPOUSE, birth_date=dt.date(2015, 1, 1))
    assert case(person)["person"]["minor_children_in_household"] is True


def test_a_child_without_birth_date_leaves_it_unknown(tenant, person):
    family(tenant, person, birth_date=None)
    assert case(person)["person"]["minor_children_in_household"] is None


def test_a_child_who_left_the_household_does_not_count(tenant, person):
    family(tenant, person, birth_date=dt.date(2015, 1, 1), left_on=dt.date(2026, 3, 1))
    assert case(person)["person"]["minor_children_in_household"] is False


def test_a_person_who_is_the_child_does_not_know_own_children(tenant):
    household = HouseholdFactory(kommune=tenant.kommune)
    parent = PersonFactory(kommune=tenant.kommune)
    grown_up = PersonFactory(kommune=tenant.kommune, birth_date=dt.date(2005, 1, 1))
    HouseholdMemberFactory(person=parent, household=household, relation=Relation.REFERENCE)
    HouseholdMemberFactory(person=grown_up, household=household, relation=Relation.CHILD)
    assert minor_children_in_household(fresh(grown_up), ON) is None


def test_no_household_leaves_minor_children_unknown(person):
    assert case(person)["person"]["minor_children_in_household"] is None


# --- Duldung details and the rest -----------------------------------------------------------


def test_duldung_details_only_when_a_duldung_is_or_was_held(person):
    WorkAccessFactsFactory(person=person, work_ban_60a6="2", concrete_return_measures=True)
    assert case(person)["duldung"] is None
    ResidenceStatusFactory(
        person=person,
        document_type=DocumentType.DULDUNG_60B,
        valid_from=dt.date(2026, 2, 4),
        valid_to=None,
    )
    assert case(person)["duldung"] == {"work_ban_60a6": "2", "concrete_return_measures": True}


def test_duldung_without_recorded_ban_gives_null_ban_and_unknown_measures(person):
    ResidenceStatusFactory(
        person=person, document_type=DocumentType.DULDUNG, valid_from=dt.date(2026, 2, 4)
    )
    assert case(person)["duldung"] == {"work_ban_60a6": None, "concrete_return_measures": None}


def test_employment_permitted_during_the_procedure_comes_from_the_facts(person):
    WorkAccessFactsFactory(person=person, employment_permitted_during_asylum_procedure=True)
    assert case(person)["employment_permitted_during_asylum_procedure"] is True


def test_evaluation_date_activity_and_internship_kind(person):
    result = case(person, activity="internship", internship_kind="orientation_max_3_months")
    assert result["evaluation_date"] == "2026-09-15"
    assert result["activity"] == "internship"
    assert result["internship_kind"] == "orientation_max_3_months"
    assert case(person, internship_kind="mandatory")["internship_kind"] is None


@pytest.mark.parametrize("activity", ACTIVITY_CHOICES)
def test_every_activity_is_accepted(person, activity):
    assert case(person, activity=activity)["activity"] == activity


def test_unknown_activity_or_internship_kind_is_refused(person):
    with pytest.raises(ValueError, match="activity"):
        case(person, activity="volunteering")
    with pytest.raises(ValueError, match="internship"):
        case(person, activity="internship", internship_kind="summer")


# --- Queries --------------------------------------------------------------------------------


def build_person(tenant, n: int) -> Person:
    person = PersonFactory(kommune=tenant.kommune, birth_date=dt.date(1990, 1, 1))
    ResidenceStatusFactory(person=person, valid_from=dt.date(2026, 1, 10), valid_to=None)
    ReceptionStayFactory(person=person, valid_from=dt.date(2026, 1, 10), valid_to=None)
    asylum(person, request_date=dt.date(2026, 1, 9), registration_date=dt.date(2026, 1, 10))
    WorkAccessFactsFactory(person=person, entry_date=dt.date(2026, 1, 8))
    family(tenant, person, birth_date=dt.date(2015, 1, n % 28 + 1))
    return person


def queries_to_map(tenant, count: int) -> int:
    for n in range(count):
        build_person(tenant, n)
    with CaptureQueriesContext(connection) as queries:
        persons = list(with_work_data(Person.objects.filter(memberships__relation="reference")))
        for person in persons:
            case_input_for(person, on=ON, activity="employment")
    assert len(persons) == count
    return len(queries)


def test_mapping_many_persons_takes_a_constant_number_of_queries(tenant):
    few = queries_to_map(tenant, 3)
    Person.objects.all().delete()
    many = queries_to_map(tenant, 20)
    assert few == many


def test_an_open_stay_in_the_facility_has_no_end(person):
    ReceptionStayFactory(
        person=person, kind=ReceptionKind.ZUE, valid_from=dt.date(2026, 7, 1), valid_to=None
    )
    assert case(person)["reception_facility"] == [{"from": "2026-07-01", "to": None}]


def test_an_unclarified_nationality_is_unknown_to_the_engine_stateless_is_not(person):
    person.nationality = "XU"  # "ungeklärt" (settings.COUNTRIES_OVERRIDE)
    person.save()
    assert case(person)["person"]["nationality"] is None
    person.nationality = "XS"  # "staatenlos": known, and never a safe country of origin
    person.save()
    assert case(person)["person"]["nationality"] == "XS"
