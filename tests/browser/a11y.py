"""Checks run in Chromium on any page: axe-core (vendored, see vendor/axe-core/LICENSE) over
WCAG 2.1 A and AA, and the page never scrolling sideways."""

from functools import cache
from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def axe_violations(page) -> list[str]:
    """The serious and critical WCAG 2.1 A/AA violations of the page as it is shown, one
    line each (rule, impact, the first elements' selectors). axe is evaluated through the
    DevTools protocol: the site's Content-Security-Policy needs no exception for it."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(f"() => {{ {_axe_source()}\n }}")
    result = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
            }));
        }""",
        WCAG_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {', '.join(v['nodes'])}"
        for v in result
        if v["impact"] in BLOCKING
    ]


def scrolls_sideways(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth > window.innerWidth")


def fully_visible(locator) -> bool:
    """The element lies within the window's width (no horizontal scrolling to reach it)."""
    box = locator.bounding_box()
    width = locator.page.evaluate("() => window.innerWidth")
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
