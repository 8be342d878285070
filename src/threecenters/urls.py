from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from threecenters.api import api
from threecenters.certificates.api import router as certificates_router
from threecenters.core.api import router as core_router
from threecenters.events.api import router as events_router
from threecenters.governance.api import router as governance_router
from threecenters.notify.api import router as notify_router
from threecenters.people.api import router as people_router
from threecenters.people.views import admin_login, admin_logout, admin_password_change
from threecenters.proposals.api import router as proposals_router
from threecenters.reviews.api import router as reviews_router
from threecenters.search.api import router as search_router

# The admin has no door of its own: its sign-in, sign-out and password change are the
# platform's (lockout, two-factor, audit), so /admin/login/, /admin/logout/ and
# /admin/password_change/ go there.
admin.site.login = admin_login
admin.site.logout = admin_logout
admin.site.password_change = admin_password_change

# The API's routers, added here beside the apps' pages so the API module itself names no app.
for router in (
    core_router,
    search_router,
    governance_router,
    notify_router,
    events_router,
    people_router,
    proposals_router,
    certificates_router,
    reviews_router,
):
    api.add_router("/", router)

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
