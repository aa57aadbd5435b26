"""Forms of the placement pipeline. They parse input; the services decide and write.

Every step form carries the placement's ``version`` (optimistic lock): a step recorded on a
page that someone else changed meanwhile is refused with a message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from vorort.core.models import User
from vorort.core.roles import Role
from vorort.people.forms.persons import DATE_INPUT_FORMATS, DATE_WIDGET, name_errors

from .services.placement import CASE_MANAGER_ROLES

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, widget=DATE_WIDGET, input_formats=DATE_INPUT_FORMATS, **kwargs
    )


class StepForm(forms.Form):
    """Base: the hidden version and field-naming error messages."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_errors(self)


class AcceptForm(StepForm):
    reason = forms.CharField(label=gettext_lazy("Note (optional)"), max_length=500, required=False)


class RejectForm(StepForm):
    reason = forms.CharField(label=gettext_lazy("Reason for rejecting"), max_length=500)


class ViewingForm(StepForm):
    viewing_at = forms.DateTimeField(
        label=gettext_lazy("Viewing date and time"),
        widget=DATETIME_WIDGET,
        input_formats=DATETIME_INPUT_FORMATS,
    )
    viewing_place = forms.CharField(
        label=gettext_lazy("Meeting point"),
        max_length=200,
        help_text=gettext_lazy("Where the household, the tandem and the landlord meet."),
    )


class LandlordForm(StepForm):
    accepted = forms.TypedChoiceField(
        label=gettext_lazy("The landlord"),
        choices=[("yes", gettext_lazy("agrees")), ("no", gettext_lazy("refuses"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    landlord_decided_on = _date(gettext_lazy("Decided on"))
    reason = forms.CharField(
        label=gettext_lazy("Reason (if refused)"), max_length=500, required=False
    )


class CertificateForm(StepForm):
    certificate_on = _date(gettext_lazy("Certificate issued on"))
    certificate_office = forms.CharField(
        label=gettext_lazy("Paying office"),
        max_length=200,
        help_text=gettext_lazy("e.g. Jobcenter Paderborn, Sozialamt"),
    )


class ContractForm(StepForm):
    contract_signed_on = _date(gettext_lazy("Contract signed on"))
    lease_starts_on = _date(gettext_lazy("Lease starts on"))


class MoveInForm(StepForm):
    moved_in_on = _date(
        gettext_lazy("Moved in on"),
        help_text=gettext_lazy(
            "The stays in facilities end the night before; the new address starts on this day."
        ),
    )


class CancelForm(StepForm):
    reason = forms.CharField(label=gettext_lazy("Reason for cancelling"), max_length=500)


class FollowUpForm(forms.Form):
    visited_on = _date(gettext_lazy("Visited on"))
    note = forms.CharField(
        label=gettext_lazy("How is it going?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    landlord_contacted = forms.BooleanField(
        label=gettext_lazy("Landlord contacted"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"visited_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        name_errors(self)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


def staff_of(kommune_id: int, roles: Any) -> QuerySet[User]:
    return (
        User.objects.filter(
            memberships__kommune_id=kommune_id, memberships__role__in=roles, is_active=True
        )
        .order_by("last_name", "first_name", "username")
        .distinct()
    )


class TandemForm(StepForm):
    case_manager = UserChoiceField(
        label=gettext_lazy("Case manager"), queryset=User.objects.none(), to_field_name="uuid"
    )
    volunteer = UserChoiceField(
        label=gettext_lazy("Volunteer"),
        queryset=User.objects.none(),
        to_field_name="uuid",
        required=False,
    )

    def __init__(self, *args: Any, kommune_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(UserChoiceField, self.fields["case_manager"]).queryset = staff_of(
            kommune_id, CASE_MANAGER_ROLES
        )
        cast(UserChoiceField, self.fields["volunteer"]).queryset = staff_of(
            kommune_id, [Role.EHRENAMT]
        )


def aware(value: dt.datetime) -> dt.datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value
