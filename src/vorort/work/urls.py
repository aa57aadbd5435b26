"""URLs of work access (all under /k/<kommune>/, objects by UUID)."""

from django.urls import path

from . import views

app_name = "work"

K = "k/<slug:kommune>/"
P = K + "personen/<uuid:person>/arbeitsmarkt/"

urlpatterns = [
    path(K + "arbeitsmarkt/", views.work_list, name="work_list"),
    path(K + "arbeitsmarkt/export.csv", views.work_list_export, name="work_list_export"),
    path(
        K + "arbeitsmarkt/schritte/<uuid:step>/erledigt/",
        views.work_step_done,
        name="work_step_done",
    ),
    path(P, views.work_person, name="work_person"),
    path(P + "fakten/", views.work_facts_edit, name="work_facts_edit"),
    path(P + "schritte/", views.work_process, name="work_process"),
    path(P + "schritte/neu/", views.work_step_add, name="work_step_add"),
    path(P + "schritte/pfad/", views.work_path_start, name="work_path_start"),
]
