"""The coverage pictures as SVG written directly: responsive, linked, with tooltips, deterministic.

Each picture has a ``viewBox`` and no fixed size, so it scales to the width of its container;
the pages inline it, so its cells are links (to the clause and process pages) and carry a
``<title>`` tooltip with the count. The same SVG is also written as a file under ``charts/``
(links relative to that folder). Text stays text, so the files do not depend on fonts, and the
same model gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from iso20000_prm.site.model import Edition, Process

CELL = 18  # px per heat-map cell
PALETTE = ("#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#084594")


def _e(text) -> str:
    return escape(str(text), quote=True)


def _width(text: str, size: float = 11) -> float:
    return len(text) * size * 0.56


def _colour(value: int, top: int) -> str:
    if value <= 0:
        return "#ffffff"
    return PALETTE[min(len(PALETTE) - 1, 1 + (value - 1) * (len(PALETTE) - 2) // max(1, top - 1))]


def heatmap(
    processes: list[Process], edition: Edition, href: Callable[[str], str] = lambda p: p
) -> bytes:
    """Process x clause heat map for ``edition``: each cell counts the outcomes of the process that
    trace to the clause, links to the clause page and says so in its tooltip. ``href`` turns a
    site path into the link to write."""
    clauses = edition.clauses
    matrix = [[sum(1 for o in p.outcomes if c in o.clauses) for c in clauses] for p in processes]
    top = max((v for row in matrix for v in row), default=0) or 1
    labels = [p.title + ("" if p.available else " (not in source)") for p in processes]
    left = round(max([_width(t) for t in labels] + [60]) + 12)
    head = round(max([_width(c.notation, 10) for c in clauses] + [20]) + 30)
    title = f"Outcomes tracing to {edition.identifier}, by process and clause"
    width = round(max(left + CELL * len(clauses) + 10, left + _width(title, 13) + 10))
    height = head + CELL * len(processes) + 40
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="title-{_e(edition.slug)}" font-family="sans-serif" font-size="11">',
        f'<title id="title-{_e(edition.slug)}">{_e(title)}</title>',
        f'<text x="{left}" y="14" font-size="13" font-weight="bold">{_e(title)}</text>',
    ]
    for j, c in enumerate(clauses):
        x = left + CELL * j + CELL / 2
        out.append(
            f'<a href="{_e(href(c.path))}"><title>{_e(edition.identifier)} {_e(c.notation)} {_e(c.heading)}</title>'
            f'<text transform="translate({x + 4:g},{head - 4}) rotate(-90)" font-size="10">{_e(c.notation)}</text></a>'
        )
    for i, (p, label) in enumerate(zip(processes, labels)):
        y = head + CELL * i
        fill = "#57606a" if not p.available else "#1b1f24"
        out.append(
            f'<a href="{_e(href(p.path))}"><text x="{left - 6}" y="{y + CELL * 0.7:g}" text-anchor="end" fill="{fill}">{_e(label)}</text></a>'
        )
        for j, c in enumerate(clauses):
            value = matrix[i][j]
            x = left + CELL * j
            tip = f"{p.title} → {edition.identifier} {c.notation}: {value} outcome{'s' if value != 1 else ''}"
            cell = (
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{_colour(value, top)}" '
                f'stroke="#d0d7de" stroke-width="0.5"><title>{_e(tip)}</title></rect>'
            )
            if value:
                colour = "#ffffff" if value > top / 2 else "#1b1f24"
                cell += (
                    f'<text x="{x + CELL / 2:g}" y="{y + CELL * 0.7:g}" text-anchor="middle" '
                    f'font-size="9" fill="{colour}" pointer-events="none">{value}</text>'
                )
                out.append(f'<a class="cell" href="{_e(href(c.path))}">{cell}</a>')
            else:
                out.append(cell)
        if not p.available:
            out.append(
                f'<rect x="{left}" y="{y}" width="{CELL * len(clauses)}" height="{CELL}" '
                'fill="#f6f8fa" stroke="none"><title>not available in the source</title></rect>'
            )
    y = head + CELL * len(processes) + 24
    out.append(
        f'<text x="{left}" y="{y}" fill="#57606a">cited clause of {_e(edition.identifier)}; '
        f"darker = more outcomes (up to {top})</text>"
    )
    out.append("</svg>")
    return ("\n".join(out) + "\n").encode("utf-8")


def process_coverage(processes: list[Process], href: Callable[[str], str] = lambda p: p) -> bytes:
    """Per-process bars: directly linked outcomes (not fully bracketed) and how many are traced."""
    direct = [sum(1 for o in p.outcomes if o.directly_linked) for p in processes]
    traced = [sum(1 for o in p.outcomes if o.directly_linked and o.traced) for p in processes]
    left = round(max([_width(p.title) for p in processes] + [60]) + 12)
    scale = 28
    top = max(direct + [1])
    width = left + scale * top + 90
    row = 22
    height = 40 + row * len(processes) + 30
    title = "Traced / directly linked outcomes per process"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bars" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="title-bars" font-family="sans-serif" font-size="11">',
        f'<title id="title-bars">{_e(title)}</title>',
        f'<text x="{left}" y="14" font-size="13" font-weight="bold">{_e(title)}</text>',
        f'<rect x="{left}" y="22" width="10" height="8" fill="#c6dbef" stroke="#6baed6"/>'
        f'<text x="{left + 14}" y="30">directly linked outcomes</text>'
        f'<rect x="{left + 170}" y="22" width="10" height="8" fill="#2171b5"/>'
        f'<text x="{left + 184}" y="30">of which traced to ISO/IEC 20000-1</text>',
    ]
    for i, (p, d, t) in enumerate(zip(processes, direct, traced)):
        y = 40 + row * i
        tip = (
            f"{p.title}: {t} of {d} directly linked outcomes traced"
            if p.available
            else (f"{p.title}: not available in the source")
        )
        out.append(
            f'<a href="{_e(href(p.path))}"><title>{_e(tip)}</title>'
            f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{_e(p.title)}</text>'
            f'<rect x="{left}" y="{y + 2}" width="{scale * d}" height="8" fill="#c6dbef" stroke="#6baed6"/>'
            f'<rect x="{left}" y="{y + 10}" width="{scale * t}" height="8" fill="#2171b5"/>'
            f'<text x="{left + scale * max(d, t) + 6}" y="{y + 14}" font-size="10">'
            f"{_e(f'{t}/{d}' if p.available else 'not in source')}</text></a>"
        )
    out.append("</svg>")
    return ("\n".join(out) + "\n").encode("utf-8")


def svg_size(svg: bytes) -> tuple[str, str]:
    """The ``viewBox`` width and height of the root ``<svg>`` (CSS px), for ``<img>`` tags."""
    import re

    head = svg[: svg.find(b">", svg.find(b"<svg")) + 1].decode("utf-8")
    box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', head)
    return (box.group(1), box.group(2)) if box else ("", "")
