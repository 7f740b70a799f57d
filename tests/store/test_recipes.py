"""The README's triple-store recipe, run exactly as written against a real Oxigraph server (only
the port differs): ``load`` into the named graph, then the ``query`` line returns every process.
The expected rows are the process rows of tables/processes.csv, read with the csv module."""

from __future__ import annotations

import csv
import re
import shlex

from _paths import ROOT

from iso20000_prm.cli import main


def _recipe() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(oxigraph serve .*?)```", text, re.S).group(1)
    joined = block.replace("\\\n", " ")
    return [line.split("#")[0].strip() for line in joined.splitlines() if line.strip()]


def test_the_readme_recipe_returns_every_process(oxigraph_server, capsys):
    lines = _recipe()
    assert lines[0].startswith("oxigraph serve") and len(lines) == 3
    port = f"127.0.0.1:{oxigraph_server.port}"
    load, query = (shlex.split(line.replace("127.0.0.1:7878", port)) for line in lines[1:])
    assert load[:2] == ["iso20000-prm", "load"] and query[:2] == ["iso20000-prm", "query"]
    assert main(load[1:]) == 0
    printed = capsys.readouterr().err
    # load prints the query command to run, which is the README's (port aside)
    assert f"query it with: {shlex.join(query)}" in printed
    assert main([*query[1:], "--format", "csv"]) == 0
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    with open(ROOT / "tables" / "processes.csv", encoding="utf-8", newline="") as f:
        expected = {(r["clause"], r["name"]) for r in csv.DictReader(f)}
    got = {
        (r.get("process") or r.get("clause"), r.get("name") or r.get("processName")) for r in rows
    }
    assert len(rows) == len(expected) == 26
    assert got == expected, sorted(got ^ expected)[:5]


def _site_snippet(iri: str) -> str:
    """The query of the site's "Query this resource with SPARQL" box for ``iri``."""
    import html
    from types import SimpleNamespace

    from iso20000_prm.site.render import Page

    model = SimpleNamespace(editions=[], later_editions=[], source_label=None)
    page = Page("process/x.html", "x", iri, model).render().decode("utf-8")
    box = re.search(r'<details class="sparql">.*?<code>(.*?)</code>', page, re.S)
    return html.unescape(box.group(1))


def test_the_site_snippet_answers_on_a_store_loaded_as_the_readme_says(
    oxigraph_server, shipped_turtle
):
    """Loaded into the named graph (load's default) beside a second copy: the snippet run at the
    query endpoint as it stands gives the resource's statements once each."""
    import pyoxigraph as ox

    from iso20000_prm.sparql import saved as sparql

    url = f"http://127.0.0.1:{oxigraph_server.port}"
    for graph in ("https://w3id.org/iso20000-prm/graph", "urn:example:copy"):
        args = ["load", "--input", str(shipped_turtle), "--graph", graph]
        assert main([*args, "--endpoint", url + "/store"]) == 0
    iri = "https://w3id.org/iso20000-prm/id/process/audit"
    expected = {
        (q.predicate.value, q.object.value)
        for q in ox.parse(path=str(shipped_turtle), format=ox.RdfFormat.TURTLE)
        if q.subject == ox.NamedNode(iri)
    }
    assert expected
    rows = sparql.run_query(_site_snippet(iri), endpoint=url + "/query").rows
    got = [(r["property"], str(r["value"])) for r in rows]
    assert len(got) == len(set(got)) and {p for p, _ in got} == {p for p, _ in expected}
