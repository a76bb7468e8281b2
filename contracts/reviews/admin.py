"""Admin for reminders (read-only: they are the record of what was sent) and calendar
secrets. Imported by ContractsConfig.ready(), since this package is not an app."""

from django.contrib import admin

from ..models.reviews import CalendarToken, Reminder, ReviewDue


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["contract", "due_on", "kind", "level", "recipient_count", "email", "created_at"]
    list_filter = ["kind", "level"]
    list_select_related = ["contract", "email"]
    search_fields = ["contract__id"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReviewDue)
class ReviewDueAdmin(admin.ModelAdmin):
    """Read-only: the rows follow the contract and its reviews (`contracts.reviews.dues`)."""

    list_display = ["contract", "due_on", "status", "review"]
    list_filter = ["status"]
    list_select_related = ["contract", "review"]
    search_fields = ["contract__id"]
    date_hierarchy = "due_on"
    readonly_fields = ["contract", "due_on", "status", "review"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    # The secret itself is never shown: deleting the row is how an admin revokes a feed.
    exclude = ["token_hash"]
    readonly_fields = ["user", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
