"""Public URLs (no login): the offer form through which landlords offer an apartment.

Not under /k/<kommune>/: the Kommune is named by ``slug`` and the view opens its scope.
"""

from __future__ import annotations

from django.urls import path

from .views import offers

app_name = "offers"

urlpatterns = [
    path("angebot/<slug:slug>/", offers.offer_form, name="offer_form"),
    path("angebot/<slug:slug>/danke/", offers.offer_thanks, name="offer_thanks"),
]
