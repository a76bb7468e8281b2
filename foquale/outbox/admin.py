from django.contrib import admin

from .models import OutboxEmail


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["subject"]
    readonly_fields = [f.name for f in OutboxEmail._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False
