from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("vorort.core.urls")),
    path("", include("vorort.people.urls")),
    path("", include("vorort.work.urls")),
    path("", include("vorort.imports.urls")),
    path("", include("vorort.housing.urls")),
    path("", include("vorort.housing.urls_placements")),
    path("", include("vorort.housing.urls_public")),
]
