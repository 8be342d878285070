from django.contrib import admin

from threecenters.reviews.models import Criterion, Rubric


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "variant"]
    inlines = [CriterionInline]
