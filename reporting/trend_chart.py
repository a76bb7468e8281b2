"""The trend chart: two lines over the twelve months of a school year, drawn as SVG on the
server (no JavaScript). The line of the year shown is solid with round marks, the year
before dashed with square marks: the two differ by shape, not by colour alone. The table
of the same figures follows the chart on the page (its text alternative)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .charts import Chart
from .dashboard.tables import Table

WIDTH = 760
HEIGHT = 300
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 36, 40
CURRENT = "#000091"  # bleu France
PREVIOUS = "#6a6156"  # grey, 5.9:1 on white
TEXT = "#161616"
GRID = "#dddddd"
SHORT_MONTHS = {
    "septembre": "sept.",
    "octobre": "oct.",
    "novembre": "nov.",
    "décembre": "déc.",
    "janvier": "janv.",
    "février": "févr.",
    "avril": "avr.",
    "juillet": "juil.",
}


def trend_chart(table: Table, *, current_column: int, previous_column: int, title: str) -> Chart:
    months = [SHORT_MONTHS.get(str(row[0]), str(row[0])) for row in table.rows]
    current = table.column(current_column)
    previous = table.column(previous_column)
    top = max([v for v in [*current, *previous] if v] or [1])
    step = (WIDTH - LEFT - RIGHT) / (len(months) - 1)

    def x(index: int) -> float:
        return LEFT + index * step

    def y(value: int) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / top)

    current_label = table.columns[current_column].label
    previous_label = table.columns[previous_column].label
    summary = (
        f"{current_label} : {sum(v for v in current if v is not None)} au total ; "
        f"{previous_label} : {sum(v for v in previous if v is not None)}."
    )
    dom_id = f"graphique-{table.slug}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="foquale-chart" role="img" '
        f'focusable="false" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" aria-labelledby="{dom_id}-titre {dom_id}-desc">',
        f'<title id="{dom_id}-titre">{escape(title)}</title>',
        f'<desc id="{dom_id}-desc">{escape(summary)} Les valeurs exactes de chaque mois '
        f"figurent dans le tableau « {escape(table.caption)} » qui suit.</desc>",
    ]
    for fraction in (0, 0.5, 1):
        value = round(top * fraction)
        parts.append(
            f'<line x1="{LEFT}" y1="{y(value):.1f}" x2="{WIDTH - RIGHT}" y2="{y(value):.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="{TEXT}">{value}</text>'
        )
    for index, month in enumerate(months):
        parts.append(
            f'<text x="{x(index):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" '
            f'font-size="12" fill="{TEXT}">{escape(month)}</text>'
        )
    parts += _series(previous, x, y, PREVIOUS, dashed=True, square=True)
    parts += _series(current, x, y, CURRENT, dashed=False, square=False)
    parts += _legend(current_label, previous_label)
    parts.append("</svg>")
    return Chart(
        slug=table.slug, title=title, summary=summary, table=table, svg=mark_safe("".join(parts))
    )


def _series(values, x, y, colour: str, *, dashed: bool, square: bool) -> list[str]:
    points = [(x(i), y(v)) for i, v in enumerate(values) if v is not None]
    if not points:
        return []
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    parts = [f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>']
    for px, py in points:
        if square:
            parts.append(
                f'<rect x="{px - 4:.1f}" y="{py - 4:.1f}" width="8" height="8" fill="{colour}"/>'
            )
        else:
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4.5" fill="{colour}"/>')
    return parts


def _legend(current_label: str, previous_label: str) -> list[str]:
    return [
        f'<line x1="{LEFT}" y1="14" x2="{LEFT + 28}" y2="14" stroke="{CURRENT}" stroke-width="2.5"/>',
        f'<circle cx="{LEFT + 14}" cy="14" r="4.5" fill="{CURRENT}"/>',
        f'<text x="{LEFT + 36}" y="18" font-size="13" fill="{TEXT}">{escape(current_label)}</text>',
        f'<line x1="{LEFT + 330}" y1="14" x2="{LEFT + 358}" y2="14" stroke="{PREVIOUS}" '
        f'stroke-width="2.5" stroke-dasharray="6 4"/>',
        f'<rect x="{LEFT + 340}" y="10" width="8" height="8" fill="{PREVIOUS}"/>',
        f'<text x="{LEFT + 366}" y="18" font-size="13" fill="{TEXT}">{escape(previous_label)}</text>',
    ]
