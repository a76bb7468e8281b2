from django.contrib import admin

from foquale.grants import GrantsAdminMixin

from .models import Assessor, MldsCoordinator, Referent, TeamMember


@admin.register(Referent)
class ReferentAdmin(GrantsAdminMixin, admin.ModelAdmin):
    list_display = ["user", "network", "establishment", "school_year"]
    list_filter = ["school_year"]
    autocomplete_fields = ["user", "network", "establishment"]


@admin.register(TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "establishment", "function"]
    autocomplete_fields = ["user", "establishment"]


@admin.register(Assessor)
class AssessorAdmin(GrantsAdminMixin, admin.ModelAdmin):
    list_display = ["user", "network", "function"]
    autocomplete_fields = ["user", "network"]


@admin.register(MldsCoordinator)
class MldsCoordinatorAdmin(admin.ModelAdmin):
    list_display = ["user", "network"]
    autocomplete_fields = ["user"]
