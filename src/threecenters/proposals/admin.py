"""The area norms the proposal pre-check compares with are reference data."""

from django.contrib import admin

from threecenters.core.adminsite import ReferenceAdmin
from threecenters.proposals.models import AreaNorm


@admin.register(AreaNorm)
class AreaNormAdmin(ReferenceAdmin):
    list_display = ["type", "m2_per_participant", "source"]
