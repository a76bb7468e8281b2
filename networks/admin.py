from django.contrib import admin

from foquale import grants

from .grants import refresh_academy_grants, refresh_network_grants, refresh_platform_grants
from .models import (
    Academy,
    Action,
    Basin,
    CommitteeSeat,
    Establishment,
    Meeting,
    Network,
    NetworkEstablishment,
    Objective,
    Platform,
    PlatformCoordinator,
    Solution,
    SteeringCommittee,
    SteeringMember,
)


class SteeringMemberInline(admin.TabularInline):
    model = SteeringMember
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(SteeringCommittee)
class SteeringCommitteeAdmin(admin.ModelAdmin):
    inlines = [SteeringMemberInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_academy_grants(form.instance.academy)

    def delete_model(self, request, obj):
        academy = obj.academy
        super().delete_model(request, obj)
        refresh_academy_grants(academy)

    def delete_queryset(self, request, queryset):
        academies = list(Academy.objects.filter(steering_committee__in=queryset))
        super().delete_queryset(request, queryset)
        for academy in academies:
            refresh_academy_grants(academy)


@admin.register(Academy)
class AcademyAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class PlatformCoordinatorInline(admin.TabularInline):
    model = PlatformCoordinator
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "academy"]
    list_filter = ["academy"]
    search_fields = ["name"]
    inlines = [PlatformCoordinatorInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_platform_grants(form.instance.pk)


@admin.register(Basin)
class BasinAdmin(admin.ModelAdmin):
    list_display = ["name", "academy"]
    search_fields = ["name"]


@admin.register(Establishment)
class EstablishmentAdmin(admin.ModelAdmin):
    list_display = ["name", "uai", "kind", "city", "basin"]
    list_filter = ["kind", "academy"]
    search_fields = ["name", "uai", "city"]


class MembershipInline(admin.TabularInline):
    model = NetworkEstablishment
    autocomplete_fields = ["establishment"]
    extra = 0


class SeatInline(admin.TabularInline):
    model = CommitteeSeat
    autocomplete_fields = ["user"]
    raw_id_fields = ["establishment"]
    extra = 0


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "platform", "lead", "lead_appointed_on"]
    list_filter = ["academy", "platform"]
    search_fields = ["name"]
    autocomplete_fields = ["lead"]
    inlines = [MembershipInline, SeatInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_network_grants(form.instance)
        # Référents follow a (network, establishment) membership: a membership added
        # back gives their grant again (removing one deletes its grants with it).
        grants.sync_model(
            NetworkEstablishment, objects=form.instance.memberships.values_list("pk", flat=True)
        )


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "school_year", "status"]
    list_filter = ["status", "school_year"]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "objective", "due_on", "status"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "held_on"]
    date_hierarchy = "held_on"


@admin.register(Solution)
class SolutionAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "kind", "places", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]


# Catalogue, evaluations, needs, activity reports and practices.
