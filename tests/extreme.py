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


def post_extremes(
    client, url: str, post_url: str | None = None, valid: dict[str, str] | None = None
) -> list[str]:
    """Post each variant that the form has a field for (to `post_url` when the form of
    the page at `url` is sent elsewhere; `valid` gives the valid value of fields the
    page cannot, such as an existing account's address); return what went wrong (a 500,
    or rows written), empty when the page held."""
    html = client.get(url).content.decode()
    post_url = post_url or url
    valid = valid or {}
    fields = [
        (name, kind, valid.get(name, value))
        for name, kind, value in form_fields(html[html.find("<main") :])
    ]
    assert fields, f"no form on {url}"
    problems = []
    for variant, (kind, extreme) in VARIANTS.items():
        if not any(field_kind == kind for _, field_kind, _ in fields):
            continue
        data = {
            name: extreme if field_kind == kind else value for name, field_kind, value in fields
        }
        before = row_counts()
        response = client.post(post_url, data)
        if response.status_code >= 500:
            problems.append(f"{post_url} {variant}: {response.status_code}")
        after = row_counts()
        if after != before:
            changed = {k: (before[k], after[k]) for k in after if after[k] != before[k]}
            problems.append(f"{post_url} {variant}: saved {changed}")
    return problems


# Filters sent by GET: absurd years, huge or negative page numbers, long or invisible
# texts, non-digits where a number goes.
GET_VALUES = {
    "huge": str(10**30),
    "year_far": "99999",
    "negative": "-1",
    "zero": "0",
    "letters": "abc",
    "text_huge": "x" * 10_000,
    "text_control": "a\x00\x1b\x7fb",
    "date_bad": "2026-02-30",
}
_GET_FORM = re.compile(r'<form\b[^>]*method="get"[^>]*>(.*?)</form>', re.S | re.I)


def get_fields(html: str) -> list[tuple[str, str, str]]:
    """The fields of the page's GET forms (filters, search), as `form_fields` gives them."""
    fields = []
    for match in _GET_FORM.finditer(html[html.find("<main") :]):
        fields += [
            field
            for field in form_fields(match.group(1))
            if not any(field[0] == seen[0] for seen in fields)
        ]
    search = re.findall(r'<input\b[^>]*type="search"[^>]*name="([^"]+)"', html)
    search += re.findall(r'<input\b[^>]*name="([^"]+)"[^>]*type="search"', html)
    fields += [(name, "text", "") for name in search if name not in {f[0] for f in fields}]
    return fields


def get_extremes(
    client, url: str, extra: tuple[str, ...] = ("page",), *, filtered: bool = True
) -> list[str]:
    """Send each absurd value to each filter of the page (and to `extra` parameters, the
    page number): return the sends that broke the page (a 500), empty when it held.
    `filtered`: the page must show a filter form."""
    fields = get_fields(client.get(url).content.decode(errors="replace"))
    names = [name for name, _, _ in fields] + [name for name in extra]
    assert fields or not filtered, f"no filter on {url}"
    problems = []
    for name in names:
        for variant, value in GET_VALUES.items():
            response = client.get(url, {name: value})
            if response.status_code >= 500:
                problems.append(f"{url}?{name}={variant}: {response.status_code}")
    return problems
