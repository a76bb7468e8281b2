from django.urls import path

from .views import imports, sharing

app_name = "intake"

urlpatterns = [
    path("", imports.home, name="home"),
    path("<int:import_id>/colonnes/", imports.mapping, name="mapping"),
    path("<int:import_id>/apercu/", imports.preview, name="preview"),
    path("<int:import_id>/progression/", imports.progress, name="progress"),
    path("<int:import_id>/", imports.result, name="result"),
    path("<int:import_id>/refus.csv", imports.refused_csv, name="refused_csv"),
    path("<int:import_id>/annuler/", imports.cancel, name="cancel"),
    path("<int:import_id>/relancer/", imports.relaunch, name="relaunch"),
    path("plateformes/<int:platform_id>/a-repartir/", sharing.pending, name="pending"),
    path("plateformes/<int:platform_id>/historique/", sharing.history, name="history"),
]
