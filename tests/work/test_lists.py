"""“Who may work from when”: the Kommune-wide list, its tabs, the CSV export, query counts."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from vorort.people.choices import DataCategory, DocumentType
from vorort.people.models import AsylumProcedure, Person
from vorort.work.exports import safe_cell, to_csv

from ..factories import PersonFactory, ResidenceStatusFactory
from ..persons_factories import ConsentFactory, english
from ..work_factories import WorkAccessFactsFactory, asylum_seeker_in_reception, permitted_from


def list_url(kommune: str = "paderborn") -> str:
    return reverse("work:work_list", kwargs={"kommune": kommune})


def export_url(kommune: str = "paderborn") -> str:
    return reverse("work:work_list_export", kwargs={"kommune": kommune})


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def people(tenant):
    """Soon (waiting period ends within 30 days), later (within 90), free, banned, tolerated."""
    k = tenant.kommune
    soon = asylum_seeker_in_reception(
        k, registered=today() - dt.timedelta(days=75), last_name="Soon"
    )
    later = asylum_seeker_in_reception(
        k, registered=today() - dt.timedelta(days=20), last_name="Later"
    )
    allowed = asylum_seeker_in_reception(
        k, registered=today() - dt.timedelta(days=200), last_name="Allowed"
    )
    # § 61 Abs. 2 S. 4 AsylG: Albania is a safe country of origin; the ban lasts.
    banned = asylum_seeker_in_reception(
        k, registered=today() - dt.timedelta(days=20), last_name="Banned", nationality="AL"
    )
    tolerated = PersonFactory(kommune=k, last_name="Tolerated", birth_date=dt.date(1995, 5, 5))
    AsylumProcedure.objects.create(
        kommune=k,
        person=tolerated,
        request_date=dt.date(2024, 1, 10),
        registration_date=dt.date(2024, 1, 10),
        application_date=dt.date(2024, 1, 22),
        decision="rejected",
        decision_date=dt.date(2025, 1, 6),
    )
    ResidenceStatusFactory(
        person=tolerated,
        document_type=DocumentType.AUFENTHALTSGESTATTUNG,
        valid_from=dt.date(2024, 1, 22),
        valid_to=dt.date(2025, 3, 2),
    )
    ResidenceStatusFactory(
        person=tolerated,
        document_type=DocumentType.DULDUNG,
        valid_from=dt.date(2025, 3, 3),
        valid_to=None,
    )
    WorkAccessFactsFactory(
        person=tolerated,
        entry_date=dt.date(2024, 1, 10),
        identity_clarified_on=dt.date(2024, 1, 10),
        identity_proof="passport",
        concrete_return_measures=False,
        decision_final_on=dt.date(2025, 3, 3),
    )
    return {
        "soon": soon,
        "later": later,
        "allowed": allowed,
        "banned": banned,
        "tolerated": tolerated,
    }


def names(response) -> set[str]:
    return {row.person.last_name for row in response.context["rows"]}


def test_everyone_is_listed_with_the_answer_for_employment(tenant, people):
    response = tenant.client("fallmanagement").get(list_url())  # German: dd.mm.yyyy
    assert response.status_code == 200
    assert names(response) == {"Soon", "Later", "Allowed", "Banned", "Tolerated"}
    body = response.content.decode()
    assert permitted_from(today() - dt.timedelta(days=75)).strftime("%d.%m.%Y") in body


def test_waiting_periods_ending_within_30_days(tenant, people):
    response = tenant.client("fallmanagement").get(list_url(), {"tab": "30"})
    assert names(response) == {"Soon"}


def test_waiting_periods_ending_within_90_days_in_date_order(tenant, people):
    response = tenant.client("koordination").get(list_url(), {"tab": "90"})
    assert [row.person.last_name for row in response.context["rows"]] == ["Soon", "Later"]


def test_work_bans_with_their_ground(tenant, people):
    response = english(tenant.client("fallmanagement")).get(list_url(), {"tab": "ban"})
    assert names(response) == {"Banned"}
    (row,) = response.context["rows"]
    assert "G6" in row.employment.rule_ids
    assert "§ 61" in response.content.decode()


def test_duldung_holders_with_the_answer_for_training(tenant, people):
    response = english(tenant.client("fallmanagement")).get(list_url(), {"tab": "duldung"})
    assert names(response) == {"Tolerated"}
    (row,) = response.context["rows"]
    assert row.training is not None
    assert row.training.decision in {"entitled", "as_a_rule", "discretion", "free"}
    assert "Vocational training" in response.content.decode()


def test_an_unknown_tab_shows_everyone(tenant, people):
    response = tenant.client("fallmanagement").get(list_url(), {"tab": "<script>"})
    assert response.status_code == 200
    assert response.context["tab"] == "all"


def test_partner_sees_only_persons_consenting_to_residence_and_work(tenant, people):
    ConsentFactory(
        person=people["soon"],
        recipient=tenant.partner_org,
        data_categories=[DataCategory.AUFENTHALT, DataCategory.ARBEIT],
    )
    ConsentFactory(
        person=people["later"],
        recipient=tenant.partner_org,
        data_categories=[DataCategory.AUFENTHALT],
    )
    response = tenant.client("partner").get(list_url())
    assert names(response) == {"Soon"}
    rows = list(
        csv.reader(
            io.StringIO(tenant.client("partner").get(export_url()).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert [r[0] for r in rows[1:]] == ["Soon"]


@pytest.mark.parametrize("role", ["wohnraum", "ehrenamt", "ehrenamtskoordination", "auswertung"])
def test_list_and_export_are_forbidden_for_other_roles(tenant, role):
    assert tenant.client(role).get(list_url()).status_code == 403
    assert tenant.client(role).get(export_url()).status_code == 403


def test_list_and_export_of_another_kommune_are_not_found(tenant, other_tenant, people):
    client = other_tenant.client("koordination")
    assert client.get(list_url()).status_code == 404
    assert client.get(export_url()).status_code == 404
    # Their own list holds none of Paderborn's persons.
    assert names(client.get(list_url("koenigswinter"))) == set()


def build(tenant, count: int) -> None:
    for n in range(count):
        asylum_seeker_in_reception(
            tenant.kommune, registered=today() - dt.timedelta(days=20 + n), last_name=f"P{n}"
        )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_list_takes_a_constant_number_of_queries(tenant):
    client = tenant.client("fallmanagement")
    build(tenant, 3)
    few = queries(client, list_url())
    few_export = queries(client, export_url())
    build(tenant, 17)
    assert Person.objects.count() == 20
    assert queries(client, list_url()) == few
    assert queries(client, export_url()) == few_export


# --- Export -----------------------------------------------------------------------------------


def test_export_is_excel_csv_with_bom_and_semicolons(tenant, people):
    response = english(tenant.client("fallmanagement")).get(export_url(), {"tab": "90"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Last name", "First name", "Birth date"]
    assert [row[0] for row in rows[1:]] == ["Soon", "Later"]
    first_day = permitted_from(today() - dt.timedelta(days=75))
    with translation.override("en"):
        assert date_format(first_day, "SHORT_DATE_FORMAT") in rows[1]


def test_export_of_the_duldung_tab_has_the_training_columns(tenant, people):
    response = english(tenant.client("fallmanagement")).get(export_url(), {"tab": "duldung"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert "Vocational training" in rows[0]
    assert rows[1][0] == "Tolerated"


def test_export_escapes_formulas_in_names(tenant, people):
    people["soon"].last_name = '=HYPERLINK("http://evil")'
    people["soon"].first_name = "+49 Anna"
    people["soon"].save()
    response = tenant.client("fallmanagement").get(export_url(), {"tab": "30"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert rows[1][1] == "'+49 Anna"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Haddad", "Haddad"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (12, "12"),
    ],
)
def test_safe_cell_escapes_cells_a_spreadsheet_would_evaluate(value, expected):
    assert safe_cell(value) == expected


def test_to_csv_escapes_the_header_too_and_ends_lines_with_crlf():
    text = to_csv(["=A"], [["x;y", "-2"]])
    assert text == "\ufeff'=A\r\n\"x;y\";'-2\r\n"
