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
from django.utils.translation import get_language

register = template.Library()

_rendered: dict[tuple[str, str | None], str] = {}


class OnceNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList):
        self.name = name
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        if settings.DEBUG:
            return self.nodelist.render(context)
        key = (self.name, get_language())
        html = _rendered.get(key)
        if html is None:
            html = _rendered[key] = self.nodelist.render(context)
        return html


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
