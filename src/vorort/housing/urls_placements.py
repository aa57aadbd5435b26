"""URLs of the placement pipeline and the tandems (under /k/<kommune>/wohnraum/vermittlung/)."""

from __future__ import annotations

from django.urls import path

from .views import placements as v

app_name = "placements"

V = "k/<slug:kommune>/wohnraum/vermittlung/"
P = V + "<uuid:placement>/"
T = V + "tandems/"

urlpatterns = [
    path(V, v.matching, name="matching"),
    path(V + "starten/", v.matching_run, name="matching_run"),
    path(V + "liste/", v.placement_list, name="placement_list"),
    path(V + "wohnung/<uuid:apartment>/", v.apartment_proposals, name="apartment_proposals"),
    path(V + "wohnung/<uuid:apartment>/wer-passt/", v.apartment_rank, name="apartment_rank"),
    path(P, v.placement_detail, name="placement_detail"),
    path(P + "annehmen/", v.placement_accept, name="placement_accept"),
    path(P + "ablehnen/", v.placement_reject, name="placement_reject"),
    path(P + "besichtigung/", v.placement_viewing, name="placement_viewing"),
    path(P + "vermieter/", v.placement_landlord, name="placement_landlord"),
    path(P + "bescheinigung/", v.placement_certificate, name="placement_certificate"),
    path(P + "vertrag/", v.placement_contract, name="placement_contract"),
    path(P + "einzug/", v.placement_move_in, name="placement_move_in"),
    path(P + "abbrechen/", v.placement_cancel, name="placement_cancel"),
    path(P + "nachbesuch/", v.placement_follow_up, name="placement_follow_up"),
    path(P + "tandem/", v.tandem_assign, name="tandem_assign"),
    path(T, v.tandem_list, name="tandem_list"),
    path(T + "<uuid:placement>/", v.tandem_detail, name="tandem_detail"),
]
