from django.urls import path

from .views import persons

K = "k/<slug:kommune>/"

urlpatterns = [
    path(K + "personen/", persons.person_list, name="person_list"),
    path(K + "haushalte/", persons.household_list, name="household_list"),
]
