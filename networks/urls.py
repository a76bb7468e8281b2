from django.urls import path

from .urls_committee import urlpatterns as committee_urlpatterns
from .views import network

app_name = "networks"

urlpatterns = [
    path("", network.network_list, name="list"),
    path("<int:network_id>/", network.network_detail, name="detail"),
    *committee_urlpatterns,
]
