"""The assessment section: what an assessment against the PRM answers, shown on the shipped
fictitious example (``examples/assessment/``), through the assessment package's own report API
(:func:`iso20000_prm.assessment.api.assessment_report`) and pictures
(:mod:`iso20000_prm.assessment.html`): the site renders its answers, it computes none."""

from __future__ import annotations

import json
import re
from pathlib import Path

from iso20000_prm.site.model import SiteModel
from iso20000_prm.site.pages.layout import Page, _table, e

PAGE = "assessment.html"
FOLDER = "assessment/"
CLASSES = ("supported", "at risk", "exposed", "not assessed")


def example_assessment() -> Path | None:
    """The example assessment of a source checkout (``examples/assessment/assessment.ttl``)."""
    path = Path(__file__).resolve().parents[4] / "examples" / "assessment" / "assessment.ttl"
    return path if path.is_file() else None


def _figure(svg: str, caption: str) -> str:
    box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    width = box.group(1) if box else "600"
    return (
        f'<figure class="chart assessment" style="--w:{e(width)}px"><div class="chart-frame">'
        f"{svg}</div><figcaption>{caption}</figcaption></figure>"
    )


def assessment_page(model: SiteModel, graph, example: Path | None) -> tuple[Page, dict]:
    """The page and the files it links (the example's full report and its Turtle)."""
    page = Page(PAGE, "Process assessment", "", model)
    page.add(
        "<p>An assessor rates how far each outcome of a process is achieved for each process "
        "instance (N, P, L, F on the ISO/IEC 33020 scale); the ratings give the process "
        "performance attribute PA 1.1, the attribute ratings a capability level from 0 to 5, and "
        "the outcomes' traces to ISO/IEC 20000-1 show which requirement clauses, in every "
        "edition, are supported, at risk or exposed. <code>iso20000-prm assess template</code> "
        "writes the workbook, <code>assess import</code> turns the filled workbook into RDF, "
        "<code>assess report</code> gives these answers (table, CSV, JSON, XLSX, HTML).</p>"
    )
    if example is None:
        page.add(
            '<p class="notice">The example assessment (<code>examples/assessment/</code> of the '
            "source repository) is not part of this installation.</p>"
        )
        return page, {}
    from iso20000_prm.assessment.api import assessment_report
    from iso20000_prm.assessment.html import exposure_svg, profile_svg
    from iso20000_prm.mappings.model import EDITION_2011, EDITION_2018
    from iso20000_prm.vocab import clause_iri

    result = json.loads(assessment_report(example, "json", graph=graph))
    report = assessment_report(example, "html", graph=graph)
    files = {
        FOLDER + "example-report.html": report.encode("utf-8"),
        FOLDER + "example-assessment.ttl": example.read_bytes(),
    }
    a = result["assessment"]
    page.add(
        f'<h2 id="example">Example: {e(a["title"])}</h2>',
        f"<p>{e(a['organisation'])}, {e(a['date'])}; rating method {e(a['method'])}, "
        f"aggregation {e(a['aggregation'])}. The full report: "
        f'<a href="{page.to(FOLDER + "example-report.html")}">example-report.html</a>; the '
        f'assessment as RDF: <a href="{page.to(FOLDER + "example-assessment.ttl")}" '
        'type="text/turtle">example-assessment.ttl</a>.</p>',
    )
    processes = {p.notation: p for p in model.processes}
    page.add(
        '<h3 id="profile">Capability profile</h3>',
        _figure(profile_svg(result), "Capability level per process (dots: instances)."),
    )
    rows = []
    for p in result["profile"]:
        known = processes.get(p["process"])
        name = f"{p['process']} {p['name']}"
        shown = f'<a href="{page.to(known.path)}">{e(name)}</a>' if known else e(name)
        rows.append(
            f'<tr data-process="{e(p["process"])}"><td>{shown}</td>'
            f'<td class="num">{e(p["level"])}</td><td>{e(p["reason"] or "—")}</td></tr>'
        )
    page.add(_table(["Process", "#Level", "Why not higher"], rows, "collapse profile"))

    tr_clauses = {(c.edition.code, c.notation): c for c in model.clauses.values()}
    docs = {"ISO/IEC 20000-1:2011": EDITION_2011, "ISO/IEC 20000-1:2018": EDITION_2018}
    page.add('<h3 id="exposure">Clause exposure by edition</h3>')
    for ed in result["editions"]:
        mine = [x for x in result["exposure"] if x["edition"] == ed["edition"]]
        counts = {k: sum(1 for x in mine if x["class"] == k) for k in CLASSES}
        how = (
            "traced by the TR"
            if ed["traced"]
            else "through the mapping sets "
            + ", ".join(s.rsplit("/", 1)[-1] for s in ed["mapping_sets"])
        )
        page.add(
            f'<h4 id="exposure-{e(re.sub(r"[^A-Za-z0-9]+", "-", ed["edition"]).strip("-"))}">'
            f"{e(ed['label'])}</h4>",
            f"<p>{e(how)}: "
            + ", ".join(f'<span data-class="{k}">{counts[k]} {k}</span>' for k in CLASSES)
            + ".</p>",
        )
        rows = []
        for x in mine:
            if x["class"] not in ("exposed", "at risk"):
                continue
            clause = tr_clauses.get((ed["edition"], x["clause"]))
            target = clause.path if clause else ""
            if not target and ed["edition"] in docs:
                target = model.page_of(str(clause_iri(docs[ed["edition"]], x["clause"])))
            shown = f'<a href="{page.to(target)}">{e(x["label"])}</a>' if target else e(x["label"])
            ratings = ", ".join(f"{o['outcome']} {o['rating'] or '—'}" for o in x["outcomes"])
            rows.append(
                f'<tr data-clause="{e(x["clause"])}"><td>{shown}</td><td>{e(x["class"])}</td>'
                f"<td>{e(x['confidence'] or '')}</td><td>{e(ratings)}</td></tr>"
            )
        if rows:
            page.add(
                _table(
                    ["Clause", "Class", "Confidence", "Outcomes and ratings"],
                    rows,
                    "collapse exposure",
                )
            )
        page.add(_figure(exposure_svg(result, ed), f"Exposure of {e(ed['label'])}."))
    return page, files
