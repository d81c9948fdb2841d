from __future__ import annotations

from typing import ClassVar

from django import forms

from sikt.web.accounts.models import Committee


class CommitteeForm(forms.ModelForm):
    class Meta:
        model = Committee
        fields: ClassVar[list[str]] = ["name", "kind", "description", "is_active"]
