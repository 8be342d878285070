"""The folding filter panel of list pages (events, cases, search).

``{% active_filter_count "center" "community" as n %}`` counts the named query parameters the
request carries with a value, for the "筛选 (n)" button that folds the filters on phones."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def active_filter_count(context, *names: str) -> int:
    request = context.get("request")
    if request is None:
        return 0
    return sum(1 for name in names if any(v.strip() for v in request.GET.getlist(name)))
