"""Every URL of the case file, consents and dashboard × every role × own and other Kommune."""

from __future__ import annotations

import datetime as dt

import pytest

from vorort.core.roles import Role
from vorort.people import models as m

from ..cases_factories import GoalFactory, case_in, client_of, consent_with_document, person_in, url

CASEWORK = {Role.KOORDINATION, Role.FALLMANAGEMENT}

# url name -> (method, roles allowed in their own Kommune, objects the URL needs)
MATRIX = {
    "dashboard": ("GET", set(Role), ()),
    "case_list": ("GET", CASEWORK, ()),
    "case_create": ("GET", CASEWORK, ("person",)),
    "case_detail": ("GET", CASEWORK, ("case",)),
    "case_edit": ("GET", CASEWORK, ("case",)),
    "case_close": ("GET", CASEWORK, ("case",)),
    "goal_add": ("GET", CASEWORK, ("case",)),
    "goal_status": ("GET", CASEWORK, ("goal",)),
    "task_add": ("GET", CASEWORK, ("case",)),
    "task_done": ("POST", CASEWORK, ("task",)),
    "note_add": ("GET", CASEWORK, ("case",)),
    "appointment_add": ("GET", CASEWORK, ("case",)),
    "consent_add": ("GET", CASEWORK, ("person",)),
    "consent_document": ("GET", CASEWORK, ("consent",)),
    "consent_withdraw": ("GET", CASEWORK, ("consent",)),
}


@pytest.fixture
def objects(tenant, other_tenant):
    person = person_in(tenant)
    case = case_in(tenant, person=person)
    return {
        "person": person.uuid,
        "case": case.uuid,
        "goal": GoalFactory(case=case).uuid,
        "task": m.Task.objects.create(
            kommune=tenant.kommune, case=case, title="A", due_date=dt.date(2026, 12, 1)
        ).uuid,
        "consent": consent_with_document(tenant, person).uuid,
    }


def test_the_matrix_covers_every_url_of_urls_cases():
    from vorort.people.urls_cases import urlpatterns

    assert {p.name for p in urlpatterns} == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_url_answers_by_role_and_kommune(name, objects, tenant, other_tenant):
    method, allowed, needs = MATRIX[name]
    kwargs = {key: objects[key] for key in needs}
    wrong = []
    for role in Role:
        for who, client in (
            ("own", client_of(tenant, role)),
            ("other", client_of(other_tenant, role)),
        ):
            path = url(name, **kwargs)
            response = client.get(path) if method == "GET" else client.post(path, {})
            if who == "other":
                expected = {404}
            elif role in allowed:
                # A second POST may be refused (400: the task is done already), never 403/404.
                expected = {200} if method == "GET" else {200, 302, 400}
            else:
                expected = {403}
            if response.status_code not in expected:
                wrong.append(f"{who} {role}: {response.status_code}")
    assert not wrong, f"{method} {name}: " + "; ".join(wrong)
