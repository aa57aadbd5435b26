"""Forms of the person file. They parse and pre-check input; the services decide and write.

Every message names its field ("Valid to: …"), so it is understood also in the error
summary or a screen reader's list of errors. The checks that need no database are the
services' own ``*_problems`` functions, so form and service cannot disagree.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vorort.core.models import User

from ..choices import CEFRLevel, Relation
from ..models import (
    Address,
    AsylumProcedure,
    HealthRecord,
    Household,
    Person,
    PersonAssignment,
    PersonLanguage,
    ReceptionStay,
    ResidenceStatus,
)
from ..selectors import volunteers_of
from ..services.persons import (
    ASYLUM_FIELDS,
    HEALTH_FIELDS,
    PERSON_FIELDS,
    STATUS_FIELDS,
    Problems,
    asylum_problems,
    birth_date_problems,
    period_problems,
    status_problems,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
DATE_WIDGETS = {"birth_date": DATE_WIDGET, "valid_from": DATE_WIDGET, "valid_to": DATE_WIDGET}


def name_errors(form: forms.BaseForm) -> None:
    """Let the standard messages (required, invalid, too long…) name their field.

    Date fields also accept both ISO and German dates whatever the page language.
    """
    for field in form.fields.values():
        label = str(field.label or "")
        field.error_messages = {
            **field.error_messages,
            "required": _("%(field)s: this field is required.") % {"field": label},
            "invalid_choice": _("%(field)s: please choose one of the offered values.")
            % {"field": label},
        }
        if isinstance(field, forms.DateField):
            # ISO (what a date picker sends) and the German way of writing, in every language.
            field.input_formats = DATE_INPUT_FORMATS
            field.error_messages["invalid"] = _(
                "%(field)s: please enter a valid date (DD.MM.YYYY)."
            ) % {"field": label}
        if isinstance(field, forms.EmailField):
            field.error_messages["invalid"] = _(
                "%(field)s: please enter a valid e-mail address."
            ) % {"field": label}
        if isinstance(field, forms.CharField) and field.max_length:
            field.error_messages["max_length"] = _(
                "%(field)s: please use at most %(limit)s characters."
            ) % {"field": label, "limit": field.max_length}


def add_problems(form: forms.BaseForm, problems: Problems) -> None:
    """Attach ``(field, message)`` pairs to the form, beside the field where it has one."""
    for field, message in problems:
        if field in form.fields and field not in form.errors:
            form.add_error(field, message)
        elif field not in form.fields:
            form.add_error(None, message)


class VersionMixin(forms.Form):
    """The optimistic lock: the version of the record the form was rendered with."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class BaseModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_errors(self)


class PersonForm(VersionMixin, BaseModelForm):
    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {
            **DATE_WIDGETS,
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        add_problems(self, birth_date_problems(cleaned.get("birth_date")))
        return cleaned

    def person_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PERSON_FIELDS}


class PersonCreateForm(PersonForm):
    household = forms.ModelChoiceField(
        label=gettext_lazy("Add to existing household"),
        queryset=Household.objects.none(),
        required=False,
        to_field_name="uuid",
    )
    new_household_name = forms.CharField(
        label=gettext_lazy("or create a new household named"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("e.g. “Familie Haddad”"),
    )
    relation = forms.ChoiceField(
        label=gettext_lazy("Relation to the household"),
        choices=[("", "—"), *Relation.choices],
        required=False,
    )
    create_anyway = forms.BooleanField(
        label=gettext_lazy("Create anyway (it is a different person)"),
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["household"]
        ).queryset = Household.objects.order_by("name", "id")

    def show_create_anyway(self) -> None:
        """Offer the checkbox after a duplicate warning."""
        self.fields["create_anyway"].widget = forms.CheckboxInput()

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        has_household = cleaned.get("household") is not None
        has_new = bool((cleaned.get("new_household_name") or "").strip())
        if has_household and has_new:
            self.add_error(
                "new_household_name",
                _("Household: choose an existing household or enter a new name, not both."),
            )
        if (has_household or has_new) and not cleaned.get("relation"):
            self.add_error("relation", _("Relation: please choose the relation to the household."))
        return cleaned


POSTCODE = RegexValidator(
    r"^\d{5}$", gettext_lazy("Postcode: please enter the five digits of a German postcode.")
)


class AddressForm(BaseModelForm):
    class Meta:
        model = Address
        fields = ("street", "postcode", "city", "care_of", "valid_from")
        widgets = DATE_WIDGETS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["postcode"].validators.append(POSTCODE)
        self.fields["postcode"].widget.attrs.update({"inputmode": "numeric"})

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("valid_from"):
            add_problems(
                self, period_problems(Address, valid_from=cleaned["valid_from"], valid_to=None)
            )
        return cleaned


class LanguageForm(BaseModelForm):
    """A language with its level; "level not known" is only for imported lists that name
    the language alone, the form asks for the level."""

    class Meta:
        model = PersonLanguage
        fields = ("language", "level", "certified")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        level = self.fields["level"]
        assert isinstance(level, forms.ChoiceField)
        level.required = True
        level.choices = [("", "---------")] + [
            (value, label) for value, label in CEFRLevel.choices if value
        ]


class StatusForm(VersionMixin, BaseModelForm):
    class Meta:
        model = ResidenceStatus
        fields = STATUS_FIELDS
        widgets = DATE_WIDGETS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if "valid_from" in cleaned and "document_type" in cleaned:
            add_problems(self, status_problems(**cleaned))
        return cleaned

    def status_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in STATUS_FIELDS}


class AsylumForm(VersionMixin, BaseModelForm):
    class Meta:
        model = AsylumProcedure
        fields = ASYLUM_FIELDS
        widgets = dict.fromkeys(
            ("request_date", "registration_date", "application_date", "decision_date"), DATE_WIDGET
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if not self.errors:
            add_problems(self, asylum_problems(**cleaned))
        return cleaned

    def asylum_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ASYLUM_FIELDS}


class ReceptionForm(BaseModelForm):
    class Meta:
        model = ReceptionStay
        fields = ("facility", "kind", "valid_from", "valid_to")
        widgets = DATE_WIDGETS

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("valid_from"):
            add_problems(
                self,
                period_problems(
                    ReceptionStay,
                    valid_from=cleaned["valid_from"],
                    valid_to=cleaned.get("valid_to"),
                ),
            )
        return cleaned


class HealthForm(VersionMixin, BaseModelForm):
    class Meta:
        model = HealthRecord
        fields = HEALTH_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True

    def health_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in HEALTH_FIELDS}


class VolunteerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class AssignmentForm(BaseModelForm):
    volunteer = VolunteerChoiceField(
        label=gettext_lazy("Volunteer"), queryset=User.objects.none(), to_field_name="uuid"
    )

    class Meta:
        model = PersonAssignment
        fields = ("volunteer", "purpose", "valid_from", "valid_to")
        widgets = DATE_WIDGETS

    def __init__(self, *args: Any, kommune_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["volunteer"]).queryset = volunteers_of(kommune_id)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error(
                "valid_to",
                _("Valid to: the end must not be before the start."),
            )
        return cleaned
