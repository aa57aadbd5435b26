"""Every person and household URL: other Kommune 404, roles without the permission 403."""

from __future__ import annotations

import pytest

from vorort.core.roles import Role, has_perm
from vorort.people.views import households, persons

from ..factories import HouseholdFactory, PersonFactory, ResidenceStatusFactory
from ..persons_factories import HouseholdMemberFactory, PersonLanguageFactory, url

# url name -> (method, view, object kwargs it needs)
URLS = {
    "person_list": ("GET", persons.person_list, ()),
    "person_create": ("GET", persons.person_create, ()),
    "person_detail": ("GET", persons.person_detail, ("person",)),
    "person_edit": ("GET", persons.person_edit, ("person",)),
    "address_add": ("GET", persons.address_add, ("person",)),
    "language_add": ("GET", persons.language_add, ("person",)),
    "language_delete": ("POST", persons.language_delete, ("person", "language")),
    "status_add": ("GET", persons.status_add, ("person",)),
    "status_edit": ("GET", persons.status_edit, ("person", "status")),
    "asylum_edit": ("GET", persons.asylum_edit, ("person",)),
    "reception_add": ("GET", persons.reception_add, ("person",)),
    "person_health": ("GET", persons.person_health, ("person",)),
    "assignment_add": ("GET", persons.assignment_add, ("person",)),
    "household_list": ("GET", households.household_list, ()),
    "household_create": ("GET", households.household_create, ()),
    "household_detail": ("GET", households.household_detail, ("household",)),
    "household_member_add": ("GET", households.household_member_add, ("household",)),
    "household_member_leave": (
        "POST",
        households.household_member_leave,
        ("household", "member"),
    ),
}


@pytest.fixture
def world(tenant):
    person = PersonFactory(kommune=tenant.kommune)
    household = HouseholdFactory(kommune=tenant.kommune)
    return {
        "person": person.uuid,
        "language": PersonLanguageFactory(person=person).uuid,
        "status": ResidenceStatusFactory(person=person).uuid,
        "household": household.uuid,
        "member": HouseholdMemberFactory(person=person, household=household).uuid,
    }


def call(client, name, world, kommune="paderborn"):
    method, _view, keys = URLS[name]
    path = url(name, kommune=kommune, **{key: world[key] for key in keys})
    return client.get(path) if method == "GET" else client.post(path, {})


@pytest.mark.parametrize("name", sorted(URLS))
def test_other_kommune_gets_404_for_every_url(name, tenant, other_tenant, world):
    _method, view, keys = URLS[name]
    for role in Role:
        client = other_tenant.client(role)
        assert call(client, name, world).status_code == 404, (name, role)
        if keys and has_perm(role, view.required_permission):
            # Own Kommune's slug, the other Kommune's object: still 404.
            assert call(client, name, world, kommune="koenigswinter").status_code == 404, (
                name,
                role,
            )


@pytest.mark.parametrize("name", sorted(URLS))
def test_roles_without_the_permission_get_403(name, tenant, world):
    _method, view, _keys = URLS[name]
    permission = view.required_permission
    for role in Role:
        if not has_perm(role, permission):
            assert call(tenant.client(role), name, world).status_code == 403, (name, role)


def test_every_url_of_the_module_is_listed():
    from vorort.people.urls_persons import urlpatterns

    assert {pattern.name for pattern in urlpatterns} == set(URLS)
