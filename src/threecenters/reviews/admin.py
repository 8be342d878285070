from django.contrib import admin

from threecenters.reviews.models import Criterion, Holiday, Rubric


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "variant"]
    inlines = [CriterionInline]


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    """Public holidays on weekdays and weekend days worked instead (调休): the exceptions to
    Monday–Friday that 公示 periods are counted in."""

    list_display = ["day", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "day"
    search_fields = ["name"]
