from django.urls import path

from .views import cases, dashboard

K = "k/<slug:kommune>/"

urlpatterns = [
    path(K, dashboard.dashboard, name="dashboard"),
    path(K + "faelle/", cases.case_list, name="case_list"),
]
