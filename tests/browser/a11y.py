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


def overflowing(page) -> list[str]:
    """The elements that stick out of the window on the right, outside any scrolling box
    (a table's DSFR wrapper scrolls on its own): what makes a page scroll sideways."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth;
            const clipped = (el) => {
                for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                    const o = getComputedStyle(p).overflowX;
                    if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
                }
                return false;
            };
            const out = [];
            for (const el of document.querySelectorAll('body *')) {
                const r = el.getBoundingClientRect();
                if (r.width && r.right > width + 1 && !clipped(el)) {
                    out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                        (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
                        ' right=' + Math.round(r.right));
                }
            }
            return out.slice(0, 8);
        }"""
    )
