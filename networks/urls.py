from django.urls import path

from .urls_committee import urlpatterns as committee_urlpatterns
from .views import network, people

app_name = "networks"

urlpatterns = [
    path("", network.network_list, name="list"),
    path("<int:network_id>/", network.network_detail, name="detail"),
    path("<int:network_id>/personnes/", people.people_search_page, name="people_search"),
    path("<int:network_id>/personnes.json", people.people_json, name="people_json"),
    *committee_urlpatterns,
]
