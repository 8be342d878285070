"""The one search page across every registered type."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from threecenters.core.selectors import community_list
from threecenters.search import registry, selectors
from threecenters.search.forms import SearchForm


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, types=registry.all_types(), communities=community_list())
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        results = selectors.search(
            query=data["q"],
            types=[data["type"]] if data["type"] else None,
            community=data["community"] or None,
            tag=data["tag"] or None,
            year=data["year"],
            cursor=request.GET.get("after"),
            user=request.user,
        )
    return render(request, "search/search.html", {"form": form, "results": results})
