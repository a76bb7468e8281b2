from types import SimpleNamespace

from django.http import HttpRequest

# django-dsfr's own context processor reads its configuration row on every request; the
# site's identity is fixed, so it is declared here and costs no query.
SITE_CONFIG = SimpleNamespace(
    site_title="FOQUALE",
    site_tagline="Réseaux Formation Qualification Emploi de l’académie",
    header_brand_html="Ministère<br />de l’Éducation<br />nationale",
    footer_brand_html="Ministère<br />de l’Éducation<br />nationale",
    footer_description=(
        "FOQUALE accompagne le retour en formation des jeunes sortis du système scolaire "
        "sans diplôme (circulaire n° 2013-035 du 29 mars 2013)."
    ),
    mourning=False,
    beta_tag=False,
    notice_title="",
    notice_description="",
    operator_logo_file=None,
    operator_logo_alt="",
    accessibility_status="PART",
    get_accessibility_status_display="partiellement",
)


def site(request: HttpRequest) -> dict:
    return {"SITE_CONFIG": SITE_CONFIG}
