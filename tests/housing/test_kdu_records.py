"""KdU tables: shipped tables, limits beyond the table, dated before undated, views, command."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from vorort.housing.models import HousingNeed, KduLimit, KduTable
from vorort.housing.services import kdu
from vorort.people.models import Household


def url(name: str, **kwargs):
    return reverse(f"housing:{name}", kwargs={"kommune": "paderborn", **kwargs})


@pytest.mark.parametrize("name", sorted(kdu.shipped_tables()))
def test_every_shipped_table_loads(tenant, name):
    table = kdu.load_table(kommune=tenant.kommune, path=kdu.shipped_tables()[name])
    assert table.source
    assert table.limit_for(1) is not None
    assert table.limits.count() >= 5


def test_paderborn_values_and_limit_beyond_the_table(tenant):
    table = kdu.load_table(kommune=tenant.kommune, path=kdu.shipped_tables()["paderborn"])
    assert table.limit_for(4) == Decimal("742.90")
    assert not table.verified
    assert table.valid_from is None
    # 7 persons: the 5-person limit plus twice the amount per further person.
    assert table.limit_for(7) == Decimal("898.70") + 2 * Decimal("122.55")


def test_duesseldorf_is_dated_and_verified(tenant):
    table = kdu.load_table(kommune=tenant.kommune, path=kdu.shipped_tables()["duesseldorf"])
    assert table.valid_from == dt.date(2024, 11, 1)
    assert table.verified
    assert table.limit_for(1) == Decimal("546")


def test_loading_again_replaces_the_table(tenant):
    path = kdu.shipped_tables()["paderborn"]
    kdu.load_table(kommune=tenant.kommune, path=path)
    kdu.load_table(kommune=tenant.kommune, path=path)
    assert KduTable.objects.filter(kommune=tenant.kommune).count() == 1


def dated(kommune, name, start, one_person, area="Paderborn"):
    table = KduTable.objects.create(
        kommune=kommune,
        name=name,
        area=area,
        valid_from=start,
        extra_person_amount=Decimal("100"),
        source="Test",
    )
    KduLimit.objects.create(kommune=kommune, table=table, persons=1, max_rent=one_person)
    return table


def test_table_on_prefers_a_dated_table_over_the_undated(tenant):
    kdu.load_table(kommune=tenant.kommune, path=kdu.shipped_tables()["paderborn"])
    newer = dated(tenant.kommune, "KdU 2026", dt.date(2026, 1, 1), Decimal("470"))
    assert kdu.table_on(tenant.kommune, dt.date(2026, 6, 1), "Paderborn") == newer
    # Before the dated table starts, the undated one applies.
    assert kdu.table_on(tenant.kommune, dt.date(2025, 6, 1)).name.startswith("KdU Paderborn")


def test_rent_limit_counts_persons_and_names_the_table(tenant):
    kdu.load_table(kommune=tenant.kommune, path=kdu.shipped_tables()["paderborn"])
    household = Household.objects.create(kommune=tenant.kommune, name="Familie Haddad")
    need = HousingNeed.objects.create(
        kommune=tenant.kommune, household=household, seeking_since=dt.date(2026, 1, 1)
    )
    limit = kdu.rent_limit(need, 2, dt.date(2026, 6, 1))
    assert limit.amount == Decimal("520.00")
    assert limit.source == "KdU Paderborn / Bad Lippspringe"


# --- Views ------------------------------------------------------------------------------


def test_list_and_detail_show_the_unverified_warning(tenant):
    table = kdu.load_table(kommune=tenant.kommune, path=kdu.shipped_tables()["paderborn"])
    client = tenant.client("fallmanagement")
    response = client.get(url("kdu_list"))
    assert response.status_code == 200
    assert "KdU Paderborn / Bad Lippspringe" in response.content.decode()
    response = client.get(url("kdu_detail", table=table.uuid))
    text = response.content.decode()
    assert "badge warn" in text
    assert "742,90 €" in text
    assert "122,55 €" in text
    assert "jobcenter-paderborn.de" in text


def test_load_shipped_table_by_button(tenant):
    response = tenant.client("wohnraum").post(url("kdu_load"), {"table": "duesseldorf"})
    table = KduTable.objects.get(kommune=tenant.kommune)
    assert response["Location"] == url("kdu_detail", table=table.uuid)
    assert table.area == "Düsseldorf"


def test_load_unknown_table_changes_nothing(tenant):
    response = tenant.client("wohnraum").post(url("kdu_load"), {"table": "../../etc/passwd"})
    assert response.status_code == 302
    assert not KduTable.objects.exists()


def kdu_post(**overrides):
    data = {
        "name": "KdU Paderborn 2027",
        "area": "Paderborn, Bad Lippspringe",
        "rent_basis": "bruttokalt",
        "valid_from": "2027-01-01",
        "valid_to": "",
        "extra_person_amount": "125.00",
        "legal_basis": "§ 22 Abs. 1 SGB II",
        "source": "Jobcenter Kreis Paderborn, Schreiben vom 1.12.2026",
        "note": "",
        "limit_1": "450.00",
        "limit_2": "530.00",
        "limit_3": "655.00",
        "limit_4": "",
        "limit_5": "",
        "limit_6": "",
    }
    data.update(overrides)
    return data


def test_create_a_dated_table(tenant):
    response = tenant.client("wohnraum").post(url("kdu_create"), kdu_post())
    table = KduTable.objects.get(name="KdU Paderborn 2027")
    assert response["Location"] == url("kdu_detail", table=table.uuid)
    assert table.valid_from == dt.date(2027, 1, 1)
    assert table.limit_for(3) == Decimal("655.00")
    assert table.limit_for(5) == Decimal("655.00") + 2 * Decimal("125.00")


def test_create_with_gap_or_negative_is_refused(tenant):
    client = tenant.client("wohnraum")
    response = client.post(url("kdu_create"), kdu_post(limit_2="", limit_3="600"))
    assert response.status_code == 400
    assert "limit_2" in response.context["form"].errors
    response = client.post(url("kdu_create"), kdu_post(limit_1="-5"))
    assert response.status_code == 400
    assert "limit_1" in response.context["form"].errors
    response = client.post(url("kdu_create"), kdu_post(valid_from=""))
    assert response.status_code == 400
    assert "valid_from" in response.context["form"].errors
    assert not KduTable.objects.exists()


def test_wrong_role_and_other_kommune(tenant, other_tenant):
    table = kdu.load_table(kommune=tenant.kommune, path=kdu.shipped_tables()["paderborn"])
    assert (
        tenant.client("fallmanagement").post(url("kdu_load"), {"table": "duesseldorf"}).status_code
        == 403
    )
    assert tenant.client("ehrenamt").get(url("kdu_list")).status_code == 403
    response = other_tenant.client("wohnraum").get(
        reverse("housing:kdu_detail", kwargs={"kommune": "koenigswinter", "table": table.uuid})
    )
    assert response.status_code == 404
    assert KduTable.objects.count() == 1


# --- Command ----------------------------------------------------------------------------


def test_command_loads_a_shipped_table(tenant, capsys):
    call_command("kdu", "load", "--kommune", "paderborn")
    assert KduTable.objects.get(kommune=tenant.kommune).name == "KdU Paderborn / Bad Lippspringe"
    call_command("kdu", "load", "--kommune", "paderborn", "--table", "duesseldorf")
    assert KduTable.objects.filter(kommune=tenant.kommune).count() == 2
    assert "Düsseldorf" in capsys.readouterr().out


def test_command_loads_a_file_and_names_a_bad_field(tenant, tmp_path):
    good = tmp_path / "eigen.toml"
    good.write_text(
        'name = "Eigene"\narea = "Paderborn"\nsource = "Test"\nextra_person_amount = "10"\n'
        '[[limits]]\npersons = 1\nmax_rent = "400"\n',
        encoding="utf-8",
    )
    call_command("kdu", "load", "--kommune", "paderborn", "--table", str(good))
    assert KduTable.objects.get(name="Eigene").limit_for(2) == Decimal("410")
    bad = tmp_path / "kaputt.toml"
    bad.write_text('name = "Kaputt"\narea = "X"\nsource = "Y"\n', encoding="utf-8")
    with pytest.raises(CommandError, match="extra_person_amount"):
        call_command("kdu", "load", "--kommune", "paderborn", "--table", str(bad))
    with pytest.raises(CommandError, match="--kommune"):
        call_command("kdu", "load", "--kommune", "nirgendwo")
    with pytest.raises(CommandError, match="--table"):
        call_command("kdu", "load", "--kommune", "paderborn", "--table", "bonn")


def test_kdu_list_query_count_is_constant(tenant, django_assert_max_num_queries):
    for n in range(2):
        dated(tenant.kommune, f"KdU {n}", dt.date(2020 + n, 1, 1), Decimal("400"))
    client = tenant.client("wohnraum")
    client.get(url("kdu_list"))
    with django_assert_max_num_queries(15) as small:
        client.get(url("kdu_list"))
    for n in range(2, 20):
        dated(tenant.kommune, f"KdU {n}", dt.date(2000 + n, 1, 1), Decimal("400"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url("kdu_list"))
    assert len(response.context["tables"]) == 20
