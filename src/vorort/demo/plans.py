"""Plans of synthetic households: who lives together and what happened to them, as data.

Pure Python (no database): :func:`plan_household` draws one household from a
``random.Random`` and returns its members with their residence-status history, asylum dates,
reception stays, addresses and languages. :mod:`vorort.demo.generator` turns plans into rows.

What is kept consistent, because the rules engine and the reports read it as of a date:

* asylum dates are ordered: request ≤ registration (Ankunftsnachweis) ≤ formal application
  ≤ decision; a procedure still open has no decision;
* residence documents follow one another without overlap: Ankunftsnachweis (§ 63a AsylG),
  then Aufenthaltsgestattung (§ 55 AsylG) renewed for 3–6 months at a time, a new one from
  the Kommune's Ausländerbehörde on arrival, then after the decision either an
  Aufenthaltserlaubnis (§ 25 Abs. 1, 2 or 3 AufenthG; later perhaps a Niederlassungserlaubnis
  under § 26 Abs. 3) or a Duldung (§ 60a AufenthG) renewed for 1–6 months; Ukrainians get a
  Fiktionsbescheinigung and then an Aufenthaltserlaubnis under § 24 AufenthG;
* reception stays come before the Kommune (EAE, then perhaps a ZUE, then perhaps the
  Kommune's shared accommodation), addresses follow them without overlap;
* children are born when their mother was 17–43 and their father at least 18; a child born
  in Germany has its history from its birth (§ 14a AsylG for the asylum application).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from random import Random
from typing import Any

from vorort.people.choices import (
    AsylumDecision,
    CEFRLevel,
    DocumentType,
    Gender,
    ReceptionKind,
    Relation,
)
from vorort.people.search import fold

from .names import ORIGIN_WEIGHTS, ORIGINS, Origin, family_name_for
from .places import EAE, DemoKommune

DAY = dt.timedelta(days=1)

WORK_NOT_ALLOWED = "Erwerbstätigkeit nicht gestattet"
WORK_WITH_PERMISSION = "Beschäftigung nur mit Erlaubnis der Ausländerbehörde gestattet"
WORK_ALLOWED = "Erwerbstätigkeit erlaubt"
# Cards issued before the Fachkräfteeinwanderungsgesetz (1 March 2020) read "gestattet".
WORK_ALLOWED_BEFORE_2020 = "Erwerbstätigkeit gestattet"
FEG_DATE = dt.date(2020, 3, 1)

# The first date on which a person from Ukraine could hold § 24 protection in Germany.
UKRAINE_START = dt.date(2022, 3, 1)

AE_BASIS: dict[str, str] = {
    AsylumDecision.ASYLUM: "§ 25 Abs. 1 AufenthG",
    AsylumDecision.REFUGEE: "§ 25 Abs. 2 S. 1 Alt. 1 AufenthG",
    AsylumDecision.SUBSIDIARY: "§ 25 Abs. 2 S. 1 Alt. 2 AufenthG",
    AsylumDecision.DEPORTATION_BAN: "§ 25 Abs. 3 AufenthG",
}
PROTECTION: frozenset[str] = frozenset(AE_BASIS)

#: Outcome weights by origin, roughly the BAMF's protection rates.
DECISION_WEIGHTS: dict[str, dict[str, int]] = {
    "syria": {
        "refugee": 30,
        "asylum": 1,
        "subsidiary": 60,
        "deportation_ban": 3,
        "rejected": 2,
        "dublin": 4,
    },
    "afghanistan": {
        "refugee": 25,
        "subsidiary": 10,
        "deportation_ban": 45,
        "rejected": 17,
        "dublin": 3,
    },
    "turkey": {"refugee": 12, "asylum": 2, "subsidiary": 1, "rejected": 75, "dublin": 10},
    "iraq": {"refugee": 20, "subsidiary": 10, "deportation_ban": 8, "rejected": 60, "dublin": 2},
    "iran": {"refugee": 35, "asylum": 2, "deportation_ban": 5, "rejected": 55, "dublin": 3},
    "eritrea": {"refugee": 70, "subsidiary": 20, "deportation_ban": 5, "rejected": 5},
    "somalia": {"refugee": 30, "subsidiary": 25, "deportation_ban": 25, "rejected": 20},
    "georgia": {"rejected_manifestly": 80, "rejected": 18, "deportation_ban": 2},
    "russia": {"refugee": 15, "deportation_ban": 5, "rejected": 75, "dublin": 5},
}

#: German level weights [none, A1, A2, B1, B2, C1] by years in the Kommune.
ADULT_GERMAN = (
    (0.5, (45, 42, 11, 2, 0, 0)),
    (1.5, (8, 40, 35, 14, 3, 0)),
    (3.0, (3, 22, 35, 28, 10, 2)),
    (99.0, (2, 14, 28, 34, 17, 5)),
)
SCHOOL_GERMAN = (
    (0.5, (20, 50, 25, 5, 0, 0)),
    (1.5, (0, 15, 35, 35, 15, 0)),
    (99.0, (0, 0, 10, 30, 40, 20)),
)
GERMAN_LEVELS = ("0", "A1", "A2", "B1", "B2", "C1")

#: (years ago at most, weight): when households arrived in the Kommune.
ARRIVAL_YEARS = ((1.0, 25), (2.0, 20), (3.0, 15), (5.0, 20), (9.5, 20))

EAT_CHARS = "CFGHJKLMNPRTVWXYZ0123456789"
MOBILE_PREFIXES = ("0151", "0152", "0157", "0160", "0162", "0170", "0176", "0178", "0179")
MAIL_DOMAINS = ("example.org", "example.net", "example.com")


@dataclass
class StatusPlan:
    document_type: str
    legal_basis: str
    work_entry: str
    valid_from: dt.date
    valid_to: dt.date | None
    wohnsitzauflage: bool = False
    wohnsitzauflage_place: str = ""
    document_number: str = ""


@dataclass
class StayPlan:
    facility: str
    kind: str
    valid_from: dt.date
    valid_to: dt.date | None


@dataclass
class AddressPlan:
    street: str
    postcode: str
    city: str
    care_of: str
    valid_from: dt.date
    valid_to: dt.date | None


@dataclass
class AsylumPlan:
    request_date: dt.date | None
    registration_date: dt.date | None
    application_date: dt.date | None
    decision_date: dt.date | None
    decision: str
    bamf_reference: str


@dataclass
class Journey:
    """What the whole household went through, before it is cut to each member's birth."""

    entry: dt.date
    kommune_arrival: dt.date
    statuses: list[StatusPlan]
    stays: list[StayPlan]
    asylum: AsylumPlan | None


@dataclass
class MemberPlan:
    first_name: str
    last_name: str
    gender: str
    birth_date: dt.date
    relation: str
    joined_on: dt.date = dt.date.min
    languages: list[tuple[str, str, bool]] = field(default_factory=list)
    phone: str = ""
    email: str = ""
    health: tuple[bool, bool, str] | None = None
    statuses: list[StatusPlan] = field(default_factory=list)
    stays: list[StayPlan] = field(default_factory=list)
    addresses: list[AddressPlan] = field(default_factory=list)
    asylum: AsylumPlan | None = None

    def age(self, on: dt.date) -> int:
        years = on.year - self.birth_date.year
        return years - ((on.month, on.day) < (self.birth_date.month, self.birth_date.day))


@dataclass
class HouseholdPlan:
    origin: Origin
    name: str
    kommune_arrival: dt.date
    members: list[MemberPlan]


# --- date helpers --------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


def renewals(
    rng: Random,
    start: dt.date,
    months: tuple[int, ...],
    today: dt.date,
    until: dt.date | None = None,
) -> list[tuple[dt.date, dt.date]]:
    """Consecutive validity periods from ``start``, each ``months`` long (drawn).

    With ``until`` the last period ends on that day; without, periods go on until one
    covers ``today`` (so the current document is valid today).
    """
    periods: list[tuple[dt.date, dt.date]] = []
    current = start
    while True:
        end = add_months(current, rng.choice(months)) - DAY
        if until is not None and end >= until:
            periods.append((current, until))
            return periods
        periods.append((current, end))
        if until is None and end >= today:
            return periods
        current = end + DAY


def clip(periods: list[Any], start: dt.date) -> list[Any]:
    """Copies of ``periods`` (objects with valid_from/valid_to) that exist from ``start`` on."""
    result = []
    for period in periods:
        if period.valid_to is not None and period.valid_to < start:
            continue
        copy = type(period)(**vars(period))
        copy.valid_from = max(copy.valid_from, start)
        result.append(copy)
    return result


def weighted(rng: Random, weights: dict[str, int]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def days_between(rng: Random, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(days=rng.randint(low, high))


def eat_number(rng: Random) -> str:
    """A number in the form of an electronic residence permit card (9 characters)."""
    return rng.choice(EAT_CHARS[:17]) + "".join(rng.choice(EAT_CHARS) for _ in range(8))


# --- journeys ------------------------------------------------------------------------------


def arrival_date(rng: Random, today: dt.date) -> dt.date:
    """When an asylum-seeking household came to the Kommune (more of them recently)."""
    low = 0.004  # some households arrived in the last days: "new persons" on the dashboard
    bands = [
        (low if i == 0 else ARRIVAL_YEARS[i - 1][0], high)
        for i, (high, _w) in enumerate(ARRIVAL_YEARS)
    ]
    band = rng.choices(bands, weights=[w for _h, w in ARRIVAL_YEARS])[0]
    return today - dt.timedelta(days=int(365.25 * rng.uniform(*band)))


def plan_asylum_journey(
    rng: Random, origin: Origin, kommune: DemoKommune, today: dt.date, family: bool
) -> Journey:
    kommune_arrival = arrival_date(rng, today)
    # Reception: an EAE for days or weeks, mostly then a ZUE (families stay shorter).
    eae_days = rng.randint(5, 28)
    zue_days = 0 if rng.random() < 0.2 else rng.randint(20, 150 if family else 300)
    registration = kommune_arrival - dt.timedelta(days=eae_days + zue_days)
    entry = registration - days_between(rng, 0, 4)
    application = registration + days_between(rng, 2, min(14, eae_days + zue_days - 1))
    eae = rng.choice(EAE)
    stays = []
    if zue_days:
        eae_end = registration + dt.timedelta(days=eae_days - 1)
        stays.append(StayPlan(eae, ReceptionKind.EAE, registration, eae_end))
        stays.append(
            StayPlan(
                rng.choice(kommune.zue), ReceptionKind.ZUE, eae_end + DAY, kommune_arrival - DAY
            )
        )
    else:
        stays.append(StayPlan(eae, ReceptionKind.EAE, registration, kommune_arrival - DAY))

    country = origin.key.split("_")[0]
    decision_date: dt.date | None = application + days_between(rng, 60, 900)
    decision = weighted(rng, DECISION_WEIGHTS[country])
    if decision_date is None or decision_date > today - DAY:
        decision_date, decision = None, AsylumDecision.PENDING
    asylum = AsylumPlan(
        request_date=entry,
        registration_date=registration,
        application_date=application,
        decision_date=decision_date,
        decision=decision,
        bamf_reference="",
    )

    place = kommune.name
    wsa_gestattung = rng.random() < 0.7  # § 60 AsylG: tied to the Kommune while on benefits
    statuses = [
        StatusPlan(
            DocumentType.ANKUNFTSNACHWEIS,
            "§ 63a AsylG",
            WORK_NOT_ALLOWED,
            registration,
            application - DAY,
        )
    ]

    # When the Aufenthaltsgestattung ends: the day before the following document.
    follow_up: dt.date | None = None
    if decision_date is not None:
        lag = days_between(rng, 21, 120) if decision in PROTECTION else days_between(rng, 14, 60)
        follow_up = decision_date + lag
        if follow_up > today:
            follow_up = None  # decision not yet final: still an Aufenthaltsgestattung

    # Issued by the reception facility until the transfer, then by the Kommune.
    reception_end = kommune_arrival - DAY
    if follow_up is not None and follow_up <= kommune_arrival:
        reception_end = follow_up - DAY
    for start, end in renewals(rng, application, (3,), today, until=reception_end):
        statuses.append(
            StatusPlan(
                DocumentType.AUFENTHALTSGESTATTUNG,
                "§ 55 Abs. 1 AsylG",
                WORK_NOT_ALLOWED,
                start,
                end,
            )
        )
    if follow_up is None or follow_up > kommune_arrival:
        until = None if follow_up is None else follow_up - DAY
        for start, end in renewals(rng, kommune_arrival, (3, 6, 6), today, until=until):
            # § 61 Abs. 1 AsylG: after three months a job may be permitted.
            work = (
                WORK_WITH_PERMISSION if start >= add_months(application, 3) else (WORK_NOT_ALLOWED)
            )
            statuses.append(
                StatusPlan(
                    DocumentType.AUFENTHALTSGESTATTUNG,
                    "§ 55 Abs. 1 AsylG",
                    work,
                    start,
                    end,
                    wsa_gestattung,
                    place if wsa_gestattung else "",
                )
            )

    if follow_up is not None:
        if decision in PROTECTION:
            statuses += _residence_permits(rng, decision, follow_up, today, place)
        else:
            statuses += _duldungen(rng, country, follow_up, today, place)

    _maybe_expired(rng, statuses, today)
    return Journey(entry, kommune_arrival, statuses, stays, asylum)


def _residence_permits(
    rng: Random, decision: str, start: dt.date, today: dt.date, place: str
) -> list[StatusPlan]:
    """Aufenthaltserlaubnis after protection, renewed; § 12a AufenthG for three years."""
    basis = AE_BASIS[decision]
    wohnsitzauflage_until = add_years(start, 3) if rng.random() < 0.6 else start
    long_term = decision in (AsylumDecision.ASYLUM, AsylumDecision.REFUGEE)
    plans = []
    current = start
    first = True
    while True:
        if not first and add_years(start, 3) <= current and long_term and rng.random() < 0.35:
            # § 26 Abs. 3 AufenthG: settlement permit, without end date.
            plans.append(
                StatusPlan(
                    DocumentType.NIEDERLASSUNGSERLAUBNIS,
                    "§ 26 Abs. 3 AufenthG",
                    WORK_ALLOWED if current >= FEG_DATE else WORK_ALLOWED_BEFORE_2020,
                    current,
                    None,
                    document_number=eat_number(rng),
                )
            )
            return plans
        years = 3 if long_term else (1 if first else 2)
        end = add_years(current, years) - DAY
        wsa = current < wohnsitzauflage_until
        plans.append(
            StatusPlan(
                DocumentType.AUFENTHALTSERLAUBNIS,
                basis,
                WORK_ALLOWED if current >= FEG_DATE else WORK_ALLOWED_BEFORE_2020,
                current,
                end,
                wsa,
                place if wsa else "",
                eat_number(rng),
            )
        )
        if end >= today:
            return plans
        current, first = end + DAY, False


def _duldungen(
    rng: Random, country: str, start: dt.date, today: dt.date, place: str
) -> list[StatusPlan]:
    """Duldung after rejection, renewed for 1–6 months; § 61 Abs. 1d AufenthG residence."""
    # § 60a Abs. 6 S. 1 Nr. 3 AufenthG: no work for nationals of safe countries of origin.
    work = (
        WORK_NOT_ALLOWED if country == "georgia" or rng.random() < 0.25 else (WORK_WITH_PERMISSION)
    )
    wsa = rng.random() < 0.8
    return [
        StatusPlan(
            DocumentType.DULDUNG,
            "§ 60a Abs. 2 S. 1 AufenthG",
            work,
            s,
            e,
            wsa,
            place if wsa else "",
        )
        for s, e in renewals(rng, start, (1, 3, 3, 6), today)
    ]


def next_fourth_of_march(day: dt.date) -> dt.date:
    """The 4 March after ``day``: § 24 permits run to the end of the EU's protection year."""
    candidate = dt.date(day.year, 3, 4)
    return candidate if candidate > day else dt.date(day.year + 1, 3, 4)


def plan_ukraine_journey(rng: Random, kommune: DemoKommune, today: dt.date) -> Journey:
    span = max((today - UKRAINE_START).days - 30, 1)
    entry = UKRAINE_START + dt.timedelta(days=int(span * rng.random() ** 2))
    stays = []
    kommune_arrival = entry + days_between(rng, 0, 10)
    if rng.random() < 0.2:  # a few weeks in a state facility before the allocation
        stay_end = entry + days_between(rng, 7, 28)
        stays.append(StayPlan(rng.choice(EAE), ReceptionKind.EAE, entry, stay_end))
        kommune_arrival = stay_end + DAY
    kommune_arrival = min(kommune_arrival, today - DAY)
    place = kommune.name
    wsa = rng.random() < 0.4  # § 12a AufenthG applies to § 24 as well
    fiction_start = min(kommune_arrival + days_between(rng, 1, 20), today)
    fiction_end = add_months(fiction_start, rng.choice((1, 2, 3))) - DAY
    statuses = [
        StatusPlan(
            DocumentType.FIKTIONSBESCHEINIGUNG,
            "§ 81 Abs. 3 S. 1 AufenthG",
            WORK_ALLOWED,
            fiction_start,
            fiction_end,
            wsa,
            place if wsa else "",
        )
    ]
    current = fiction_end + DAY
    while current <= today:
        end = next_fourth_of_march(current + dt.timedelta(days=180))
        statuses.append(
            StatusPlan(
                DocumentType.AUFENTHALTSERLAUBNIS,
                "§ 24 Abs. 1 AufenthG",
                WORK_ALLOWED,
                current,
                end,
                wsa,
                place if wsa else "",
                eat_number(rng),
            )
        )
        current = end + DAY
    _maybe_expired(rng, statuses, today)
    return Journey(entry, kommune_arrival, statuses, stays, None)


def _maybe_expired(rng: Random, statuses: list[StatusPlan], today: dt.date) -> None:
    """A few persons have let their current document lapse (so the dashboard shows them)."""
    last = statuses[-1]
    if last.valid_to is not None and rng.random() < 0.02:
        new_end = today - days_between(rng, 1, 14)
        if new_end >= last.valid_from:
            last.valid_to = new_end


# --- people --------------------------------------------------------------------------------


def _german_level(
    rng: Random, table: tuple[tuple[float, tuple[int, ...]], ...], years: float
) -> str:
    for limit, weights in table:
        if years < limit:
            return rng.choices(GERMAN_LEVELS, weights=weights)[0]
    raise AssertionError("unreachable")


def _languages(
    rng: Random,
    origin: Origin,
    first_language: str,
    member: MemberPlan,
    today: dt.date,
    arrival: dt.date,
) -> list[tuple[str, str, bool]]:
    age = member.age(today)
    if age < 2:
        return [(first_language, str(CEFRLevel.NATIVE), False)]
    languages: list[tuple[str, str, bool]] = [(first_language, str(CEFRLevel.NATIVE), False)]
    years = (today - max(arrival, member.birth_date)).days / 365.25
    if age >= 18:
        level = _german_level(rng, ADULT_GERMAN, years)
        certified = (level in ("B1", "B2", "C1") and rng.random() < 0.6) or (
            level == "A2" and rng.random() < 0.2
        )
    elif age >= 6:
        level = _german_level(rng, SCHOOL_GERMAN, years)
        certified = False
    else:
        level = rng.choice(("A1", "A2", "B1")) if years > 1 else rng.choice(("0", "A1"))
        certified = False
    languages.append(("de", level, certified))
    if age >= 14 and origin.second_languages and rng.random() < 0.35:
        second = rng.choice(origin.second_languages)
        if second not in (first_language, "de"):
            languages.append((second, rng.choice(("A2", "B1", "B2", "C1")), False))
    return languages


def _household_shape(rng: Random, origin: Origin) -> str:
    single_share = {
        "afghanistan": 0.5,
        "eritrea": 0.55,
        "somalia": 0.45,
        "turkey": 0.4,
        "russia": 0.45,
        "iran": 0.35,
        "ukraine": 0.25,
    }.get(origin.key.split("_")[0], 0.3)
    if rng.random() < single_share:
        return "single"
    if origin.key == "ukraine":
        return rng.choices(("couple", "family", "single_parent"), weights=(15, 30, 55))[0]
    return rng.choices(("couple", "family", "single_parent"), weights=(12, 70, 18))[0]


def _draw_name(rng: Random, origin: Origin, gender: str) -> str:
    return rng.choice(origin.female if gender == Gender.FEMALE else origin.male)


def plan_members(
    rng: Random, origin: Origin, today: dt.date, max_persons: int
) -> tuple[str, list[MemberPlan]]:
    """Who lives together: (household name, members with names, genders and birth dates)."""
    shape = _household_shape(rng, origin) if max_persons > 1 else "single"
    if max_persons == 2 and shape == "family":
        shape = "single_parent"
    family_name = rng.choice(origin.family)

    def person(gender: str, age_days: int, relation: str, surname: str) -> MemberPlan:
        first = _draw_name(rng, origin, gender)
        return MemberPlan(
            first_name=first,
            last_name=family_name_for(origin, surname, gender),
            gender=gender,
            birth_date=today - dt.timedelta(days=age_days),
            relation=relation,
        )

    if shape == "single":
        male_share = 0.45 if origin.key == "ukraine" else 0.75
        gender = Gender.MALE if rng.random() < male_share else Gender.FEMALE
        if origin.key == "ukraine" and gender == Gender.FEMALE and rng.random() < 0.35:
            age = rng.uniform(58, 82)  # older women who came alone
        else:
            age = rng.triangular(18, 58, 24)
        member = person(gender, int(age * 365.25), Relation.REFERENCE, family_name)
        return f"{member.first_name} {member.last_name}", [member]

    mother_age_at_youngest = rng.uniform(20, 41)
    if shape == "couple":
        woman_age = rng.uniform(20, 55)
        man_age = woman_age + rng.uniform(-2, 9)
        man = person(Gender.MALE, int(max(man_age, 18.5) * 365.25), Relation.REFERENCE, family_name)
        woman = person(Gender.FEMALE, int(woman_age * 365.25), Relation.SPOUSE, family_name)
        return f"Familie {man.last_name}", [man, woman]

    wanted = rng.choices((1, 2, 3, 4, 5), weights=(30, 32, 20, 11, 7))[0]
    wanted = max(1, min(wanted, max_persons - (1 if shape == "single_parent" else 2)))
    youngest_days = rng.randint(30, 14 * 365)
    mother_days = youngest_days + int(mother_age_at_youngest * 365.25)
    child_days = [youngest_days]
    while len(child_days) < wanted:
        older = child_days[-1] + rng.randint(420, 4 * 365)
        # A child still at home (at most 20) whose mother was at least 18 at birth (17 at
        # least after a fictitious 1 January birth date moves the child up to a year back).
        if older > 20 * 365 or mother_days - older < 18 * 365:
            break
        child_days.append(older)
    child_days.sort(reverse=True)  # oldest first

    members: list[MemberPlan] = []
    if shape == "family":
        father_days = mother_days + rng.randint(-2 * 365, 10 * 365)
        father_days = max(father_days, child_days[0] + 19 * 365 + 30)
        members.append(person(Gender.MALE, father_days, Relation.REFERENCE, family_name))
        members.append(person(Gender.FEMALE, mother_days, Relation.SPOUSE, family_name))
    elif rng.random() < 0.9:
        members.append(person(Gender.FEMALE, mother_days, Relation.REFERENCE, family_name))
    else:
        father_days = max(mother_days + rng.randint(0, 8 * 365), child_days[0] + 19 * 365 + 30)
        members.append(person(Gender.MALE, father_days, Relation.REFERENCE, family_name))
    # Children carry the reference person's family name (the father's in a couple).
    surname = family_name
    for days in child_days:
        gender = Gender.FEMALE if rng.random() < 0.49 else Gender.MALE
        members.append(person(gender, days, Relation.CHILD, surname))
    if origin.key == "ukraine" and len(members) < max_persons and rng.random() < 0.12:
        grandmother_days = mother_days + rng.randint(20 * 365, 32 * 365)
        grandmother = person(
            Gender.FEMALE, grandmother_days, Relation.PARENT, rng.choice(origin.family)
        )
        members.append(grandmother)
    return f"Familie {members[0].last_name}", members


def plan_household(
    rng: Random, kommune: DemoKommune, today: dt.date, max_persons: int = 8
) -> HouseholdPlan:
    """One household of at most ``max_persons``, with the full history of each member."""
    origin = ORIGINS[weighted(rng, ORIGIN_WEIGHTS)]
    name, members = plan_members(rng, origin, today, max_persons)
    family = len(members) > 1
    if origin.temporary_protection:
        journey = plan_ukraine_journey(rng, kommune, today)
    else:
        journey = plan_asylum_journey(rng, origin, kommune, today, family)
    first_language = weighted(rng, dict(origin.languages))
    addresses = _plan_addresses(rng, kommune, journey, today)
    gu_stays = [
        StayPlan(a.care_of, ReceptionKind.GU, a.valid_from, a.valid_to)
        for a in addresses
        if a.care_of
    ]

    for index, member in enumerate(members):
        born_here = member.birth_date > journey.entry
        # A fictitious birth date (1 January) where no document showed the real one.
        if not born_here and rng.random() < origin.first_of_january:
            member.birth_date = dt.date(member.birth_date.year, 1, 1)
        start = max(member.birth_date, journey.entry)
        member.joined_on = max(journey.kommune_arrival, member.birth_date)
        statuses = clip(journey.statuses, start)
        if born_here:
            statuses = [s for s in statuses if s.document_type != DocumentType.ANKUNFTSNACHWEIS]
        member.statuses = statuses
        member.stays = clip(journey.stays + gu_stays, start)
        member.addresses = clip(addresses, member.joined_on)
        if journey.asylum is not None:
            member.asylum = _member_asylum(rng, journey.asylum, member, born_here, today)
            member.asylum.bamf_reference = (
                f"{rng.randint(5_000_000, 9_999_999) + index}-{origin.destatis_code}"
            )
        member.languages = _languages(
            rng, origin, first_language, member, today, journey.kommune_arrival
        )
        if member.age(today) >= 18:
            if rng.random() < 0.7:
                member.phone = f"{rng.choice(MOBILE_PREFIXES)} {rng.randint(1_000_000, 99_999_999)}"
            if rng.random() < 0.25:
                local = ".".join(
                    fold(p).replace(" ", "") for p in (member.first_name, member.last_name)
                )
                member.email = f"{local}{rng.randint(1, 99)}@{rng.choice(MAIL_DOMAINS)}"
        if rng.random() < 0.015:
            member.health = (rng.random() < 0.6, rng.random() < 0.5, "")
    return HouseholdPlan(origin, name, journey.kommune_arrival, members)


def _member_asylum(
    rng: Random, family: AsylumPlan, member: MemberPlan, born_here: bool, today: dt.date
) -> AsylumPlan:
    if not born_here:
        return AsylumPlan(**vars(family))
    # § 14a Abs. 2 AsylG: the application for a child born here counts as made on notice.
    application = min(member.birth_date + days_between(rng, 7, 45), today)
    decision_date, decision = family.decision_date, family.decision
    if decision_date is not None and decision_date < application:
        # The family was decided on before: the child's own decision follows (§ 26 AsylG).
        decision_date = application + days_between(rng, 60, 300)
        if decision_date > today - DAY:
            decision_date, decision = None, AsylumDecision.PENDING
    return AsylumPlan(None, None, application, decision_date, decision, "")


def _plan_addresses(
    rng: Random, kommune: DemoKommune, journey: Journey, today: dt.date
) -> list[AddressPlan]:
    """Shared accommodation first for some, then one or two flats in the town."""
    addresses: list[AddressPlan] = []
    start = journey.kommune_arrival
    if rng.random() < 0.4:
        name, street, postcode = rng.choice(kommune.shared_accommodation)
        end: dt.date | None = start + days_between(rng, 60, 540)
        if end is None or end >= today or rng.random() < 0.15:
            end = None
        addresses.append(AddressPlan(street, postcode, kommune.name, name, start, end))
        if end is None:
            return addresses
        start = end + DAY
    if rng.random() < 0.2 and (today - start).days > 200:
        move = start + days_between(rng, 90, (today - start).days - 30)
        addresses.append(_flat(rng, kommune, start, move - DAY))
        start = move
    addresses.append(_flat(rng, kommune, start, None))
    return addresses


def _flat(rng: Random, kommune: DemoKommune, start: dt.date, end: dt.date | None) -> AddressPlan:
    street, postcode = rng.choice(kommune.streets)
    number = str(rng.randint(1, 160)) + (rng.choice("abc") if rng.random() < 0.08 else "")
    return AddressPlan(f"{street} {number}", postcode, kommune.name, "", start, end)
