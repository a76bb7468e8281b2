from django.contrib import admin

from .grants import refresh_network_grants
from .models import (
    Academy,
    Action,
    Basin,
    CommitteeSeat,
    Establishment,
    Meeting,
    Network,
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
        for network in form.instance.networks.all():
            refresh_network_grants(network)


@admin.register(Basin)
class BasinAdmin(admin.ModelAdmin):
    list_display = ["name", "academy"]
    search_fields = ["name"]


@admin.register(Establishment)
class EstablishmentAdmin(admin.ModelAdmin):
    list_display = ["name", "uai", "kind", "city", "basin"]
    list_filter = ["kind", "academy"]
    search_fields = ["name", "uai", "city"]


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
    filter_horizontal = ["establishments"]
    inlines = [SeatInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        refresh_network_grants(form.instance)


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
