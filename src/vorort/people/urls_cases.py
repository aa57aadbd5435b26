"""URLs of the dashboard, the case file (Fall) and consents (Einwilligungen)."""

from django.urls import path

from .views import cases, consents, dashboard

K = "k/<slug:kommune>/"

urlpatterns = [
    path(K, dashboard.dashboard, name="dashboard"),
    path(K + "faelle/", cases.case_list, name="case_list"),
    path(K + "personen/<uuid:person>/faelle/neu/", cases.case_create, name="case_create"),
    path(K + "faelle/<uuid:case>/", cases.case_detail, name="case_detail"),
    path(K + "faelle/<uuid:case>/bearbeiten/", cases.case_edit, name="case_edit"),
    path(K + "faelle/<uuid:case>/abschliessen/", cases.case_close, name="case_close"),
    path(K + "faelle/<uuid:case>/ziele/neu/", cases.goal_add, name="goal_add"),
    path(K + "ziele/<uuid:goal>/status/", cases.goal_status, name="goal_status"),
    path(K + "faelle/<uuid:case>/aufgaben/neu/", cases.task_add, name="task_add"),
    path(K + "aufgaben/<uuid:task>/erledigt/", cases.task_done, name="task_done"),
    path(K + "faelle/<uuid:case>/notizen/neu/", cases.note_add, name="note_add"),
    path(K + "faelle/<uuid:case>/termine/neu/", cases.appointment_add, name="appointment_add"),
    path(
        K + "personen/<uuid:person>/einwilligungen/neu/",
        consents.consent_add,
        name="consent_add",
    ),
    path(
        K + "einwilligungen/<uuid:consent>/dokument/",
        consents.consent_document,
        name="consent_document",
    ),
    path(
        K + "einwilligungen/<uuid:consent>/widerrufen/",
        consents.consent_withdraw,
        name="consent_withdraw",
    ),
]
