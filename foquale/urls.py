from django.contrib import admin
from django.urls import include, path

from reporting import help as guides
from reporting import home as portal_views
from reporting import legal

admin.site.site_header = "Administration de FOQUALE"
admin.site.site_title = "FOQUALE"
admin.site.index_title = "Administration académique"

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("", include("foquale.accounts.urls")),
    path("reseaux/", include("networks.urls")),
    path("reseaux/", include("referents.urls")),
    path("", include("contracts.urls")),
    path("", include("contracts.reviews.urls")),
    path("listes/", include("intake.urls")),
    path("", include("solutions.urls")),
    path("", include("reporting.urls")),
    path("aide/", include(guides)),
    path("admin/", admin.site.urls),
    *legal.urlpatterns,
]

handler404 = "foquale.errors.not_found"
