from django.conf import settings
from django.utils.translation import gettext as _

from threecenters.core import roles


def shell(request):
    elder = request.COOKIES.get("tc_elder") == "1"
    user = getattr(request, "user", None)
    return {
        "elder_mode": elder,
        "site_name": settings.SITE_NAME or _("三中心"),
        "is_staff_member": roles.is_staff_member(user),
        "languages": settings.LANGUAGES,
    }
