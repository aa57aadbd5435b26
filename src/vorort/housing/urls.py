"""URLs of the housing register (all under /k/<kommune>/wohnraum/, objects by UUID).

Placements live in ``urls_placements``; the public offer form in ``urls_public``.
"""

from __future__ import annotations

from django.urls import path

from .views import facilities, kdu, needs, offers, records

app_name = "housing"

W = "k/<slug:kommune>/wohnraum/"
D = W + "stadtteile/"
L = W + "vermieter/"
A = W + "wohnungen/"
F = W + "unterkuenfte/"
T = W + "kdu/"
OFFERS = W + "angebote/"
H = "k/<slug:kommune>/haushalte/<uuid:household>/wohnbedarf/"

urlpatterns = [
    path(D, records.district_list, name="district_list"),
    path(D + "neu/", records.district_create, name="district_create"),
    path(D + "<uuid:district>/bearbeiten/", records.district_edit, name="district_edit"),
    path(L, records.landlord_list, name="landlord_list"),
    path(L + "neu/", records.landlord_create, name="landlord_create"),
    path(L + "<uuid:landlord>/", records.landlord_detail, name="landlord_detail"),
    path(L + "<uuid:landlord>/bearbeiten/", records.landlord_edit, name="landlord_edit"),
    path(A, records.apartment_list, name="apartment_list"),
    path(A + "neu/", records.apartment_create, name="apartment_create"),
    path(A + "<uuid:apartment>/", records.apartment_detail, name="apartment_detail"),
    path(A + "<uuid:apartment>/bearbeiten/", records.apartment_edit, name="apartment_edit"),
    path(
        A + "<uuid:apartment>/zurueckziehen/",
        records.apartment_withdraw,
        name="apartment_withdraw",
    ),
    path(
        A + "<uuid:apartment>/wieder-anbieten/",
        records.apartment_reoffer,
        name="apartment_reoffer",
    ),
    path(F, facilities.facility_list, name="facility_list"),
    path(F + "neu/", facilities.facility_create, name="facility_create"),
    path(F + "<uuid:facility>/", facilities.facility_detail, name="facility_detail"),
    path(F + "<uuid:facility>/bearbeiten/", facilities.facility_edit, name="facility_edit"),
    path(F + "<uuid:facility>/belegung/neu/", facilities.occupancy_add, name="occupancy_add"),
    path(
        F + "<uuid:facility>/belegung/<uuid:occupancy>/ende/",
        facilities.occupancy_end,
        name="occupancy_end",
    ),
    path(H, needs.need_edit, name="need_edit"),
    path(H + "orte/neu/", needs.place_add, name="place_add"),
    path(H + "orte/<uuid:place>/loeschen/", needs.place_remove, name="place_remove"),
    path(T, kdu.kdu_list, name="kdu_list"),
    path(T + "neu/", kdu.kdu_create, name="kdu_create"),
    path(T + "laden/", kdu.kdu_load, name="kdu_load"),
    path(T + "<uuid:table>/", kdu.kdu_detail, name="kdu_detail"),
    path(OFFERS, offers.offer_list, name="offer_list"),
    path(OFFERS + "<uuid:offer>/", offers.offer_detail, name="offer_detail"),
    path(OFFERS + "<uuid:offer>/uebernehmen/", offers.offer_take_over, name="offer_take_over"),
    path(OFFERS + "<uuid:offer>/ablehnen/", offers.offer_reject, name="offer_reject"),
]
