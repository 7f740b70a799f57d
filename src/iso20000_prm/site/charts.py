"""The coverage pictures as SVG, drawn with matplotlib: deterministic bytes, no pyplot state.

Determinism: the SVG canvas of a bare ``Figure`` is used (no pyplot, no global backend), element
ids are salted with a fixed ``svg.hashsalt``, the ``Date`` metadata is dropped, and text is kept
as SVG text (``svg.fonttype: none``) so the files do not depend on the fonts installed.
"""

from __future__ import annotations

import io

from iso20000_prm.site.model import Edition, Process

RC = {
    "svg.hashsalt": "iso20000-prm-site",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.titlesize": 11,
}


def _save(fig, fmt: str) -> bytes:
    """``fig`` as SVG (the site's format) or, for comparison in the benchmark, PNG."""
    buffer = io.BytesIO()
    if fmt == "svg":
        from matplotlib.backends.backend_svg import FigureCanvasSVG

        FigureCanvasSVG(fig)
        fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    else:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
        fig.savefig(buffer, format=fmt, dpi=100, bbox_inches="tight")
    return buffer.getvalue()


def heatmap(processes: list[Process], edition: Edition, fmt: str = "svg") -> bytes:
    """Process x clause heat map for ``edition``: each cell counts the outcomes tracing to the clause."""
    import matplotlib
    from matplotlib.figure import Figure

    clauses = edition.clauses
    matrix = [[sum(1 for o in p.outcomes if c in o.clauses) for c in clauses] for p in processes]
    top = max((v for row in matrix for v in row), default=0) or 1
    with matplotlib.rc_context(RC):
        width = max(6.0, 2.6 + 0.26 * len(clauses))
        height = max(3.0, 1.4 + 0.26 * len(processes))
        fig = Figure(figsize=(width, height))
        ax = fig.add_subplot()
        if clauses and processes:
            image = ax.imshow(
                matrix, cmap="Blues", vmin=0, vmax=top, aspect="auto", interpolation="nearest"
            )
            for i, row in enumerate(matrix):
                for j, value in enumerate(row):
                    if value:
                        ax.text(
                            j,
                            i,
                            str(value),
                            ha="center",
                            va="center",
                            fontsize=7,
                            color="white" if value > top / 2 else "black",
                        )
            for i, p in enumerate(processes):
                if not p.available:
                    ax.axhspan(
                        i - 0.5,
                        i + 0.5,
                        facecolor="none",
                        edgecolor="0.6",
                        hatch="///",
                        linewidth=0,
                    )
            colorbar = fig.colorbar(image, ax=ax, fraction=0.025, pad=0.01)
            colorbar.set_label("outcomes tracing to the clause")
        ax.set_xticks(range(len(clauses)), [c.notation for c in clauses], rotation=90)
        ax.set_yticks(
            range(len(processes)),
            [p.title + ("" if p.available else " (not in source)") for p in processes],
        )
        ax.set_xlabel(f"cited clause of {edition.identifier}")
        ax.set_title(f"Outcomes tracing to {edition.identifier}, by process and clause")
        ax.tick_params(length=0)
        return _save(fig, fmt)


def process_coverage(processes: list[Process], fmt: str = "svg") -> bytes:
    """Per-process bars: directly linked outcomes (not fully bracketed) and how many of them are traced."""
    import matplotlib
    from matplotlib.figure import Figure

    direct = [sum(1 for o in p.outcomes if o.directly_linked) for p in processes]
    traced = [sum(1 for o in p.outcomes if o.directly_linked and o.traced) for p in processes]
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(8.0, max(3.0, 1.2 + 0.3 * len(processes))))
        ax = fig.add_subplot()
        ys = list(range(len(processes)))
        ax.barh(
            [y - 0.2 for y in ys],
            direct,
            height=0.4,
            color="#c6dbef",
            edgecolor="#6baed6",
            label="directly linked outcomes",
        )
        ax.barh(
            [y + 0.2 for y in ys],
            traced,
            height=0.4,
            color="#2171b5",
            label="of which traced to ISO/IEC 20000-1",
        )
        for y, p, d, t in zip(ys, processes, direct, traced):
            ax.text(
                max(d, t) + 0.15,
                y,
                f"{t}/{d}" if p.available else "not in source",
                va="center",
                fontsize=7,
            )
        ax.set_yticks(ys, [p.title for p in processes])
        ax.invert_yaxis()
        ax.set_xlabel("outcomes")
        ax.set_xlim(0, max(direct + [1]) + 2.5)
        ax.set_title("Traced / directly linked outcomes per process")
        ax.legend(loc="lower right", fontsize=8)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        return _save(fig, fmt)


def svg_size(svg: bytes) -> tuple[str, str]:
    """The ``width`` and ``height`` attributes of the root ``<svg>`` (in pt), for the <img> tag."""
    import re

    head = svg[: svg.find(b">", svg.find(b"<svg")) + 1].decode("utf-8")
    width = re.search(r'width="([\d.]+)pt"', head)
    height = re.search(r'height="([\d.]+)pt"', head)
    # 1pt = 4/3 CSS px
    return (
        str(round(float(width.group(1)) * 4 / 3)) if width else "",
        str(round(float(height.group(1)) * 4 / 3)) if height else "",
    )
