"""Read-mostly admin for the case library; writes go through the workspace and its services."""

from django.contrib import admin

from threecenters.governance.models import Case, CaseAdoption, ExchangeSession


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "status", "published_at", "is_demo"]
    list_filter = ["status", "is_demo"]
    search_fields = ["title", "method_name"]
    exclude = ["contact_mobile"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CaseAdoption)
class CaseAdoptionAdmin(admin.ModelAdmin):
    list_display = ["case", "community", "kind", "date"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ExchangeSession)
class ExchangeSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "date"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
