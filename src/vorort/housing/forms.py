"""Forms of the housing register, the KdU tables, the housing need and the public offer form.

They parse and pre-check input (every message names its field); the services decide and write.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vorort.people.forms.persons import (
    DATE_WIDGET,
    POSTCODE,
    BaseModelForm,
    VersionMixin,
    name_errors,
)
from vorort.people.models import Person

from .choices import ApartmentStatus, LandlordKind, PlaceKind, RentBasis
from .models import (
    Apartment,
    District,
    Facility,
    HousingNeed,
    ImportantPlace,
    KduTable,
    Landlord,
    OfferSubmission,
)
from .services.records import (
    APARTMENT_FIELDS,
    DISTRICT_FIELDS,
    FACILITY_FIELDS,
    KDU_FORM_SIZES,
    LANDLORD_FIELDS,
    apartment_problems,
)


def money_errors(form: forms.BaseForm) -> None:
    """Number fields: messages that name the field (too small, too many digits, not a number).

    Django replaces a validator's message by the field's ``error_messages`` of the same code,
    so the shared validator objects stay untouched.
    """
    for field in form.fields.values():
        if isinstance(field, forms.DecimalField):
            label = str(field.label or "")
            field.error_messages = {
                **field.error_messages,
                "invalid": _("%(field)s: please enter a number.") % {"field": label},
                "min_value": _("%(field)s: must be at least %%(limit_value)s.") % {"field": label},
                "max_value": _("%(field)s: must be at most %%(limit_value)s.") % {"field": label},
                "max_digits": _("%(field)s: the number is too large.") % {"field": label},
                "max_decimal_places": _("%(field)s: at most %%(max)s decimal places.")
                % {"field": label},
            }
        elif isinstance(field, forms.IntegerField) and not isinstance(
            field.widget, forms.HiddenInput
        ):
            label = str(field.label or "")
            field.error_messages = {
                **field.error_messages,
                "invalid": _("%(field)s: please enter a whole number.") % {"field": label},
                "min_value": _("%(field)s: must be at least %%(limit_value)s.") % {"field": label},
                "max_value": _("%(field)s: must be at most %%(limit_value)s.") % {"field": label},
            }


class HousingModelForm(VersionMixin, BaseModelForm):
    """A model form with the optimistic lock (version required when editing)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._model_limits()
        money_errors(self)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["version"].required = True

    def _model_limits(self) -> None:
        # Django's number form fields do not take over every MinValueValidator of the model
        # (e.g. places ≥ 1 on a PositiveIntegerField): check them here, beside the field.
        for name, field in self.fields.items():
            if not isinstance(field, forms.IntegerField):  # DecimalField is one too
                continue
            try:
                model_field = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            for validator in model_field.validators:
                if isinstance(validator, MinValueValidator | MaxValueValidator):
                    field.validators.append(
                        type(validator)(validator.limit_value)  # a copy: the model's is shared
                    )

    def data_for(self, fields: tuple[str, ...]) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in fields if name in self.cleaned_data}

    def _post_clean(self) -> None:
        # Model validation runs in the service (save_audited); keeping the instance untouched
        # here means a refused change leaves nothing half-applied in memory either.
        pass


class DistrictForm(HousingModelForm):
    class Meta:
        model = District
        fields = DISTRICT_FIELDS


class LandlordForm(HousingModelForm):
    class Meta:
        model = Landlord
        fields = LANDLORD_FIELDS
        widgets = {
            "preferences": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["postcode"].validators.append(POSTCODE)


class ApartmentForm(HousingModelForm):
    # Declared (not generated from the model) so the querysets are built per request, in the
    # Kommune's scope: a generated field would query at import time.
    landlord = forms.ModelChoiceField(
        label=gettext_lazy("Landlord"), queryset=Landlord.objects.none(), to_field_name="uuid"
    )
    district = forms.ModelChoiceField(
        label=gettext_lazy("District"),
        queryset=District.objects.none(),
        to_field_name="uuid",
        required=False,
    )

    class Meta:
        model = Apartment
        fields = APARTMENT_FIELDS
        widgets = {"available_from": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["postcode"].validators.append(POSTCODE)
        landlord = cast(forms.ModelChoiceField, self.fields["landlord"])
        landlord.queryset = Landlord.objects.order_by("name", "id")
        district = cast(forms.ModelChoiceField, self.fields["district"])
        district.queryset = District.objects.order_by("municipality", "name")
        if self.instance.pk:
            # A ModelChoiceField with to_field_name shows the uuid of the current value.
            self.initial["landlord"] = self.instance.landlord.uuid
            if self.instance.district_id:
                self.initial["district"] = self.instance.district.uuid

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for field, message in apartment_problems(cleaned):
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned


class WithdrawForm(VersionMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=300,
        help_text=gettext_lazy("Added to the apartment's notes."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_errors(self)


class FacilityForm(HousingModelForm):
    class Meta:
        model = Facility
        fields = FACILITY_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["postcode"].validators.append(POSTCODE)


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        born = obj.birth_date.strftime("%d.%m.%Y") if obj.birth_date else "–"
        return f"{obj} ({born})"


class OccupancyStartForm(forms.Form):
    person = PersonChoice(
        label=gettext_lazy("Person"), queryset=Person.objects.none(), to_field_name="uuid"
    )
    valid_from = forms.DateField(label=gettext_lazy("Moved in on"), widget=DATE_WIDGET)

    def __init__(
        self, *args: Any, persons: QuerySet[Person], offered: QuerySet[Person], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast(PersonChoice, self.fields["person"])
        field.queryset = persons
        field.widget.choices = [("", "—")] + [
            (str(p.uuid), field.label_from_instance(p)) for p in offered[:50]
        ]
        name_errors(self)


class OccupancyEndForm(forms.Form):
    valid_to = forms.DateField(
        label=gettext_lazy("Last night there"),
        widget=DATE_WIDGET,
    )
    reason = forms.CharField(label=gettext_lazy("Reason for leaving"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_errors(self)


# --- KdU --------------------------------------------------------------------------------


class KduTableForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    area = forms.CharField(
        label=gettext_lazy("Area"),
        max_length=200,
        help_text=gettext_lazy("Vergleichsraum or towns, separated by commas."),
    )
    rent_basis = forms.ChoiceField(label=gettext_lazy("Rent basis"), choices=RentBasis.choices)
    valid_from = forms.DateField(label=gettext_lazy("Valid from"), widget=DATE_WIDGET)
    valid_to = forms.DateField(label=gettext_lazy("Valid to"), widget=DATE_WIDGET, required=False)
    extra_person_amount = forms.DecimalField(
        label=gettext_lazy("Per further person (€)"),
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
    )
    legal_basis = forms.CharField(
        label=gettext_lazy("Legal basis"),
        max_length=200,
        initial="§ 22 Abs. 1 SGB II; § 35 SGB XII",
    )
    source = forms.CharField(
        label=gettext_lazy("Source"),
        max_length=500,
        help_text=gettext_lazy("Publication the values come from (title, address, date)."),
    )
    verified = forms.BooleanField(
        label=gettext_lazy("Checked against the current publication"), required=False
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for persons in KDU_FORM_SIZES:
            self.fields[f"limit_{persons}"] = forms.DecimalField(
                label=_("Limit for %(n)s persons (€)") % {"n": persons}
                if persons > 1
                else _("Limit for 1 person (€)"),
                min_value=Decimal("0"),
                max_digits=9,
                decimal_places=2,
                required=persons == 1,
            )
        name_errors(self)
        money_errors(self)

    def limits(self) -> dict[int, Decimal]:
        return {
            persons: self.cleaned_data[f"limit_{persons}"]
            for persons in KDU_FORM_SIZES
            if self.cleaned_data.get(f"limit_{persons}") is not None
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        sizes = [p for p in KDU_FORM_SIZES if cleaned.get(f"limit_{p}") is not None]
        if sizes and sizes != list(range(1, max(sizes) + 1)):
            missing = min(set(range(1, max(sizes) + 1)) - set(sizes))
            self.add_error(
                f"limit_{missing}",
                _("Limit for %(n)s persons: please fill the sizes without gaps.") % {"n": missing},
            )
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Valid to: the end must not be before the start."))
        if cleaned.get("name") and KduTable.objects.filter(name=cleaned["name"].strip()).exists():
            self.add_error("name", _("Name: a KdU table with this name exists already."))
        return cleaned


# --- Housing need -----------------------------------------------------------------------

NEED_FIELDS = (
    "active",
    "seeking_since",
    "move_in_by",
    "rent_limit_override",
    "rent_limit_reason",
    "needs_accessible",
    "required_municipality",
    "pets",
    "smokers",
    "priority",
    "priority_reason",
    "preferred_districts",
    "notes",
)


class HousingNeedForm(HousingModelForm):
    preferred_districts = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Preferred districts"),
        queryset=District.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = HousingNeed
        fields = NEED_FIELDS
        widgets = {
            "seeking_since": DATE_WIDGET,
            "move_in_by": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        districts = cast(forms.ModelMultipleChoiceField, self.fields["preferred_districts"])
        districts.queryset = District.objects.order_by("municipality", "name")
        districts.error_messages["invalid_choice"] = _(
            "Preferred districts: please choose among the offered districts."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("rent_limit_override") is not None
            and not (cleaned.get("rent_limit_reason") or "").strip()
        ):
            self.add_error(
                "rent_limit_reason",
                _(
                    "Reason for the deviating limit: a deviating rent limit needs a reason "
                    "(e.g. a decision of the Jobcenter)."
                ),
            )
        if cleaned.get("priority") and not (cleaned.get("priority_reason") or "").strip():
            self.add_error(
                "priority_reason", _("Reason for the priority: a raised priority needs a reason.")
            )
        return cleaned


class ImportantPlaceForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=PlaceKind.choices)
    label = forms.CharField(label=gettext_lazy("Name of the place"), max_length=200)
    district = forms.ModelChoiceField(
        label=gettext_lazy("District"), queryset=District.objects.none(), to_field_name="uuid"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = District.objects.order_by(
            "municipality", "name"
        )
        name_errors(self)


# --- Filters ----------------------------------------------------------------------------


class ApartmentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("all")), *ApartmentStatus.choices],
        required=False,
    )
    municipality = forms.ChoiceField(label=gettext_lazy("Town"), required=False)
    district = forms.ModelChoiceField(
        label=gettext_lazy("District"),
        queryset=District.objects.none(),
        to_field_name="uuid",
        required=False,
    )
    min_rooms = forms.DecimalField(
        label=gettext_lazy("Rooms at least"), required=False, min_value=Decimal("0")
    )
    max_rent = forms.DecimalField(
        label=gettext_lazy("Gross cold rent at most (€)"), required=False, min_value=Decimal("0")
    )
    accessible = forms.BooleanField(label=gettext_lazy("Barrier-free only"), required=False)

    def __init__(self, *args: Any, towns: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["municipality"]).choices = [
            ("", _("all")),
            *((t, t) for t in towns),
        ]
        cast(forms.ModelChoiceField, self.fields["district"]).queryset = District.objects.order_by(
            "municipality", "name"
        )
        name_errors(self)
        money_errors(self)


class LandlordFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[("", gettext_lazy("all")), *LandlordKind.choices],
        required=False,
    )


# --- Public offer form ------------------------------------------------------------------

OFFER_FIELDS = (
    "landlord_kind",
    "landlord_name",
    "phone",
    "email",
    "street",
    "postcode",
    "municipality",
    "rooms",
    "area_m2",
    "floor",
    "has_lift",
    "accessible",
    "rent_net_cold",
    "service_costs_cold",
    "heating_costs",
    "available_from",
    "max_persons",
    "pets_allowed",
    "smokers_allowed",
    "message",
)


class OfferForm(BaseModelForm):
    """What a landlord enters on the public page. Spam checks: see ``views.offers``."""

    privacy = forms.BooleanField(
        label=gettext_lazy("I have read the privacy notice and agree that my data are stored."),
        required=True,
    )
    # Honeypot: hidden from people by CSS (class ``hp``), filled by naive bots.
    website = forms.CharField(
        label=gettext_lazy("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = OfferSubmission
        fields = OFFER_FIELDS
        widgets = {
            "available_from": DATE_WIDGET,
            "message": forms.Textarea(attrs={"rows": 4}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["postcode"].validators.append(POSTCODE)
        self.fields["privacy"].error_messages["required"] = _(
            "Privacy notice: please confirm that you have read it."
        )
        for name in ("rooms", "area_m2", "max_persons"):
            self.fields[name].required = True
        money_errors(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for field, minimum in (("rooms", 1), ("area_m2", 5), ("max_persons", 1)):
            value = cleaned.get(field)
            if value is not None and value < minimum:
                self.add_error(
                    field,
                    _("%(field)s: must be at least %(min)s.")
                    % {"field": self.fields[field].label, "min": minimum},
                )
        for field in ("rent_net_cold", "service_costs_cold", "heating_costs"):
            value = cleaned.get(field)
            if value is not None and value < 0:
                self.add_error(
                    field,
                    _("%(field)s: must not be negative.") % {"field": self.fields[field].label},
                )
        return cleaned

    def _post_clean(self) -> None:
        pass

    def offer_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in OFFER_FIELDS}


class OfferRejectForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        name_errors(self)


__all__ = [
    "ApartmentFilterForm",
    "ApartmentForm",
    "DistrictForm",
    "FacilityForm",
    "HousingNeedForm",
    "ImportantPlace",
    "ImportantPlaceForm",
    "KduTableForm",
    "LandlordFilterForm",
    "LandlordForm",
    "OccupancyEndForm",
    "OccupancyStartForm",
    "OfferForm",
    "OfferRejectForm",
    "WithdrawForm",
]
