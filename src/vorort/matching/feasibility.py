"""Vectorised feasibility: which households may live in which apartments (numpy, no pair loop).

Households with identical matching-relevant attributes form a *class*; apartments with identical
constraint- and fit-relevant attributes except the rent form a *type*. Within a type the
apartments are sorted by rent, so a household fits exactly the cheapest ``pos`` apartments of
each compatible type, where ``pos`` is the number of apartments there with rent ≤ its limit.
``Network`` holds, for every compatible (class, type) pair, that ``pos`` and the fit points.
A pair list over classes × types replaces the households × apartments pair matrix: for the
contract's instances there are a few hundred classes and types instead of 300 M pairs.

Hard constraints (issue 3): min_persons ≤ persons ≤ max_persons, rent ≤ max_rent, accessible if
needs_accessible, municipality = required_municipality when set, pets_allowed if pets,
smokers_allowed if smokers, (only when the instance has ``available_by``)
available_from ≤ available_by, and (only when the household has ``move_in_by``)
available_from ≤ move_in_by.

The household's own date is a threshold like the rent limit, but a second one, so it is handled
by grouping: ``h_tier`` is the rank of a household's date among the distinct household dates
(no date = above all), ``a_tier`` the number of those dates earlier than the apartment's
``available_from`` (no date = 0). A household may take an apartment iff ``a_tier ≤ h_tier``;
the tier joins the class and type keys. Without any household date every tier is 0 and the
network is the one without dates.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from vorort.matching.model import Apartment, Household, Instance

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: Fit points per part (size, district, distance): 0 … FIT_POINTS each.
FIT_POINTS = 100
#: Distance at which the nearness to a place that matters has fallen to 0 points (km).
DISTANCE_SCALE_KM = 20.0
#: Pair-matrix cells evaluated at once (bounds the memory of the compatibility test).
_BLOCK_CELLS = 4_000_000
EARTH_RADIUS_KM = 6371.0088
K = TypeVar("K", bound=Hashable)


def haversine_km(
    lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray
) -> FloatArray:
    """Great-circle distance in km (arrays broadcast)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlmb = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass
class Arrays:
    """The instance as columns. Municipalities and districts are integer codes (-1 = none)."""

    h_persons: IntArray
    h_rent: FloatArray
    h_acc: BoolArray
    h_muni: IntArray
    h_prio: IntArray
    h_pets: BoolArray
    h_smk: BoolArray
    h_dset: IntArray  # index into dsets, -1 = no preferred districts
    h_pset: IntArray  # index into psets, -1 = no places
    h_by: npt.NDArray[np.datetime64]  # the household's move_in_by, NaT = none
    h_tier: IntArray  # rank of h_by among the distinct household dates (none = all of them)
    a_max: IntArray
    a_min: IntArray
    a_rent: FloatArray
    a_acc: BoolArray
    a_muni: IntArray
    a_pets: BoolArray
    a_smk: BoolArray
    a_avail: BoolArray
    a_from: npt.NDArray[np.datetime64]  # available_from, NaT = none
    a_tier: IntArray  # household dates earlier than available_from (none = 0)
    a_district: IntArray
    a_lat: FloatArray  # NaN = no location
    a_lon: FloatArray
    munis: list[str]
    districts: list[str]
    pref: BoolArray  # (len(dsets), len(districts)): district preferred by the set
    places: FloatArray  # (len(psets), P, 2) lat/lon, NaN padded
    uses_districts: bool
    uses_places: bool


def _code(table: dict[K, int], value: K) -> int:
    code = table.get(value)
    if code is None:
        code = table[value] = len(table)
    return code


def build_arrays(instance: Instance) -> Arrays:
    hs: tuple[Household, ...] = instance.households
    aps: tuple[Apartment, ...] = instance.apartments
    muni_codes: dict[str, int] = {}
    district_codes: dict[str, int] = {}
    a_muni = np.fromiter((_code(muni_codes, a.municipality) for a in aps), np.int64, len(aps))
    h_muni = np.fromiter(
        (
            -1 if h.required_municipality is None else _code(muni_codes, h.required_municipality)
            for h in hs
        ),
        np.int64,
        len(hs),
    )
    dset_codes: dict[tuple[str, ...], int] = {}
    h_dset = np.fromiter(
        (
            _code(dset_codes, tuple(sorted(set(h.preferred_districts))))
            if h.preferred_districts
            else -1
            for h in hs
        ),
        np.int64,
        len(hs),
    )
    uses_districts = bool(dset_codes)
    a_district = np.fromiter(
        (_code(district_codes, a.district) if a.district else -1 for a in aps),
        np.int64,
        len(aps),
    )
    pref = np.zeros((len(dset_codes), len(district_codes)), dtype=bool)
    for dset, row in dset_codes.items():
        for name in dset:
            col = district_codes.get(name)
            if col is not None:
                pref[row, col] = True
    pset_codes: dict[tuple[tuple[float, float], ...], int] = {}
    h_pset = np.fromiter(
        (
            _code(pset_codes, tuple((p.lat, p.lon) for p in h.places)) if h.places else -1
            for h in hs
        ),
        np.int64,
        len(hs),
    )
    width = max((len(k) for k in pset_codes), default=0)
    places = np.full((len(pset_codes), width, 2), np.nan)
    for key, row in pset_codes.items():
        places[row, : len(key)] = key
    loc = [a.location or (math.nan, math.nan) for a in aps]
    by = instance.available_by
    h_by = np.array(
        [
            np.datetime64(h.move_in_by, "D") if h.move_in_by else np.datetime64("NaT", "D")
            for h in hs
        ],
        dtype="datetime64[D]",
    )
    a_from = np.array(
        [
            np.datetime64(a.available_from, "D") if a.available_from else np.datetime64("NaT", "D")
            for a in aps
        ],
        dtype="datetime64[D]",
    )
    dates = np.unique(h_by[~np.isnat(h_by)])
    h_tier = np.full(len(hs), len(dates), np.int64)  # no date: may take every tier
    has_by = ~np.isnat(h_by)
    h_tier[has_by] = np.searchsorted(dates, h_by[has_by])
    a_tier = np.zeros(len(aps), np.int64)
    if len(dates):
        dated = ~np.isnat(a_from)
        a_tier[dated] = np.searchsorted(dates, a_from[dated], side="left")
    return Arrays(
        h_persons=np.fromiter((h.persons for h in hs), np.int64, len(hs)),
        h_rent=np.fromiter((float(h.max_rent) for h in hs), np.float64, len(hs)),
        h_acc=np.fromiter((h.needs_accessible for h in hs), bool, len(hs)),
        h_muni=h_muni,
        h_prio=np.fromiter((h.priority for h in hs), np.int64, len(hs)),
        h_pets=np.fromiter((h.pets for h in hs), bool, len(hs)),
        h_smk=np.fromiter((h.smokers for h in hs), bool, len(hs)),
        h_dset=h_dset,
        h_pset=h_pset,
        h_by=h_by,
        h_tier=h_tier,
        a_max=np.fromiter((a.max_persons for a in aps), np.int64, len(aps)),
        a_min=np.fromiter((a.min_persons for a in aps), np.int64, len(aps)),
        a_rent=np.fromiter((float(a.rent) for a in aps), np.float64, len(aps)),
        a_acc=np.fromiter((a.accessible for a in aps), bool, len(aps)),
        a_muni=a_muni,
        a_pets=np.fromiter((a.pets_allowed for a in aps), bool, len(aps)),
        a_smk=np.fromiter((a.smokers_allowed for a in aps), bool, len(aps)),
        a_avail=np.fromiter(
            (by is None or a.available_from is None or a.available_from <= by for a in aps),
            bool,
            len(aps),
        ),
        a_from=a_from,
        a_tier=a_tier,
        a_district=a_district,
        a_lat=np.array([p[0] for p in loc], dtype=np.float64),
        a_lon=np.array([p[1] for p in loc], dtype=np.float64),
        munis=list(muni_codes),
        districts=list(district_codes),
        pref=pref,
        places=places,
        uses_districts=uses_districts,
        uses_places=bool(pset_codes),
    )


@dataclass
class Network:
    """Classes, types and the compatible (class, type) pairs.

    ``order`` lists the available apartments sorted by (type, rent, input index);
    ``type_start[t]:type_start[t + 1]`` is type t's slice of it. For pair k, class
    ``pair_c[k]`` fits the first ``pair_pos[k]`` apartments of type ``pair_t[k]`` (pos ≥ 1 only).
    """

    arrays: Arrays
    cls_of: IntArray  # household -> class
    cls_rep: IntArray  # class -> first household of the class (input order)
    cls_count: IntArray
    order: IntArray
    type_start: IntArray
    type_rep: IntArray  # type -> an apartment of the type
    pair_c: IntArray
    pair_t: IntArray
    pair_pos: IntArray
    size_pts: IntArray  # fit points per pair
    district_pts: IntArray
    distance_pts: IntArray

    @property
    def n_classes(self) -> int:
        return len(self.cls_rep)

    @property
    def n_types(self) -> int:
        return len(self.type_rep)

    def feasible_count(self) -> IntArray:
        """Feasible apartments per class."""
        return np.bincount(self.pair_c, weights=self.pair_pos, minlength=self.n_classes).astype(
            np.int64
        )


def _unique_rows(columns: list[npt.NDArray[np.float64]], n: int) -> tuple[IntArray, IntArray]:
    """Group rows of equal keys: (inverse, representative = first row of each group)."""
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    keys = np.column_stack(columns)
    _, first, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64), first.astype(np.int64)


def fit_points(
    arr: Arrays,
    households: IntArray,
    apartments: IntArray,
) -> tuple[IntArray, IntArray, IntArray]:
    """Fit points (0 … FIT_POINTS each) of household–apartment pairs given as index arrays:
    size (persons / max_persons), preferred district (all or nothing), nearness to the
    household's places (mean of max(0, 1 − km / DISTANCE_SCALE_KM))."""
    size = np.rint(FIT_POINTS * arr.h_persons[households] / arr.a_max[apartments]).astype(np.int64)
    district = np.zeros(len(households), np.int64)
    if arr.uses_districts and len(households):
        dset = arr.h_dset[households]
        dcode = arr.a_district[apartments]
        ok = (dset >= 0) & (dcode >= 0)
        hit = np.zeros(len(households), bool)
        hit[ok] = arr.pref[dset[ok], dcode[ok]]
        district[hit] = FIT_POINTS
    distance = np.zeros(len(households), np.int64)
    if arr.uses_places and len(households):
        pset = arr.h_pset[households]
        lat, lon = arr.a_lat[apartments], arr.a_lon[apartments]
        ok = (pset >= 0) & ~np.isnan(lat)
        if ok.any():
            pl = arr.places[pset[ok]]  # (k, P, 2)
            km = haversine_km(pl[:, :, 0], pl[:, :, 1], lat[ok][:, None], lon[ok][:, None])
            near = np.clip(1.0 - km / DISTANCE_SCALE_KM, 0.0, 1.0)
            mean = np.nanmean(near, axis=1)
            distance[ok] = np.rint(FIT_POINTS * mean).astype(np.int64)
    return size, district, distance


def compatible(arr: Arrays, hh: IntArray, ap: IntArray) -> BoolArray:
    """Matrix (len(hh), len(ap)) of all hard constraints except the rent and the instance's
    ``available_by`` (the household's own move-in date is included, via the tiers)."""
    p = arr.h_persons[hh][:, None]
    muni = arr.h_muni[hh][:, None]
    return (
        (arr.a_min[ap][None, :] <= p)
        & (p <= arr.a_max[ap][None, :])
        & (arr.a_acc[ap][None, :] | ~arr.h_acc[hh][:, None])
        & ((muni < 0) | (muni == arr.a_muni[ap][None, :]))
        & (arr.a_pets[ap][None, :] | ~arr.h_pets[hh][:, None])
        & (arr.a_smk[ap][None, :] | ~arr.h_smk[hh][:, None])
        & (arr.a_tier[ap][None, :] <= arr.h_tier[hh][:, None])
    )


def feasible_matrix(arr: Arrays, hh: IntArray, ap: IntArray) -> BoolArray:
    """All hard constraints for households ``hh`` × apartments ``ap`` (small instances, tests)."""
    return (
        compatible(arr, hh, ap)
        & (arr.a_rent[ap][None, :] <= arr.h_rent[hh][:, None])
        & arr.a_avail[ap][None, :]
    )


def build_network(instance: Instance, arr: Arrays | None = None) -> Network:
    arr = arr if arr is not None else build_arrays(instance)
    n_h = len(arr.h_persons)
    # Classes: everything that decides feasibility or the objective of a household.
    h_cols = [
        arr.h_persons,
        arr.h_rent,
        arr.h_acc,
        arr.h_muni,
        arr.h_prio,
        arr.h_pets,
        arr.h_smk,
        arr.h_dset,
        arr.h_pset,
        arr.h_tier,
    ]
    cls_of, cls_rep = _unique_rows([c.astype(np.float64) for c in h_cols], n_h)
    cls_count = np.bincount(cls_of, minlength=len(cls_rep)).astype(np.int64)
    # Types: available apartments with equal attributes except the rent.
    avail = np.flatnonzero(arr.a_avail).astype(np.int64)
    a_cols: list[npt.NDArray[Any]] = [
        arr.a_min,
        arr.a_max,
        arr.a_acc,
        arr.a_muni,
        arr.a_pets,
        arr.a_smk,
        arr.a_tier,
    ]
    if arr.uses_districts:
        a_cols.append(arr.a_district)
    if arr.uses_places:
        a_cols += [np.nan_to_num(arr.a_lat, nan=-999.0), np.nan_to_num(arr.a_lon, nan=-999.0)]
    type_local, type_first = _unique_rows([c[avail].astype(np.float64) for c in a_cols], len(avail))
    type_rep = avail[type_first]
    n_t = len(type_rep)
    rents = arr.a_rent[avail]
    order_local = np.lexsort((avail, rents, type_local))
    order = avail[order_local]
    type_start = np.searchsorted(type_local[order_local], np.arange(n_t + 1)).astype(np.int64)
    unique_rents = np.unique(rents)
    width = len(unique_rents) + 1
    rank = np.searchsorted(unique_rents, rents)
    keys = (type_local * width + rank)[order_local]
    cls_rank = np.searchsorted(unique_rents, arr.h_rent[cls_rep], side="right")

    pcs: list[IntArray] = []
    pts: list[IntArray] = []
    pps: list[IntArray] = []
    n_c = len(cls_rep)
    block = max(1, _BLOCK_CELLS // max(1, n_t))
    for start in range(0, n_c, block):
        cls = np.arange(start, min(n_c, start + block))
        ok = compatible(arr, cls_rep[cls], type_rep)
        ci, ti = np.nonzero(ok)
        c = cls[ci]
        query = ti * width + cls_rank[c]
        pos = np.searchsorted(keys, query, side="left") - type_start[ti]
        keep = pos > 0
        pcs.append(c[keep])
        pts.append(ti[keep].astype(np.int64))
        pps.append(pos[keep].astype(np.int64))
    pair_c = np.concatenate(pcs) if pcs else np.zeros(0, np.int64)
    pair_t = np.concatenate(pts) if pts else np.zeros(0, np.int64)
    pair_pos = np.concatenate(pps) if pps else np.zeros(0, np.int64)
    size, district, distance = fit_points(arr, cls_rep[pair_c], type_rep[pair_t])
    return Network(
        arrays=arr,
        cls_of=cls_of,
        cls_rep=cls_rep,
        cls_count=cls_count,
        order=order,
        type_start=type_start,
        type_rep=type_rep,
        pair_c=pair_c,
        pair_t=pair_t,
        pair_pos=pair_pos,
        size_pts=size,
        district_pts=district,
        distance_pts=distance,
    )


def pair_feasible(arr: Arrays, hh: IntArray, aa: IntArray) -> BoolArray:
    """Elementwise: is household ``hh[k]`` allowed in apartment ``aa[k]``? (every hard
    constraint; an independent restatement used by the checks)."""
    p = arr.h_persons[hh]
    return (
        (arr.a_min[aa] <= p)
        & (p <= arr.a_max[aa])
        & (arr.a_rent[aa] <= arr.h_rent[hh])
        & (arr.a_acc[aa] | ~arr.h_acc[hh])
        & ((arr.h_muni[hh] < 0) | (arr.h_muni[hh] == arr.a_muni[aa]))
        & (arr.a_pets[aa] | ~arr.h_pets[hh])
        & (arr.a_smk[aa] | ~arr.h_smk[hh])
        & arr.a_avail[aa]
        & (np.isnat(arr.a_from[aa]) | np.isnat(arr.h_by[hh]) | (arr.a_from[aa] <= arr.h_by[hh]))
    )
