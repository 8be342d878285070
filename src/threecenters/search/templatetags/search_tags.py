from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def facet_query(request, name: str, value: str) -> str:
    """The current query string with one parameter set (and the page cursor dropped)."""
    params = {k: v for k, v in request.GET.items() if k != "after"}
    params[name] = value
    return urlencode(params)
