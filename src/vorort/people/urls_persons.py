"""URLs of persons and households (all under /k/<kommune>/, objects by UUID)."""

from django.urls import path

from .views import households, persons

K = "k/<slug:kommune>/"
P = K + "personen/<uuid:person>/"
H = K + "haushalte/<uuid:household>/"

urlpatterns = [
    path(K + "personen/", persons.person_list, name="person_list"),
    path(K + "personen/neu/", persons.person_create, name="person_create"),
    path(P, persons.person_detail, name="person_detail"),
    path(P + "bearbeiten/", persons.person_edit, name="person_edit"),
    path(P + "adressen/neu/", persons.address_add, name="address_add"),
    path(P + "sprachen/neu/", persons.language_add, name="language_add"),
    path(
        P + "sprachen/<uuid:language>/loeschen/",
        persons.language_delete,
        name="language_delete",
    ),
    path(P + "aufenthalt/neu/", persons.status_add, name="status_add"),
    path(P + "aufenthalt/<uuid:status>/bearbeiten/", persons.status_edit, name="status_edit"),
    path(P + "asyl/", persons.asylum_edit, name="asylum_edit"),
    path(P + "aufnahme/neu/", persons.reception_add, name="reception_add"),
    path(P + "gesundheit/", persons.person_health, name="person_health"),
    path(P + "begleitung/neu/", persons.assignment_add, name="assignment_add"),
    path(K + "haushalte/", households.household_list, name="household_list"),
    path(K + "haushalte/neu/", households.household_create, name="household_create"),
    path(H, households.household_detail, name="household_detail"),
    path(H + "mitglieder/neu/", households.household_member_add, name="household_member_add"),
    path(
        H + "mitglieder/<uuid:member>/austritt/",
        households.household_member_leave,
        name="household_member_leave",
    ),
]
