"""`{% once "name" %}…{% endonce %}`: a part of the site's layout rendered once per process.

The head's stylesheet and icon links, the footer and the theme dialog depend only on the
deployment (settings, the static files' manifest, the URL configuration and the language),
never on the person or the page: rendering them on every request cost about a third of
the bare page. Under DEBUG they are rendered each time, so that a template being edited
shows at once. A name stands for one fragment in the whole site: give each its own.
"""

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from dsfr.checksums import INTEGRITY_JS_MODULE, INTEGRITY_JS_NOMODULE
from dsfr.constants import DsfrStaticAssets

register = template.Library()

_rendered: dict[tuple[str, str | None], str] = {}
NONCE_MARK = "@@csp-nonce@@"


def _once(name: str, render) -> str:
    """`render()` once per process and language (each time under DEBUG)."""
    if settings.DEBUG:
        return render()
    key = (name, get_language())
    html = _rendered.get(key)
    if html is None:
        html = _rendered[key] = render()
    return html


class OnceNode(template.Node):
    # Not walked for `{% block %}` nodes (`{% extends %}` walks its parent on every
    # render): a fragment rendered once holds no block.
    child_nodelists = ()

    def __init__(self, name: str, nodelist: template.NodeList):
        self.name = name
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        return _once(self.name, lambda: self.nodelist.render(context))


@register.tag
def once(parser: template.base.Parser, token: template.base.Token) -> OnceNode:
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('Usage: {% once "name" %}…{% endonce %}')
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    return OnceNode(bits[1][1:-1], nodelist)


def forget(**kwargs) -> None:
    """A changed setting (tests) may change the fragments: render them again."""
    _rendered.clear()


setting_changed.connect(forget)


@register.simple_tag(takes_context=True)
def dsfr_scripts(context: template.Context) -> str:
    """django-dsfr's `{% dsfr_js nonce=… %}`: its two script tags, built once per process
    with the request's CSP nonce put in each time."""
    html = _once(
        "dsfr-scripts",
        lambda: render_to_string(
            "dsfr/global_js.html",
            {
                "self": {
                    "nonce": NONCE_MARK,
                    "USE_INTEGRITY_CHECKSUMS": getattr(
                        settings, "DSFR_USE_INTEGRITY_CHECKSUMS", True
                    ),
                    "INTEGRITY_JS_MODULE": INTEGRITY_JS_MODULE,
                    "INTEGRITY_JS_NOMODULE": INTEGRITY_JS_NOMODULE,
                },
                "DsfrStaticAssets": DsfrStaticAssets,
            },
        ),
    )
    nonce = str(getattr(context.get("request"), "csp_nonce", "") or "")
    if not nonce:
        return mark_safe(html.replace(f' nonce="{NONCE_MARK}"', ""))
    return mark_safe(html.replace(NONCE_MARK, conditional_escape(nonce)))
