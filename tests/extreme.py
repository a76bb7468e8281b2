"""Posting extreme values to a form as its user sees it: every field of one kind set to
an absurd value, the others left valid. The page must answer (never a 500) and save
nothing."""

import re
from html import unescape

from django.apps import apps

HUGE_TEXT = "x" * 20_000
CONTROL_TEXT = "Texte\x00\x07\x1b avec caractères de contrôle"
VARIANTS = {
    "date_far": ("date", "9999-12-31"),
    "date_early": ("date", "0001-01-01"),
    "number": ("number", str(10**12)),
    "negative": ("number", str(-(10**12))),
    "text_huge": ("text", HUGE_TEXT),
    "text_control": ("text", CONTROL_TEXT),
}
_FIELD = re.compile(r"<(input|textarea|select)\b([^>]*)>", re.S)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')
_OPTION = re.compile(r'<option value="([^"]+)"')


def form_fields(html: str) -> list[tuple[str, str, str]]:
    """(name, kind, valid value) of the form's fields, in the page order; the kinds are
    date, number, text (texts and e-mails), choice and hidden."""
    fields, seen = [], set()
    for match in _FIELD.finditer(html):
        tag, attrs = match.group(1), dict(_ATTR.findall(match.group(2)))
        name = attrs.get("name")
        if not name or name == "csrfmiddlewaretoken" or name in seen:
            continue
        kind = attrs.get("type", "text") if tag == "input" else tag
        if kind in ("checkbox", "submit", "button", "search"):
            continue
        seen.add(name)
        value = unescape(attrs.get("value", ""))
        if tag == "select":
            options = _OPTION.findall(html[match.end() : html.find("</select>", match.end())])
            fields.append((name, "choice", options[0] if options else ""))
        elif kind == "radio":
            fields.append((name, "choice", value))
        elif kind in ("date", "number", "hidden"):
            fields.append((name, kind, value))
        else:  # text, email, tel, textarea
            fields.append((name, "text", value or "Texte"))
    return fields


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for label in ("contracts", "networks", "solutions", "referents", "submissions")
        for model in apps.get_app_config(label).get_models()
    }


def post_extremes(client, url: str) -> list[str]:
    """Post each variant that the form has a field for; return what went wrong (a 500,
    or rows written), empty when the page held."""
    html = client.get(url).content.decode()
    fields = form_fields(html[html.find("<main") :])
    assert fields, f"no form on {url}"
    problems = []
    for variant, (kind, extreme) in VARIANTS.items():
        if not any(field_kind == kind for _, field_kind, _ in fields):
            continue
        data = {
            name: extreme if field_kind == kind else value for name, field_kind, value in fields
        }
        before = row_counts()
        response = client.post(url, data)
        if response.status_code >= 500:
            problems.append(f"{url} {variant}: {response.status_code}")
        after = row_counts()
        if after != before:
            changed = {k: (before[k], after[k]) for k in after if after[k] != before[k]}
            problems.append(f"{url} {variant}: saved {changed}")
    return problems
