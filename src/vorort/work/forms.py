"""Forms of work access: the facts, a process step, starting a path, the date and activity.

Yes/no facts have a third answer, "unknown": the engine then names the fact as missing
instead of anyone assuming "no".
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from vorort.core.models import User
from vorort.people.forms.persons import (
    DATE_WIDGET,
    BaseModelForm,
    VersionMixin,
    add_problems,
    name_errors,
)
from vorort.people.models import Person

from .models import ProcessPath, WorkAccessFacts, WorkProcessStep
from .selectors import responsible_choices
from .services import FACT_DATES, FACT_FIELDS, facts_problems

UNKNOWN_YES_NO = [("unknown", _("unknown")), ("true", _("yes")), ("false", _("no"))]


class UnknownYesNo(forms.NullBooleanSelect):
    """A select of unknown / yes / no for a nullable yes/no fact."""

    def __init__(self, attrs: Any = None) -> None:
        super().__init__(attrs)
        self.choices = UNKNOWN_YES_NO


class FactsForm(VersionMixin, BaseModelForm):
    class Meta:
        model = WorkAccessFacts
        fields = FACT_FIELDS
        widgets = dict.fromkeys(FACT_DATES, DATE_WIDGET)

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        for field in self.fields.values():
            if isinstance(field, forms.NullBooleanField):
                field.widget = UnknownYesNo()
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True
        name_errors(self)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not self.errors:
            add_problems(self, facts_problems(person=self.person, **cleaned))
        return cleaned

    def facts_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in FACT_FIELDS}


class ResponsibleField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class StepForm(BaseModelForm):
    responsible = ResponsibleField(
        label=_("Responsible"),
        queryset=User.objects.none(),
        to_field_name="uuid",
        required=False,
    )

    class Meta:
        model = WorkProcessStep
        fields = ("path", "kind", "due_date", "responsible", "note")
        widgets = {"due_date": DATE_WIDGET}

    def __init__(self, *args: Any, kommune_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["responsible"]).queryset = responsible_choices(
            kommune_id
        )
        name_errors(self)


class PathStartForm(forms.Form):
    path = forms.ChoiceField(label=_("Path"), choices=ProcessPath.choices)
    responsible = ResponsibleField(
        label=_("Responsible"),
        queryset=User.objects.none(),
        to_field_name="uuid",
        required=False,
    )

    def __init__(self, *args: Any, kommune_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["responsible"]).queryset = responsible_choices(
            kommune_id
        )
        name_errors(self)


class StepDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_errors(self)


ACTIVITY_FORM_CHOICES = [
    ("employment", _("Employment")),
    ("vocational_training", _("Vocational training")),
    ("internship", _("Internship")),
    ("self_employment", _("Self-employment")),
]
INTERNSHIP_FORM_CHOICES = [
    ("", _("unknown")),
    ("mandatory", _("compulsory internship (training, studies)")),
    ("orientation_max_3_months", _("orientation internship of at most 3 months")),
    ("alongside_training_max_3_months", _("internship alongside training of at most 3 months")),
    ("einstiegsqualifizierung", _("Einstiegsqualifizierung")),
    ("other", _("other internship")),
]


class AnswerQueryForm(forms.Form):
    """The date and activity of the full answer (GET parameters)."""

    on = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    activity = forms.ChoiceField(label=_("Activity"), choices=ACTIVITY_FORM_CHOICES, required=False)
    internship_kind = forms.ChoiceField(
        label=_("Kind of internship"), choices=INTERNSHIP_FORM_CHOICES, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_errors(self)


LIST_TABS = [
    ("all", _("Everyone")),
    ("30", _("Waiting period ends within 30 days")),
    ("90", _("Waiting period ends within 90 days")),
    ("ban", _("Work ban")),
    ("duldung", _("Duldung: Ausbildungsduldung or Beschäftigungsduldung?")),
]
