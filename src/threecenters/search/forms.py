from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from threecenters.search.query import MAX_QUERY_CHARS


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("关键词"),
        required=False,
        strip=True,
        widget=forms.TextInput(
            attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}
        ),
    )
    type = forms.ChoiceField(label=_("类型"), required=False)
    community = forms.ChoiceField(label=_("社区"), required=False)
    tag = forms.CharField(label=_("标签"), required=False, max_length=40)
    year = forms.IntegerField(label=_("年份"), required=False, min_value=1900, max_value=2999)

    def __init__(self, *args, types=(), communities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("全部类型"))] + [(t.name, t.label) for t in types]
        self.fields["community"].choices = [("", _("全部社区"))] + [
            (c.slug, c.name) for c in communities
        ]

    def clean_q(self) -> str:
        # Long input is cut, never refused: a pasted paragraph still searches its beginning.
        return self.cleaned_data["q"][:MAX_QUERY_CHARS]
