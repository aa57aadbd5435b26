from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("anmelden/", views.LoginView.as_view(), name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("2fa/einrichten/", views.otp_setup, name="otp_setup"),
    path("2fa/pruefen/", views.otp_verify, name="otp_verify"),
    path("health/", views.health, name="health"),
    path("k/<slug:kommune>/protokoll/", views.audit_log, name="audit_log"),
    path("k/<slug:kommune>/zugriffe/", views.access_log, name="access_log"),
    path("k/<slug:kommune>/benutzer/", views.members, name="members"),
    path(
        "k/<slug:kommune>/benutzer/<uuid:user>/2fa-zuruecksetzen/",
        views.member_reset_2fa,
        name="member_reset_2fa",
    ),
]
