"""The three calls behind ``iso20000-prm assess``: template, import, report. The PRM graph follows
the one rule of :mod:`iso20000_prm.graph.source` (``graph``: a file, or None)."""

from __future__ import annotations

from pathlib import Path

from iso20000_prm.errors import PRMError


def _view(graph=None):
    from iso20000_prm.assessment.prm import prm_view
    from iso20000_prm.graph.source import load_graph

    g = graph if graph is not None and not isinstance(graph, (str, Path)) else load_graph(graph)
    return prm_view(g), g


def assessment_template(
    processes: list[str], instances: int = 1, fmt: str = "xlsx", graph=None
) -> bytes:
    """The workbook for ``processes`` (numbers such as "5.6"), as XLSX or CSV bytes."""
    from iso20000_prm.assessment.workbook import template_csv, template_xlsx

    if fmt not in ("xlsx", "csv"):
        raise PRMError(f"no template format {fmt!r}; formats: xlsx, csv")
    view, _ = _view(graph)
    return (template_xlsx if fmt == "xlsx" else template_csv)(view, processes, instances)


def import_assessment(workbook: Path | str, output: Path | str | None = None, graph=None) -> bytes:
    """A filled workbook (.xlsx or .csv) checked and turned into Turtle; written to ``output``
    (atomically, nothing on error) when given. Returns the Turtle bytes."""
    from iso20000_prm.assessment.rdf import TURTLE_PREFIXES, to_ntriples, turtle_of_ntriples
    from iso20000_prm.assessment.validate import require_valid
    from iso20000_prm.assessment.workbook import read_workbook

    view, prm = _view(graph)
    data = read_workbook(workbook, view)
    nt = to_ntriples(data, view)
    require_valid(nt, prm, str(workbook))
    body = turtle_of_ntriples(nt, TURTLE_PREFIXES)
    if output is not None:
        from iso20000_prm.files import write_atomic

        write_atomic(output, body)
    return body


def assessment_report(assessment: Path | str, fmt: str = "table", graph=None):
    """The answers for an assessment graph file, rendered in ``fmt`` (table, csv, json, html: text; xlsx: bytes)."""
    import pyoxigraph as ox

    from iso20000_prm.assessment.report import FORMATS, answers, from_store, render
    from iso20000_prm.assessment.validate import require_valid

    if fmt not in FORMATS:
        raise PRMError(f"no report format {fmt!r}; formats: {', '.join(FORMATS)}")
    path = Path(assessment)
    if not path.is_file():
        raise PRMError(f"{path}: no such file")
    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, ValueError, OSError) as exc:
        message = " ".join(str(exc).split())[:300]
        raise PRMError(f"{path}: cannot read as Turtle ({message})") from None
    view, prm = _view(graph)
    require_valid(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), prm, str(path))
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    data = from_store(store, view, str(path))
    result = answers(data, view)
    if fmt == "xlsx":
        from iso20000_prm.assessment.report import render_xlsx

        return render_xlsx(result, data)
    if fmt == "html":
        from iso20000_prm.assessment.html import render_html

        ratings: dict = {}
        for c in data.characterisations:
            ratings.setdefault(c.process, {})[(c.instance, c.outcome)] = c.rating.code
        return render_html(result, ratings)
    return render(result, fmt)


def assessment_queries_dir() -> Path:
    from iso20000_prm.files import queries_dir

    return queries_dir() / "assessment"


def run_assessment_query(name: str, assessment: Path | str, graph=None, engine: str = "oxigraph"):
    """Run the saved assessment query ``name`` (``queries/assessment/NAME.rq``) over the assessment
    graph file loaded beside the PRM graph and the assessment schemes."""
    from rdflib import Graph

    from iso20000_prm.assessment.validate import data_graph
    from iso20000_prm.sparql.saved import get_query, run_query

    query = get_query(name, assessment_queries_dir())
    path = Path(assessment)
    if not path.is_file():
        raise PRMError(f"{path}: no such file")
    try:
        g = Graph().parse(path, format="turtle")
    except Exception as exc:
        raise PRMError(f"{path}: cannot read as Turtle ({type(exc).__name__}: {exc})") from None
    _, prm = _view(graph)
    return run_query(query, graph=data_graph(g, prm), engine=engine)
