from django.contrib import admin

from networks.models import (
    ActivityReport,
    NeedsAnalysis,
    Practice,
    Solution,
    SolutionEntryDate,
    SolutionEvaluation,
)


class SolutionEntryDateInline(admin.TabularInline):
    model = SolutionEntryDate
    extra = 0


# The foundation registered Solution without its entry dates.
admin.site.unregister(Solution)


@admin.register(Solution)
class SolutionAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "kind", "places", "status", "reviewed_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "partner"]
    raw_id_fields = ["host", "reviewed_by"]
    inlines = [SolutionEntryDateInline]


@admin.register(SolutionEvaluation)
class SolutionEvaluationAdmin(admin.ModelAdmin):
    list_display = ["solution", "school_year", "decision", "updated_at"]
    list_filter = ["school_year", "decision"]
    raw_id_fields = ["solution", "recorded_by"]


@admin.register(NeedsAnalysis)
class NeedsAnalysisAdmin(admin.ModelAdmin):
    list_display = ["network", "school_year", "updated_at"]
    list_filter = ["school_year"]
    raw_id_fields = ["recorded_by"]
    filter_horizontal = ["actions"]


@admin.register(ActivityReport)
class ActivityReportAdmin(admin.ModelAdmin):
    list_display = ["network", "school_year", "sent_at"]
    list_filter = ["school_year"]
    readonly_fields = ["pdf", "sha256", "sent_at", "sent_to", "sent_by"]


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "is_published", "published_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "context", "results"]
    raw_id_fields = ["created_by"]
