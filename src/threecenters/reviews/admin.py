"""Review rubrics (criteria and weights) are reference data the system administrator keeps."""

from django.contrib import admin

from threecenters.core.adminsite import ReferenceAdmin, ReferenceInline
from threecenters.reviews.models import Criterion, Holiday, Rubric


class CriterionInline(ReferenceInline):
    model = Criterion


@admin.register(Rubric)
class RubricAdmin(ReferenceAdmin):
    list_display = ["name", "kind", "variant"]
    inlines = [CriterionInline]


@admin.register(Holiday)
class HolidayAdmin(ReferenceAdmin):
    """Public holidays on weekdays and weekend days worked instead (调休): the exceptions to
    Monday–Friday that 公示 periods are counted in."""

    list_display = ["day", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "day"
    search_fields = ["name"]
