"""Pages that read across apps (dashboards, yearly evaluations, activity reports)."""

from .urls_activity import urlpatterns as activity_urlpatterns
from .urls_dashboard import urlpatterns as dashboard_urlpatterns

app_name = "reporting"

urlpatterns = [*dashboard_urlpatterns, *activity_urlpatterns]
