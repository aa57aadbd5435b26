"""The display layer over the engine (vorort.work.answers, missing): labels, errors, links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from vorort.people.models import Person
from vorort.work.answers import Change, answer_for, facts_used, timeline
from vorort.work.engine import load_rules
from vorort.work.missing import ENGINE_KEYS, locate, missing_with_links
from vorort.work.selectors import with_work_data

from ..factories import PersonFactory, ResidenceStatusFactory
from ..persons_factories import english
from ..work_factories import asylum_seeker_in_reception, permitted_from


def loaded(person: Person) -> Person:
    return with_work_data(Person.objects.filter(pk=person.pk)).get()


def test_a_change_of_the_ba_flag_alone_is_named():
    day = dt.date(2029, 3, 4)
    change = Change(day, "as_a_rule", ba_approval_required=False, before="as_a_rule")
    with translation.override("de"):
        assert "ohne Zustimmung der BA" in change.label
        assert Change(day, "entitled", before="prohibited").label.startswith("Anspruch")


def test_the_answer_knows_the_first_permitted_day(tenant):
    registered = dt.date(2026, 7, 7)
    person = asylum_seeker_in_reception(tenant.kommune, registered=registered)
    answer = answer_for(loaded(person), on=dt.date(2026, 9, 15), activity="employment")
    assert answer.decision == "prohibited"
    assert answer.waiting and not answer.ban
    # Case 01 of the worked cases: registered 07.07.2026, permitted from 08.10.2026.
    assert answer.permitted_from == permitted_from(registered) == dt.date(2026, 10, 8)
    assert answer.next_change is not None and answer.next_change.decision == "entitled"
    assert answer.rule_set_date == dt.date(2026, 6, 12)
    events = timeline(answer)
    assert events[-1].date == dt.date(2026, 10, 8) and events[-1].kind == "change"
    assert [e.kind for e in events].count("today") == 1


def test_a_case_the_engine_refuses_gives_an_error_not_an_exception(tenant):
    person = asylum_seeker_in_reception(tenant.kommune, registered=dt.date(2026, 7, 7))
    answer = answer_for(loaded(person), on=dt.date(1990, 1, 1), activity="employment")
    assert answer.error.startswith("evaluation_date:")
    assert answer.decision == ""


def test_the_page_shows_a_refused_case_as_a_message(tenant):
    person = asylum_seeker_in_reception(tenant.kommune, registered=dt.date(2026, 7, 7))
    url = reverse("work:work_person", kwargs={"kommune": "paderborn", "person": person.uuid})
    response = english(tenant.client("fallmanagement")).get(url, {"on": "1990-01-01"})
    assert response.status_code == 200
    assert "cannot evaluate this file" in response.content.decode()


def test_facts_used_show_unrecorded_yes_no_facts_as_read_as_no(tenant):
    person = PersonFactory(kommune=tenant.kommune, nationality="SY")
    ResidenceStatusFactory(
        person=person, document_type="duldung", valid_from=dt.date(2025, 3, 3), valid_to=None
    )
    answer = answer_for(loaded(person), on=dt.date(2026, 9, 15), activity="employment")
    facts = {fact.path: fact for fact in facts_used(answer.case)}
    assert facts["duldung.concrete_return_measures"].read_as_no
    assert not facts["person.entry_date"].known and not facts["person.entry_date"].read_as_no
    assert "asylum.registration_date" not in facts  # no asylum procedure: does not apply
    assert facts["documents"].known


@pytest.mark.parametrize("key", sorted(ENGINE_KEYS))
def test_every_missing_fact_of_the_engine_links_to_a_form(key):
    text = load_rules().messages[f"missing_{key}"]
    assert locate(text) == ENGINE_KEYS[key]
    (item,) = missing_with_links([text])
    assert item.url_name is not None


def test_every_missing_fact_the_engine_knows_is_mapped():
    keys = {
        key.removeprefix("missing_")
        for key in load_rules().messages
        if key.startswith("missing_") and key != "missing_intro"
    }
    assert keys <= set(ENGINE_KEYS), f"map these in work/missing.py: {keys - set(ENGINE_KEYS)}"


def test_an_unknown_sentence_is_matched_by_key_words_or_left_unlinked():
    assert locate("Registrierungsdatum unbekannt") == "asylum.registration_date"
    (item,) = missing_with_links(["Etwas ganz anderes"])
    assert item.url_name is None
