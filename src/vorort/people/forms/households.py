"""Forms of households: create one, add a member, record that a member left."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from ..choices import Relation
from ..models import Household, Person
from .persons import DATE_WIDGET, BaseModelForm, name_errors

#: How many persons the member form offers at once; the search narrows them down.
PERSON_CHOICES_LIMIT = 50


class HouseholdForm(BaseModelForm):
    class Meta:
        model = Household
        fields = ("name", "notes")
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        born = obj.birth_date.strftime("%d.%m.%Y") if obj.birth_date else "–"
        reference = f", {obj.file_reference}" if obj.file_reference else ""
        return f"{obj} ({born}{reference})"


class MemberAddForm(forms.Form):
    """Choose a person of the Kommune: any visible person is accepted, ``offered`` are listed."""

    person = PersonChoiceField(
        label=gettext_lazy("Person"), queryset=Person.objects.none(), to_field_name="uuid"
    )
    relation = forms.ChoiceField(label=gettext_lazy("Relation"), choices=Relation.choices)
    joined_on = forms.DateField(label=gettext_lazy("Member since"), widget=DATE_WIDGET)

    def __init__(
        self, *args: Any, persons: QuerySet[Person], offered: QuerySet[Person], **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {"joined_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        field = cast(PersonChoiceField, self.fields["person"])
        field.queryset = persons
        # The select shows only the first matches of the search; validation accepts any
        # person the user may see (a form posted with another uuid is still checked).
        field.widget.choices = [("", "—")] + [
            (str(p.uuid), field.label_from_instance(p)) for p in offered[:PERSON_CHOICES_LIMIT]
        ]
        name_errors(self)


class MemberLeaveForm(forms.Form):
    left_on = forms.DateField(
        label=gettext_lazy("Member until"), required=False, widget=DATE_WIDGET
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_errors(self)
