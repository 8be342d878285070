from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from threecenters.api import api
from threecenters.people.views import admin_login, admin_logout

# The admin has no door of its own: its sign-in and sign-out are the platform's (lockout,
# two-factor, audit), so /admin/login/ and /admin/logout/ go there.
admin.site.login = admin_login
admin.site.logout = admin_logout

urlpatterns = [
    # Prefixed sections first: the resolver tries patterns in order, so an API call does not
    # walk every page pattern of the apps below before reaching its own.
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("threecenters.core.urls")),
    path("", include("threecenters.search.urls")),
    path("", include("threecenters.governance.urls")),
    path("", include("threecenters.notify.urls")),
    path("", include("threecenters.events.urls")),
    path("", include("threecenters.people.urls")),
    path("", include("threecenters.proposals.urls")),
    path("", include("threecenters.certificates.urls")),
    path("", include("threecenters.reviews.urls")),
    # Only sets the language cookie; exempt so public pages hold no CSRF token and can be cached.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # No /media/ route: uploads are read only through core's checked view, /files/… (core.files).
]

handler400 = "threecenters.core.views.bad_request"
handler403 = "threecenters.core.views.permission_denied"
handler404 = "threecenters.core.views.page_not_found"
handler500 = "threecenters.core.views.server_error"
