"""The case library in the admin, read-only: cases, spread records and sessions are written
through the workspace and its services (versions, search index, page cache, audit)."""

from django.contrib import admin

from threecenters.core.adminsite import ReferenceAdmin
from threecenters.governance.models import Case, CaseAdoption, ExchangeSession


@admin.register(Case)
class CaseAdmin(ReferenceAdmin):
    read_only = True
    list_display = ["title", "community", "status", "published_at", "is_demo"]
    list_filter = ["status", "is_demo"]
    search_fields = ["title", "method_name"]
    exclude = ["contact_name", "contact_mobile"]


@admin.register(CaseAdoption)
class CaseAdoptionAdmin(ReferenceAdmin):
    read_only = True
    list_display = ["case", "community", "kind", "date"]


@admin.register(ExchangeSession)
class ExchangeSessionAdmin(ReferenceAdmin):
    read_only = True
    list_display = ["title", "date"]
