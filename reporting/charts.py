"""Charts drawn on the server as SVG: no JavaScript, readable when printed.

Each chart is a horizontal bar chart drawn from a column of a dashboard table, and the
page shows that table right after it (RGAA 1.8: a complex image has an adjacent text
alternative). Bars carry their value as text, so nothing rests on colour alone; the colours
are those of the DSFR with a contrast above 4.5:1 on white.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .dashboard.tables import Table, display

WIDTH = 760
LABEL_WIDTH = 290
VALUE_WIDTH = 80
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 8
LABEL_CHARS = 40
BAR_COLOUR = "#000091"  # bleu France
TEXT_COLOUR = "#161616"  # gris 50
AXIS_COLOUR = "#666666"


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    summary: str
    table: Table
    svg: SafeString

    @property
    def dom_id(self) -> str:
        return f"graphique-{self.slug}"


def bar_chart(
    *,
    slug: str,
    title: str,
    table: Table,
    value_column: int,
    label_column: int = 0,
    max_value: float | None = None,
) -> Chart:
    """A bar per row of `table`, sized by `value_column`, named by `label_column`."""
    kind = table.columns[value_column].kind
    labels = [str(label) for label in table.column(label_column)]
    values = table.column(value_column)
    top = max_value if max_value is not None else max((v for v in values if v), default=0)
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / top if top else 0
    height = TOP * 2 + ROW_HEIGHT * max(len(values), 1)
    summary = _summary(labels, values, kind)

    parts = _svg_head(f"graphique-{slug}", title, summary, table.caption, height)
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        parts += _bar(TOP + index * ROW_HEIGHT, label, value, kind, scale)
    parts.append("</svg>")
    return Chart(
        slug=slug, title=title, summary=summary, table=table, svg=mark_safe("".join(parts))
    )


def _svg_head(dom_id: str, title: str, summary: str, caption: str, height: int) -> list[str]:
    """The opening tag, the accessible name and description, and the axis."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="foquale-chart" role="img" '
        f'focusable="false" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{dom_id}-titre {dom_id}-desc">',
        f'<title id="{dom_id}-titre">{escape(title)}</title>',
        f'<desc id="{dom_id}-desc">{escape(summary)} Les valeurs exactes figurent dans '
        f"le tableau « {escape(caption)} » qui suit.</desc>",
        f'<line x1="{LABEL_WIDTH}" y1="{TOP}" x2="{LABEL_WIDTH}" y2="{height - TOP}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>',
    ]


def _bar(y: float, label: str, value, kind: str, scale: float) -> list[str]:
    """One row: the label, the bar (none for zero or no value) and the value as text."""
    middle = y + ROW_HEIGHT / 2
    short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
    width = max(value * scale, 0) if value else 0
    parts = [
        "<g>",
        f"<title>{escape(label)} : {escape(display(value, kind))}</title>",
        f'<text x="{LABEL_WIDTH - 8}" y="{middle:.1f}" text-anchor="end" '
        f'dominant-baseline="middle" font-size="14" fill="{TEXT_COLOUR}">'
        f"{escape(short)}</text>",
    ]
    if width:
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{middle - BAR_HEIGHT / 2:.1f}" '
            f'width="{width:.1f}" height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
        )
    parts.append(
        f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{middle:.1f}" '
        f'dominant-baseline="middle" font-size="14" font-weight="bold" '
        f'fill="{TEXT_COLOUR}">{escape(display(value, kind))}</text>'
    )
    parts.append("</g>")
    return parts


def _summary(labels: list[str], values: list, kind: str) -> str:
    known = [(label, v) for label, v in zip(labels, values, strict=True) if v is not None]
    if not known:
        return "Aucune donnée pour la période."
    label, value = max(known, key=lambda pair: pair[1])
    return f"{len(values)} barres ; la plus haute : {label} ({display(value, kind)})."


def dashboard_charts(board) -> dict[str, Chart]:
    """The charts of the dashboard, keyed by the slug of the table each one draws."""
    tables = board.tables
    label = board.year_label
    return {
        "parcours": bar_chart(
            slug="parcours",
            title=f"Cohorte {label} : jeunes ayant atteint chaque étape du parcours",
            table=tables["parcours"],
            value_column=1,
        ),
        "reseaux": bar_chart(
            slug="reseaux",
            title=f"Cohorte {label} : jeunes ayant signé un contrat FOQUALE, par réseau",
            table=tables["reseaux"],
            value_column=5,
        ),
        "delais": bar_chart(
            slug="delais",
            title=f"Part des bilans de situation tenus à la date prévue, par réseau, {label}",
            table=tables["delais"],
            value_column=5,
            max_value=1.0,
        ),
        "issues": bar_chart(
            slug="issues",
            title=f"Issues des contrats terminés, {label}",
            table=tables["issues"],
            value_column=2,
        ),
    }
