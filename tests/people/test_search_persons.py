"""Person search (selector) and the person list view: name folding, birth date, file
reference, visibility, htmx partial and a query count that does not grow with rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vorort.core.models import Membership
from vorort.people.choices import DataCategory, DocumentType
from vorort.people.search import extract_date
from vorort.people.selectors import search_persons

from ..factories import CaseFactory, PersonFactory, ResidenceStatusFactory
from ..persons_factories import AssignmentFactory, ConsentFactory, url


def membership(tenant, role: str) -> Membership:
    return Membership.objects.get(user=tenant.user(role), kommune=tenant.kommune)


def names(persons) -> set[str]:
    return {p.last_name for p in persons}


@pytest.fixture
def people(tenant):
    k = tenant.kommune
    return {
        "mueller": PersonFactory(
            kommune=k,
            first_name="Jürgen",
            last_name="Müller",
            birth_date=dt.date(1990, 3, 12),
            file_reference="AZ-2024/0815",
        ),
        "sahin": PersonFactory(
            kommune=k, first_name="Ayşe", last_name="Şahin", birth_date=dt.date(1985, 7, 1)
        ),
        "haddad": PersonFactory(
            kommune=k, first_name="Amina", last_name="Haddad", birth_date=dt.date(1990, 3, 12)
        ),
    }


@pytest.mark.parametrize("query", ["Müller", "Mueller", "muller", "MUELLER", "jurgen muller"])
def test_search_finds_mueller_by_any_spelling(tenant, people, query):
    assert names(search_persons(membership(tenant, "fallmanagement"), query)) == {"Müller"}


def test_search_finds_sahin_without_the_cedilla(tenant, people):
    assert names(search_persons(membership(tenant, "fallmanagement"), "sahin")) == {"Şahin"}
    assert names(search_persons(membership(tenant, "fallmanagement"), "ayse")) == {"Şahin"}


def test_every_word_must_match(tenant, people):
    assert names(search_persons(membership(tenant, "fallmanagement"), "amina muller")) == set()


@pytest.mark.parametrize("query", ["12.03.1990", "1990-03-12", "12.3.1990"])
def test_search_by_birth_date_in_either_format(tenant, people, query):
    found = names(search_persons(membership(tenant, "fallmanagement"), query))
    assert found == {"Müller", "Haddad"}


def test_birth_date_and_name_combine(tenant, people):
    found = search_persons(membership(tenant, "fallmanagement"), "haddad 12.03.1990")
    assert names(found) == {"Haddad"}


def test_search_by_file_reference_exact_and_prefix(tenant, people):
    m = membership(tenant, "fallmanagement")
    assert names(search_persons(m, "AZ-2024/0815")) == {"Müller"}
    assert names(search_persons(m, "az-2024/")) == {"Müller"}
    assert names(search_persons(m, "AZ-2023")) == set()


def test_search_by_case_reference(tenant, people):
    CaseFactory(person=people["sahin"], reference="PB-2026-00042")
    assert names(search_persons(membership(tenant, "fallmanagement"), "pb-2026-00042")) == {"Şahin"}


def test_search_never_returns_another_kommunes_person(tenant, other_tenant, people):
    PersonFactory(kommune=other_tenant.kommune, first_name="Jürgen", last_name="Müller")
    found = list(search_persons(membership(tenant, "fallmanagement"), "mueller"))
    assert [p.kommune_id for p in found] == [tenant.kommune.id]


def test_search_for_volunteer_is_limited_to_assigned_persons(tenant, people):
    AssignmentFactory(person=people["haddad"], volunteer=tenant.user("ehrenamt"))
    m = membership(tenant, "ehrenamt")
    assert names(search_persons(m, "")) == {"Haddad"}
    assert names(search_persons(m, "12.03.1990")) == {"Haddad"}


def test_empty_query_lists_everyone_by_name(tenant, people):
    found = list(search_persons(membership(tenant, "fallmanagement"), ""))
    assert [p.last_name for p in found] == ["Haddad", "Müller", "Şahin"]


def test_extract_date_leaves_impossible_dates_as_text():
    assert extract_date("31.02.1990") == (None, "31.02.1990")
    assert extract_date("Haddad 1990-03-12") == (dt.date(1990, 3, 12), "Haddad")
    assert extract_date("AZ 12345") == (None, "AZ 12345")


# --- The view ---------------------------------------------------------------------------


def test_list_shows_matches_and_current_status(tenant, people):
    ResidenceStatusFactory(
        person=people["mueller"],
        document_type=DocumentType.DULDUNG,
        valid_from=dt.date(2024, 1, 1),
        valid_to=dt.date(2024, 6, 30),
    )
    response = tenant.client("fallmanagement").get(url("person_list"), {"q": "mueller"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Müller, Jürgen" in body
    assert "Haddad" not in body
    assert "Duldung" in body
    assert "30.06.2024" in body
    assert "<html" in body


def test_htmx_search_renders_only_the_results(tenant, people):
    response = tenant.client("fallmanagement").get(
        url("person_list"), {"q": "sahin"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Şahin, Ayşe" in body
    assert "Müller" not in body


def test_search_field_is_wired_for_htmx(tenant):
    body = tenant.client("fallmanagement").get(url("person_list")).content.decode()
    assert 'hx-trigger="keyup changed delay:300ms, search"' in body
    assert 'hx-target="#person-results"' in body
    assert f'hx-get="{url("person_list")}"' in body


def test_list_hides_status_column_from_volunteer(tenant, people):
    AssignmentFactory(person=people["mueller"], volunteer=tenant.user("ehrenamt"))
    ResidenceStatusFactory(person=people["mueller"], valid_from=dt.date(2024, 1, 1))
    body = tenant.client("ehrenamt").get(url("person_list")).content.decode()
    assert "Müller" in body
    assert "Haddad" not in body
    assert "Aufenthaltsgestattung" not in body


def test_partner_sees_status_only_with_aufenthalt_consent(tenant, people):
    for key, categories in (
        ("mueller", [DataCategory.STAMMDATEN, DataCategory.AUFENTHALT]),
        ("haddad", [DataCategory.STAMMDATEN]),
    ):
        ConsentFactory(person=people[key], recipient=tenant.partner_org, data_categories=categories)
        ResidenceStatusFactory(
            person=people[key],
            document_type=DocumentType.DULDUNG
            if key == "mueller"
            else DocumentType.AUFENTHALTSERLAUBNIS,
            valid_from=dt.date(2024, 1, 1),
            valid_to=None,
        )
    body = tenant.client("partner").get(url("person_list")).content.decode()
    assert "Müller" in body and "Haddad" in body
    assert "Şahin" not in body
    assert "Duldung" in body
    assert "Aufenthaltserlaubnis" not in body


def test_list_paginates_by_50(tenant):
    PersonFactory.create_batch(55, kommune=tenant.kommune)
    client = tenant.client("fallmanagement")
    first = client.get(url("person_list")).content.decode()
    second = client.get(url("person_list"), {"page": 2}).content.decode()
    assert first.count("<tr>") == 51  # header row + 50
    assert second.count("<tr>") == 6


def count_queries(client, path, params=None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("role", ["fallmanagement", "partner"])
def test_list_query_count_does_not_grow_with_rows(tenant, role):
    client = tenant.client(role)

    def add(n: int) -> None:
        for person in PersonFactory.create_batch(n, kommune=tenant.kommune):
            ResidenceStatusFactory(person=person, valid_from=dt.date(2024, 1, 1))
            CaseFactory(person=person)
            ConsentFactory(
                person=person,
                recipient=tenant.partner_org,
                data_categories=[DataCategory.STAMMDATEN, DataCategory.AUFENTHALT],
            )

    add(5)
    few = count_queries(client, url("person_list"))
    few_search = count_queries(client, url("person_list"), {"q": "haddad 1990"})
    add(25)
    many = count_queries(client, url("person_list"))
    many_search = count_queries(client, url("person_list"), {"q": "haddad 1990"})
    assert few == many
    assert few_search == many_search


def test_person_list_403_for_auswertung(tenant):
    assert tenant.client("auswertung").get(url("person_list")).status_code == 403


def test_person_list_404_for_other_kommune(tenant, other_tenant):
    assert other_tenant.client("fallmanagement").get(url("person_list")).status_code == 404
