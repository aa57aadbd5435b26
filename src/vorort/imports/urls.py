"""URLs of the web import wizard and the exports (all under /k/<kommune>/, uploads by UUID)."""

from django.urls import path

from . import housing_views, views

app_name = "imports"

K = "k/<slug:kommune>/"
U = K + "import/<uuid:upload>/"

urlpatterns = [
    path(K + "import/", views.import_home, name="import_home"),
    path(K + "import/hochladen/", views.upload_file, name="upload"),
    path(K + "import/protokoll/", views.run_log, name="run_log"),
    path(K + "import/vorlage/<slug:kind>.xlsx", views.template_download, name="template"),
    path(U, views.upload_detail, name="upload_detail"),
    path(U + "zuordnung/", views.mapping, name="mapping"),
    path(U + "fortschritt/", views.upload_progress, name="progress"),
    path(U + "importieren/", views.start, name="start"),
    path(U + "fehler.xlsx", views.refused_rows, name="refused_rows"),
    path(K + "export/personen.csv", views.export_persons, {"fmt": "csv"}, name="export_csv"),
    path(K + "export/personen.xlsx", views.export_persons, {"fmt": "xlsx"}, name="export_xlsx"),
    path(
        K + "export/aufenthaltsstatus.csv",
        views.export_statuses,
        {"fmt": "csv"},
        name="export_statuses_csv",
    ),
    path(
        K + "export/aufenthaltsstatus.xlsx",
        views.export_statuses,
        {"fmt": "xlsx"},
        name="export_statuses_xlsx",
    ),
    # Housing lists (housing_views.py).
    path(
        K + "export/wohnungen.csv",
        housing_views.export_apartments,
        {"fmt": "csv"},
        name="export_apartments_csv",
    ),
    path(
        K + "export/wohnungen.xlsx",
        housing_views.export_apartments,
        {"fmt": "xlsx"},
        name="export_apartments_xlsx",
    ),
    path(
        K + "export/unterkuenfte.csv",
        housing_views.export_facilities,
        {"fmt": "csv"},
        name="export_facilities_csv",
    ),
    path(
        K + "export/unterkuenfte.xlsx",
        housing_views.export_facilities,
        {"fmt": "xlsx"},
        name="export_facilities_xlsx",
    ),
    path(
        K + "export/belegung.csv",
        housing_views.export_occupancy,
        {"fmt": "csv"},
        name="export_occupancy_csv",
    ),
    path(
        K + "export/belegung.xlsx",
        housing_views.export_occupancy,
        {"fmt": "xlsx"},
        name="export_occupancy_xlsx",
    ),
    path(
        K + "export/vermittlungen.csv",
        housing_views.export_placements,
        {"fmt": "csv"},
        name="export_placements_csv",
    ),
    path(
        K + "export/vermittlungen.xlsx",
        housing_views.export_placements,
        {"fmt": "xlsx"},
        name="export_placements_xlsx",
    ),
    path(
        K + "export/haushalte.csv",
        housing_views.export_households,
        {"fmt": "csv"},
        name="export_households_csv",
    ),
    path(
        K + "export/haushalte.xlsx",
        housing_views.export_households,
        {"fmt": "xlsx"},
        name="export_households_xlsx",
    ),
    path(
        K + "import/wohnraum/vorlage-wohnungen.xlsx",
        housing_views.template,
        {"kind": "apartments"},
        name="template_apartments",
    ),
    path(
        K + "import/wohnraum/vorlage-unterkuenfte.xlsx",
        housing_views.template,
        {"kind": "facilities"},
        name="template_facilities",
    ),
    path(
        K + "import/wohnraum/vorlage-belegung.xlsx",
        housing_views.template,
        {"kind": "occupancy"},
        name="template_occupancy",
    ),
]
