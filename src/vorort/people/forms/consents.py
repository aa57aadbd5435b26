"""Forms of consents (Einwilligungen): recording and withdrawing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vorort.core.errors import DomainError
from vorort.core.models import PartnerOrganisation

from ..choices import ConsentPurpose, DataCategory
from ..services.consents import check_document
from .cases import DATE_WIDGET, NamedErrorsForm, VersionForm, set_queryset


class ConsentForm(NamedErrorsForm):
    purpose = forms.ChoiceField(label=gettext_lazy("Purpose"), choices=ConsentPurpose.choices)
    data_categories = forms.MultipleChoiceField(
        label=gettext_lazy("Data categories"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("What the recipient may see. Choose at least one."),
    )
    recipient: forms.ModelChoiceField[PartnerOrganisation] = forms.ModelChoiceField(
        label=gettext_lazy("Recipient"), queryset=PartnerOrganisation.objects.none()
    )
    given_on = forms.DateField(label=gettext_lazy("Given on"), widget=DATE_WIDGET)
    document = forms.FileField(
        label=gettext_lazy("Signed document"),
        required=False,
        widget=forms.FileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
        ),
        help_text=gettext_lazy("The signed consent form as PDF, PNG or JPEG, at most 5 MB."),
    )

    def __init__(self, *args: Any, kommune_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(
            self,
            "recipient",
            PartnerOrganisation.objects.filter(kommune_id=kommune_id).order_by("name"),
        )
        self.fields["data_categories"].error_messages["required"] = _(
            "Data categories: please choose at least one category."
        )

    def clean_given_on(self) -> dt.date | None:
        return self.check_not_future("given_on")

    def clean_document(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("document")
        if upload:
            try:
                check_document(upload)
            except DomainError as error:
                raise forms.ValidationError(error.message) from error
        return upload


class ConsentWithdrawForm(VersionForm):
    withdrawn_on = forms.DateField(label=gettext_lazy("Withdrawn on"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate()

    def clean_withdrawn_on(self) -> dt.date | None:
        return self.check_not_future("withdrawn_on")
