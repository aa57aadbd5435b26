"""Forms of the web import wizard: upload, column mapping, start of the import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .columns import Column
from .kinds import ImportKind


class UploadForm(forms.Form):
    """The file and what it contains; ``kinds`` are those the role may import."""

    kind = forms.ChoiceField(label=gettext_lazy("What the file contains"))
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet file"),
        help_text=gettext_lazy(
            ".xlsx or .csv (UTF-8 or Windows-1252, separated by ; or ,); row 1 holds the "
            "column headers."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )

    def __init__(self, *args: Any, kinds: list[ImportKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(kind.key, kind.label) for kind in kinds]
        if kinds:
            field.initial = kinds[0].key


NOT_IN_FILE = ""


class MappingForm(forms.Form):
    """One select per template column: which column of the file holds it (or none)."""

    def __init__(
        self, *args: Any, columns: tuple[Column, ...], headers: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.columns = columns
        self.headers = headers
        choices = [(NOT_IN_FILE, _("— not in the file —"))] + [
            (str(index), header or _("(column %(number)s without header)") % {"number": index + 1})
            for index, header in enumerate(headers)
        ]
        for column in columns:
            label = column.header + (" " + _("(required)") if column.required else "")
            self.fields[column.key] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                help_text=str(column.help),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        taken: dict[str, Column] = {}
        for column in self.columns:
            value = cleaned.get(column.key, NOT_IN_FILE)
            if value in (NOT_IN_FILE, None):
                if column.required:
                    self.add_error(
                        column.key,
                        _("“%(column)s” is required: choose the column of the file that holds it.")
                        % {"column": column.header},
                    )
                continue
            other = taken.get(value)
            if other is not None:
                self.add_error(
                    column.key,
                    _(
                        "“%(column)s” and “%(other)s” cannot both come from the file's column "
                        "“%(header)s”."
                    )
                    % {
                        "column": column.header,
                        "other": other.header,
                        "header": self.headers[int(value)],
                    },
                )
                continue
            taken[value] = column
        return cleaned

    def mapping(self) -> dict[str, int]:
        """Column key -> 0-based index in the file, for the mapped columns."""
        return {
            column.key: int(self.cleaned_data[column.key])
            for column in self.columns
            if self.cleaned_data.get(column.key) not in (NOT_IN_FILE, None)
        }


class StartForm(forms.Form):
    skip_invalid = forms.BooleanField(
        label=gettext_lazy("Import only the valid rows (the refused rows are left out)"),
        required=False,
    )
