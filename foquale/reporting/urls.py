"""Pages that read across apps (dashboards, yearly evaluations, activity reports)."""

from .urls_dashboard import urlpatterns as dashboard_urlpatterns
from .urls_evaluations import urlpatterns as evaluation_urlpatterns

app_name = "reporting"

urlpatterns = [*dashboard_urlpatterns, *evaluation_urlpatterns]
