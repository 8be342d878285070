"""Review rubrics (criteria and weights) are reference data the system administrator keeps."""

from django.contrib import admin

from threecenters.core.adminsite import ReferenceAdmin, ReferenceInline
from threecenters.reviews.models import Criterion, Rubric


class CriterionInline(ReferenceInline):
    model = Criterion


@admin.register(Rubric)
class RubricAdmin(ReferenceAdmin):
    list_display = ["name", "kind", "variant"]
    inlines = [CriterionInline]
