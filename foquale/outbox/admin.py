from django.contrib import admin, messages

from .models import EmailStatus, OutboxEmail
from .services import email_requeue


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = [
        "subject",
        "kind",
        "status",
        "attempts",
        "next_attempt_at",
        "created_at",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "dedupe_key"]
    readonly_fields = [f.name for f in OutboxEmail._meta.fields]
    date_hierarchy = "created_at"
    actions = ["requeue"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # The outbox is the record of what left: it is never edited by hand.
        return False

    @admin.action(description="Renvoyer les courriels en échec sélectionnés")
    def requeue(self, request, queryset):
        failed = queryset.filter(status=EmailStatus.FAILED)
        count = email_requeue(email_ids=failed.values_list("pk", flat=True))
        if count:
            self.message_user(request, f"{count} courriel(s) remis dans la file d’envoi.")
        else:
            self.message_user(
                request,
                "Aucun courriel en échec dans la sélection : rien n’a été renvoyé.",
                messages.WARNING,
            )
