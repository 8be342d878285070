from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext as _

from threecenters.core import roles
from threecenters.core.shell import Shell

# The URLs every page's header and footer link to: reversed once per script prefix instead of
# on every request (reverse() is a visible share of a cached page's cost).
SHELL_URLS = (
    "api:openapi-view",
    "core:elder-toggle",
    "core:home",
    "core:mine",
    "core:signout",
    "set_language",
)
_shell_urls: dict[str, dict[str, str]] = {}


def shell_urls() -> dict[str, str]:
    prefix = get_script_prefix()
    urls = _shell_urls.get(prefix)
    if urls is None:
        urls = {name.replace(":", "_").replace("-", "_"): reverse(name) for name in SHELL_URLS}
        # the sign-in page belongs to whichever app the project names in LOGIN_URL
        urls["signin"] = resolve_url(settings.LOGIN_URL)
        _shell_urls[prefix] = urls
    return urls


def shell(request):
    elder = request.COOKIES.get("tc_elder") == "1"
    user = getattr(request, "user", None)
    return {
        "elder_mode": elder,
        "site_name": settings.SITE_NAME or _("三中心"),
        "is_staff_member": roles.is_staff_member(user),
        "languages": settings.LANGUAGES,
        "shell_urls": shell_urls(),
        # the navigation apps registered (core.shell), computed when a template first reads it
        "shell": Shell(user),
    }
