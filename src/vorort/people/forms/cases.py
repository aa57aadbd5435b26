"""Forms of the case file. They parse and check input; the services decide and write.

Every error message names its field ("Due date: …"), so it is clear also where it is read
away from the field (an error summary, a screen reader's list of errors).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vorort.core.models import User

from ..choices import GoalStatus
from ..models import Household, Person
from ..selectors import case_staff

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]


def set_queryset(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    """Limit the choices of the model choice field ``name`` (per request: Kommune, person)."""
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class NamedErrorsForm(forms.Form):
    """A form whose standard messages (required, invalid, too long…) name the field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = str(field.label or "")
            field.error_messages = {
                **field.error_messages,
                "required": _("%(field)s: this field is required.") % {"field": label},
                "invalid_choice": _("%(field)s: please choose one of the offered values.")
                % {"field": label},
            }
            if isinstance(field, forms.DateTimeField):
                field.error_messages["invalid"] = _(
                    "%(field)s: please enter a valid date and time."
                ) % {"field": label}
            elif isinstance(field, forms.DateField):
                field.error_messages["invalid"] = _(
                    "%(field)s: please enter a valid date (DD.MM.YYYY)."
                ) % {"field": label}
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = _(
                    "%(field)s: please use at most %(limit)s characters."
                ) % {"field": label, "limit": field.max_length}
            if isinstance(field, forms.FileField):
                field.error_messages["empty"] = _("%(field)s: the file is empty.") % {
                    "field": label
                }
                field.error_messages["invalid"] = _(
                    "%(field)s: no file was received. Please choose the file again."
                ) % {"field": label}
            if isinstance(field, forms.IntegerField):
                field.error_messages["invalid"] = _("%(field)s: please enter a whole number.") % {
                    "field": label
                }

    def check_not_future(self, name: str) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get(name)
        if day is not None and day > timezone.localdate():
            raise forms.ValidationError(
                _("%(field)s: the date cannot be in the future.")
                % {"field": self.fields[name].label}
            )
        return day


class VersionForm(NamedErrorsForm):
    """Carries the version the page was rendered with (optimistic lock)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class CaseForm(VersionForm):
    case_manager = StaffChoiceField(
        label=gettext_lazy("Case manager"), queryset=User.objects.none(), empty_label=None
    )
    household = forms.ModelChoiceField(
        label=gettext_lazy("Household"),
        queryset=Household.objects.none(),
        required=False,
        empty_label=gettext_lazy("— no household —"),
        help_text=gettext_lazy("Optional: the household of the person the case also covers."),
    )
    opened_on = forms.DateField(label=gettext_lazy("Opened on"), widget=DATE_WIDGET)
    summary = forms.CharField(
        label=gettext_lazy("Summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )

    def __init__(
        self, *args: Any, kommune_id: int, person: Person, require_version: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "case_manager", case_staff(kommune_id))
        set_queryset(
            self,
            "household",
            Household.objects.filter(
                members__person=person, members__left_on__isnull=True
            ).distinct(),
        )
        self.fields["version"].required = require_version
        if not require_version:
            del self.fields["version"]

    def clean_opened_on(self) -> dt.date | None:
        return self.check_not_future("opened_on")


class CaseCloseForm(VersionForm):
    closed_on = forms.DateField(label=gettext_lazy("Closed on"), widget=DATE_WIDGET)

    def clean_closed_on(self) -> dt.date | None:
        return self.check_not_future("closed_on")


class GoalForm(NamedErrorsForm):
    title = forms.CharField(label=gettext_lazy("Goal"), max_length=300)
    target_date = forms.DateField(
        label=gettext_lazy("Target date"), widget=DATE_WIDGET, required=False
    )


class GoalStatusForm(VersionForm):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=GoalStatus.choices)


class TaskForm(NamedErrorsForm):
    title = forms.CharField(label=gettext_lazy("Task"), max_length=300)
    due_date = forms.DateField(label=gettext_lazy("Due date"), widget=DATE_WIDGET)
    assignee = StaffChoiceField(
        label=gettext_lazy("Assigned to"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("— nobody —"),
    )

    def __init__(self, *args: Any, kommune_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "assignee", case_staff(kommune_id))


class NoteForm(NamedErrorsForm):
    text = forms.CharField(
        label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )


class AppointmentForm(NamedErrorsForm):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=gettext_lazy("Starts at"), widget=DATETIME_WIDGET, input_formats=DATETIME_FORMATS
    )
    location = forms.CharField(label=gettext_lazy("Location"), max_length=200, required=False)
    staff = StaffChoiceField(
        label=gettext_lazy("With"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("— nobody —"),
    )

    def __init__(self, *args: Any, kommune_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "staff", case_staff(kommune_id))
