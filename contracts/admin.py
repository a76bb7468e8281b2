from django.contrib import admin

from .models import (
    Contract,
    ContractDocument,
    Correction,
    FamilyLink,
    Guardian,
    SigningInvitation,
    StepTransition,
    Transfer,
    Youth,
)


class GuardianInline(admin.TabularInline):
    model = Guardian
    extra = 0


class CorrectionInline(admin.TabularInline):
    """The trace of corrections: written by the services only, never edited."""

    model = Correction
    extra = 0
    can_delete = False
    readonly_fields = ["at", "by", "target", "object_id", "action", "reason", "before", "after"]

    def has_add_permission(self, request, obj=None):
        return False


class StepTransitionInline(admin.TabularInline):
    model = StepTransition
    extra = 0
    can_delete = False
    readonly_fields = ["from_step", "to_step", "at", "by"]

    def has_add_permission(self, request, obj=None):
        return False


class TransferInline(admin.TabularInline):
    """The transfers between networks: written by the services only (the pages of the
    leads), never edited here."""

    model = Transfer
    fk_name = "youth"
    extra = 0
    can_delete = False
    fields = readonly_fields = [
        "from_network",
        "to_network",
        "reason_code",
        "status",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
        "establishment",
        "refusal_code",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Youth)
class YouthAdmin(admin.ModelAdmin):
    list_display = ["__str__", "network", "establishment", "step", "contacted_on"]
    list_filter = ["step", "network"]
    search_fields = ["last_name", "first_name", "ine"]
    # Steps change through the services only, so that every change is logged.
    readonly_fields = [
        "step",
        "exited_on",
        "outcome",
        "exit_reason_code",
        "exit_reason",
        "created_by",
    ]
    autocomplete_fields = ["establishment", "last_establishment"]
    inlines = [GuardianInline, StepTransitionInline, CorrectionInline, TransferInline]

    def save_model(self, request, obj, form, change):
        # The sort and search keys follow the names, as the services write them.
        obj.set_name_keys()
        super().save_model(request, obj, form, change)


class ContractDocumentInline(admin.TabularInline):
    model = ContractDocument
    extra = 0
    can_delete = False
    readonly_fields = ["version", "amendment", "pdf", "sha256", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["__str__", "youth", "tutor", "status", "starts_on", "ends_on", "next_review_on"]
    list_filter = ["status"]
    search_fields = ["youth__last_name", "youth__first_name", "youth__ine"]
    # A contract is signed, amended and ended through the application, never here.
    readonly_fields = [f.name for f in Contract._meta.fields]
    inlines = [ContractDocumentInline]

    def has_add_permission(self, request):
        return False


@admin.register(FamilyLink)
class FamilyLinkAdmin(admin.ModelAdmin):
    """Deleting a link cuts the family's access at once (a wrong address, a lost phone)."""

    list_display = ["document", "guardian", "expires_at", "open_count", "last_opened_at"]
    readonly_fields = [f.name for f in FamilyLink._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(SigningInvitation)
class SigningInvitationAdmin(admin.ModelAdmin):
    """Read only: the référent sends, withdraws and re-sends from the contract page."""

    list_display = ["contract", "amendment", "role", "created_at", "expires_at", "reminders_sent"]
    list_select_related = ["contract", "amendment"]
    exclude = ["token_hash", "code_hash"]
    readonly_fields = [
        f.name for f in SigningInvitation._meta.fields if f.name not in ("token_hash", "code_hash")
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
