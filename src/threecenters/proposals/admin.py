from django.contrib import admin

from threecenters.proposals.models import AreaNorm


@admin.register(AreaNorm)
class AreaNormAdmin(admin.ModelAdmin):
    list_display = ["type", "m2_per_participant", "source"]
