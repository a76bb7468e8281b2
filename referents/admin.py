from django.contrib import admin

from networks.grants import refresh_user_grants

from .models import Assessor, MldsCoordinator, Referent, TeamMember


@admin.register(Referent)
class ReferentAdmin(admin.ModelAdmin):
    list_display = ["user", "establishment", "school_year"]
    list_filter = ["school_year"]
    autocomplete_fields = ["user", "establishment"]


@admin.register(TeamMember)
class TeamMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "establishment", "function"]
    autocomplete_fields = ["user", "establishment"]


@admin.register(Assessor)
class AssessorAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "function"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        refresh_user_grants(obj.network, obj.user)

    def delete_model(self, request, obj):
        network, user = obj.network, obj.user
        super().delete_model(request, obj)
        refresh_user_grants(network, user)


@admin.register(MldsCoordinator)
class MldsCoordinatorAdmin(admin.ModelAdmin):
    list_display = ["user", "network"]
    autocomplete_fields = ["user"]
