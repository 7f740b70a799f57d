"""The documentation site: built from the shipped graph, checked against the source tables read
with plain csv (never against the program's own output), its links, determinism and safety."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections import defaultdict

import pytest
from _docs_support import built_site, clause_sort_key, page, parse_html, table
from _paths import ROOT

from iso20000_prm.cli import main
from iso20000_prm.errors import PRMError

BASE = "https://w3id.org/iso20000-prm/id/"
BRACKET_LABEL = {"none": "not bracketed", "partial": "partly bracketed", "full": "fully bracketed"}
EDITION_DOC = {d["edition_code"]: d["id"] for d in table("documents") if d["edition_code"]}
PROCESSES = table("processes")
OUTCOMES = table("outcomes")
ENTRIES = table("traceability")
PROCESS_ID = {p["clause"]: p["id"] for p in PROCESSES}


def expected_traces() -> dict[tuple[str, int], set[tuple[str, str]]]:
    """(process clause, outcome number) -> {(document id, clause)} from traceability.csv."""
    out = defaultdict(set)
    for e in ENTRIES:
        for n in e["outcomes"].split(","):
            out[(e["process"], int(n))].add((EDITION_DOC[e["edition"]], e["clause"]))
    return out


def test_index_lists_the_26_processes_in_clause_order_with_purpose():
    rows = page("index.html").find_all("tr", cls="process")
    assert len(PROCESSES) == 26
    expected = sorted(PROCESSES, key=lambda p: clause_sort_key(p["clause"]))
    assert [r.attrs["data-clause"] for r in rows] == [p["clause"] for p in expected]
    for row, p in zip(rows, expected):
        cells = row.find_all("td")
        assert cells[1].text() == p["name"]
        assert cells[1].find_all("a")[0].attrs["href"] == f"id/process/{p['id']}.html"
        if p["available"] == "yes":
            assert cells[2].text() == p["purpose"]
            assert "na" not in row.classes
        else:
            assert "not available in the source" in cells[2].text()
            assert "na" in row.classes
    assert {r.attrs["data-clause"] for r in rows if "na" in r.classes} == {"5.26", "5.27"}


def test_index_coverage_column_matches_tables():
    traces = expected_traces()
    for row in page("index.html").find_all("tr", cls="process"):
        clause = row.attrs["data-clause"]
        mine = [o for o in OUTCOMES if o["process"] == clause]
        direct = [o for o in mine if o["bracket_status"] != "full"]
        traced = [o for o in direct if traces.get((clause, int(o["number"])))]
        cells = row.find_all("td")
        assert cells[3].text() == str(len(mine))
        if mine:
            assert cells[4].text() == f"{len(traced)}/{len(direct)}"


@pytest.mark.parametrize("process", PROCESSES, ids=lambda p: p["clause"])
def test_process_page_shows_context_purpose_and_numbered_outcomes(process):
    doc = page(f"id/process/{process['id']}.html")
    text = doc.text()
    assert doc.find_all("code", id="iri")[0].text() == f"{BASE}process/{process['id']}"
    assert doc.find_all("h1")[0].text() == f"{process['clause']} {process['name']}"
    if process["available"] == "yes":
        assert process["context"] in text and process["purpose"] in text
    else:
        assert "not available in the source" in text
    items = doc.find_all("li", cls="outcome")
    expected = sorted(
        (o for o in OUTCOMES if o["process"] == process["clause"]), key=lambda o: int(o["number"])
    )
    assert [i.attrs["id"] for i in items] == [f"outcome-{o['number']}" for o in expected]
    for item, o in zip(items, expected):
        assert item.find_all("span", cls="verbatim")[0].text() == " ".join(o["text"].split())
        assert item.find_all("span", cls="badge")[0].text() == BRACKET_LABEL[o["bracket_status"]]


def test_each_outcome_links_exactly_the_clauses_it_traces_to():
    traces = expected_traces()
    for p in PROCESSES:
        doc = page(f"id/process/{p['id']}.html")
        for item in doc.find_all("li", cls="outcome"):
            number = int(item.attrs["data-number"])
            ul = item.find_all("ul", cls="traces")
            hrefs = {a.attrs["href"] for a in ul[0].find_all("a")} if ul else set()
            assert hrefs == {
                f"../{doc_id}/clause/{c}.html"
                for doc_id, c in traces.get((p["clause"], number), set())
            }, (p["clause"], number)


def test_clause_pages_one_per_cited_clause_with_tracing_outcomes():
    clauses = table("clauses")
    files = {
        f.relative_to(built_site()).as_posix()
        for doc_id in EDITION_DOC.values()
        for f in (built_site() / "id" / doc_id / "clause").rglob("*.html")
    }
    assert files == {f"id/{EDITION_DOC[c['edition']]}/clause/{c['clause']}.html" for c in clauses}
    tracing = defaultdict(set)
    for e in ENTRIES:
        for n in e["outcomes"].split(","):
            tracing[(e["edition"], e["clause"])].add(
                f"../../process/{PROCESS_ID[e['process']]}.html#outcome-{n}"
            )
    for c in clauses:
        doc_id = EDITION_DOC[c["edition"]]
        doc = page(f"id/{doc_id}/clause/{c['clause']}.html")
        assert doc.find_all("code", id="iri")[0].text() == f"{BASE}{doc_id}/clause/{c['clause']}"
        assert c["heading"] in doc.find_all("h1")[0].text()
        hrefs = [a.attrs.get("href", "") for a in doc.find_all("a")]
        for changes in doc.find_all("ul", cls="changes"):  # "what changed": the other clause's too
            for a in changes.find_all("a"):
                hrefs.remove(a.attrs["href"])
        links = {h for h in hrefs if "#outcome-" in h}
        assert links == tracing[(c["edition"], c["clause"])]


def test_mapped_clauses_from_the_graph_appear_on_clause_pages():
    from rdflib.namespace import SKOS

    from iso20000_prm.graph.build import build_graph

    graph = build_graph()
    pairs = [(str(s), str(o)) for s, o in graph.subject_objects(SKOS.exactMatch)]
    cited = [
        (s, o)
        for s, o in pairs
        if s.startswith(BASE + "iso20000-1-2005/clause/")
        or s.startswith(BASE + "iso20000-1-2ed-draft/clause/")
    ]
    if not cited:
        pytest.skip("the shipped graph has no skos:exactMatch from a cited clause")
    for s, o in cited:
        rel = s[len(BASE) :] + ".html"
        mappings = page(f"id/{rel}").find_all("ul", cls="mappings")
        assert mappings, rel
        hrefs = {a.attrs["href"] for a in mappings[0].find_all("a")}
        target = posixpath.relpath(o[len(BASE) :] + ".html", posixpath.dirname(s[len(BASE) :]))
        assert target in hrefs, (s, o)


def test_added_mapping_shows_on_both_clause_pages_with_the_inverse_relation():
    from rdflib import URIRef
    from rdflib.namespace import SKOS

    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.site.model import load_model
    from iso20000_prm.site.render import clause_page

    graph = build_graph(include_mappings=False)
    a, b = (
        URIRef(BASE + "iso20000-1-2005/clause/6.6"),
        URIRef(BASE + "iso20000-1-2ed-draft/clause/6.6.2"),
    )
    graph.add((a, SKOS.broadMatch, b))
    model = load_model(graph)
    html_a = parse_html(clause_page(model, model.clauses[str(a)]).render().decode())
    html_b = parse_html(clause_page(model, model.clauses[str(b)]).render().decode())
    item_a = html_a.find_all("ul", cls="mappings")[0]
    item_b = html_b.find_all("ul", cls="mappings")[0]
    assert (
        "skos:broadMatch" in item_a.text()
        and item_a.find_all("a")[0].attrs["href"] == "../../iso20000-1-2ed-draft/clause/6.6.2.html"
    )
    assert (
        "skos:narrowMatch" in item_b.text()
        and item_b.find_all("a")[0].attrs["href"] == "../../iso20000-1-2005/clause/6.6.html"
    )


def test_known_finding_untraced_outcome_shows_on_its_outcome():
    traces = expected_traces()
    untraced = [
        o
        for o in OUTCOMES
        if o["bracket_status"] != "full" and not traces.get((o["process"], int(o["number"])))
    ]
    assert ("5.12", "8") in {(o["process"], o["number"]) for o in untraced}
    for o in untraced:
        item = page(f"id/process/{PROCESS_ID[o['process']]}.html").by_id(f"outcome-{o['number']}")
        severities = {
            f.find_all("span", cls="sev")[0].text() for f in item.find_all("li", cls="finding")
        }
        assert "Violation" in severities, (o["process"], o["number"])


def test_findings_are_placed_on_their_outcome():
    from types import SimpleNamespace

    from iso20000_prm.graph.build import build_graph
    from iso20000_prm.site.findings import normalise
    from iso20000_prm.site.model import load_model
    from iso20000_prm.site.render import process_page

    model = load_model(build_graph(include_mappings=False))
    process = next(p for p in model.processes if p.notation == "5.6")
    fake = SimpleNamespace(
        severity="Warning",
        focus=process.iri + "/outcome/3",
        process=process.iri,
        process_clause="5.6",
        process_name="Change management",
        outcome_number=3,
        rule="made-up-rule",
        message="a made-up finding",
    )
    doc = parse_html(process_page(model, process, normalise([fake])).render().decode())
    assert "a made-up finding" in doc.by_id("outcome-3").text()
    assert "a made-up finding" not in doc.by_id("outcome-2").text()
    doc = parse_html(process_page(model, process, []).render().decode())
    assert "The validator reports no finding for this process." in doc.text()


def test_vocabulary_page_lists_every_class_and_property_with_its_definition():
    ttl = (ROOT / "ontology" / "iso20000-prm.ttl").read_text(encoding="utf-8")
    terms = re.findall(r"^prm:(\w+) a owl:(?:Class|ObjectProperty|DatatypeProperty)\b", ttl, re.M)
    definitions = dict(
        re.findall(
            r"^prm:(\w+) a [^\n]*\n(?:[^\n]*\n)*?\s+skos:definition \"((?:[^\"\\]|\\.)*)\"@en",
            ttl,
            re.M,
        )
    )
    assert len(terms) > 20
    doc = page("vocab.html")
    for term in terms:
        section = doc.by_id(term)
        assert section is not None, term
        assert f"https://w3id.org/iso20000-prm/vocab#{term}" in section.text()
        assert definitions[term].replace('\\"', '"') in section.text(), term


def test_no_broken_internal_link_and_nothing_loaded_from_the_network():
    from iso20000_prm.site.linkcheck import check_site

    assert check_site(built_site()) == []


def test_link_checker_reports_broken_links(tmp_path):
    from iso20000_prm.site.linkcheck import check_site

    (tmp_path / "b.html").write_text('<p id="here">b</p>', encoding="utf-8")
    (tmp_path / "a.html").write_text(
        '<a href="b.html#here">ok</a><a href="missing.html">1</a><a href="b.html#nowhere">2</a>'
        '<img src="https://cdn.example.org/x.png"><a href="../outside.html">3</a><a href="https://example.org/">external link is fine</a>',
        encoding="utf-8",
    )
    problems = check_site(tmp_path)
    assert len(problems) == 4
    assert any("missing.html" in p for p in problems) and any("nowhere" in p for p in problems)
    assert any("network" in p for p in problems) and any("outside" in p for p in problems)


def graph_documents() -> dict[str, set[str]]:
    """{site path of a resource page: the IRIs it describes}, from the graph's subjects by plain
    string handling: the IRI's path under the base, fragment dropped, plus ``.html``."""
    from rdflib import URIRef

    from iso20000_prm.graph.build import build_graph

    out: dict[str, set[str]] = defaultdict(set)
    for s in set(build_graph().subjects()):
        if isinstance(s, URIRef) and str(s).startswith(ROOT_IRI):
            out[str(s)[len(ROOT_IRI) :].split("#")[0] + ".html"].add(str(s))
    return out


ROOT_IRI = "https://w3id.org/iso20000-prm/"


def test_the_site_mirrors_the_iri_paths_one_page_and_four_rdf_documents_per_resource():
    docs = graph_documents()
    site = built_site()
    for path in docs:
        stem = path[: -len(".html")]
        for suffix in (".html", ".ttl", ".jsonld", ".nt", ".rdf"):
            assert (site / (stem + suffix)).is_file(), stem + suffix
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    resource_pages = {p for p in pages if p.startswith("id/") or p.startswith("vocab")}
    version = {p for p in resource_pages if p.startswith("vocab/")}  # the version IRI's page
    assert resource_pages - version == {p for p in docs if p.startswith(("id/", "vocab"))}
    assert len(version) == 1
    fixed = {"index.html", "coverage.html", "gaps.html", "downloads.html", "search.html"}
    assert fixed <= pages


def test_every_page_is_phone_ready_and_resource_pages_show_their_iri():
    docs = graph_documents()
    for path in sorted(built_site().rglob("*.html")):
        rel = path.relative_to(built_site()).as_posix()
        doc = parse_html(path.read_text(encoding="utf-8"))
        viewport = doc.find_all("meta", name="viewport")
        if rel.startswith("assessment/"):  # the assessment package's own self-contained report
            assert viewport and rel == "assessment/example-report.html", rel
            continue
        assert viewport and "width=device-width" in viewport[0].attrs["content"], path
        nav = {a.attrs.get("href", "").rsplit("/", 1)[-1] for a in doc.find_all("a")}
        assert {"downloads.html", "gaps.html", "index.html"} <= nav, rel
        if rel in docs and len(docs[rel]) == 1:
            iri = doc.find_all("code", id="iri")
            assert iri and iri[0].text() == next(iter(docs[rel])), path
        if rel in docs:  # the resource's RDF documents are linked from its page
            alternates = {
                link.attrs["type"]: link.attrs["href"]
                for link in doc.find_all("link", rel="alternate")
            }
            stem = posixpath.basename(rel)[: -len(".html")]
            assert alternates == {
                "text/turtle": stem + ".ttl",
                "application/ld+json": stem + ".jsonld",
                "application/n-triples": stem + ".nt",
                "application/rdf+xml": stem + ".rdf",
            }, rel
    css = (built_site() / "style.css").read_text(encoding="utf-8")
    assert "@media (max-width" in css and "attr(data-label)" in css


def test_phone_tables_keep_their_labels():
    doc = page("index.html")
    heads = [th.text() for th in doc.find_all("table", cls="processes")[0].find_all("th")]
    for row in doc.find_all("tr", cls="process"):
        assert [td.attrs.get("data-label") for td in row.find_all("td")] == heads


def test_heat_maps_are_inline_svg_whose_cells_link_to_clauses_with_the_counts():
    traces = expected_traces()
    names = {p["clause"]: p for p in PROCESSES}
    for code, doc_id in EDITION_DOC.items():
        counts = defaultdict(int)  # (process title, clause) -> outcomes, from the tables
        for (process, _n), targets in traces.items():
            for d, clause in targets:
                if d == doc_id:
                    counts[(f"{process} {names[process]['name']}", clause)] += 1
        doc = page(f"id/{doc_id}.html")
        svgs = doc.find_all("svg", cls="heatmap")
        assert len(svgs) == 1 and "viewbox" in {k.lower() for k in svgs[0].attrs}
        assert "width" not in svgs[0].attrs  # scales with the page
        cells = svgs[0].find_all("a", cls="cell")
        seen = {}
        for cell in cells:
            tip = cell.find_all("title")[0].text()
            m = re.fullmatch(r"(.+) → (.+) (\S+): (\d+) outcomes?", tip)
            assert m, tip
            title, clause, n = m.group(1), m.group(3), int(m.group(4))
            seen[(title, clause)] = n
            assert cell.attrs["href"] == f"{doc_id}/clause/{clause}.html", tip
        assert seen == dict(counts), doc_id
        svg = (built_site() / "charts" / f"heatmap-{doc_id}.svg").read_bytes()
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        texts = {
            "".join(t.itertext()).strip() for t in root.iter("{http://www.w3.org/2000/svg}text")
        }
        clauses = table("clauses")
        assert {c["clause"] for c in clauses if c["edition"] == code} <= texts
        assert {f"{p['clause']} {p['name']}" for p in PROCESSES if p["available"] == "yes"} <= texts
    bars = ET.fromstring((built_site() / "charts" / "process-coverage.svg").read_bytes())
    assert len(list(bars.iter("{http://www.w3.org/2000/svg}text"))) > 26


def _outcomes_in_table_after(doc, section_id) -> set[tuple[str, str]]:
    """(process clause, outcome number) of the rows of the first table after the heading."""
    heading = doc.by_id(section_id)
    siblings = [n for n in heading.parent.children if not isinstance(n, str)]
    start = siblings.index(heading)
    for n in siblings[start + 1 :]:
        if n.tag == "h2":
            return set()
        tables = [n] if n.tag == "table" else n.find_all("table")
        if tables:
            out = set()
            for r in tables[0].find_all("tbody")[0].find_all("tr"):
                href = r.find_all("td")[1].find_all("a")[0].attrs["href"]
                pid = href.split("/")[-1].split(".html")[0]
                clause = next(p["clause"] for p in PROCESSES if p["id"] == pid)
                out.add((clause, href.rsplit("outcome-", 1)[1]))
            return out
    return set()


def test_gaps_page_lists_untraced_and_bracketed_yet_traced_outcomes():
    traces = expected_traces()
    untraced = {
        (o["process"], o["number"])
        for o in OUTCOMES
        if o["bracket_status"] != "full" and not traces.get((o["process"], int(o["number"])))
    }
    bracketed = {
        (o["process"], o["number"])
        for o in OUTCOMES
        if o["bracket_status"] == "full" and traces.get((o["process"], int(o["number"])))
    }
    doc = page("gaps.html")
    assert ("5.12", "8") in untraced
    assert _outcomes_in_table_after(doc, "untraced") == untraced
    assert _outcomes_in_table_after(doc, "bracketed-traced") == bracketed


def test_process_page_summarises_the_clauses_it_supports_per_edition():
    traces = expected_traces()
    for p in PROCESSES:
        mine = set()
        for (process, _n), targets in traces.items():
            if process == p["clause"]:
                mine |= targets
        doc = page(f"id/process/{p['id']}.html")
        tables = doc.find_all("table", cls="supports")
        if not mine:
            assert not tables, p["clause"]
            continue
        shown = set()
        for row in tables[0].find_all("tbody")[0].find_all("tr"):
            for a in row.find_all("td")[2].find_all("a"):
                _, doc_id, _, clause = a.attrs["href"].rsplit("/", 3)
                shown.add((doc_id, clause[: -len(".html")]))
        assert shown == mine, p["clause"]


def test_downloads_page_links_every_release_file_and_is_linked_from_every_page():
    from iso20000_prm.graph.formats import FORMATS

    doc = page("downloads.html")
    hrefs = {a.attrs["href"] for a in doc.find_all("a")}
    release = [h for h in hrefs if h.startswith("release/")]
    names = {h.rsplit("/", 1)[1] for h in release}
    assert {f"iso20000-prm{f.extension}" for f in FORMATS.values()} <= names
    assert "iso20000-prm.void.ttl" in names
    assert any(n.endswith(".sssom.tsv") for n in names)
    assert any(n.endswith(".oscal.json") for n in names)
    assert {p.name for p in (ROOT / "shapes").glob("*.ttl")} <= names
    assert {p.name for p in (ROOT / "queries").glob("*.rq")} <= names
    for h in release:
        assert (built_site() / h).is_file(), h


def test_cli_writes_the_same_bytes_again(tmp_path):
    out = tmp_path / "again"
    assert main(["docs", "--output", str(out)]) == 0
    first = {
        p.relative_to(built_site()).as_posix(): p.read_bytes()
        for p in built_site().rglob("*")
        if p.is_file()
    }
    second = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    assert [k for k in first if first[k] != second[k]] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "again"
    ]  # nothing written beside the site


def test_never_writes_outside_the_output_folder(tmp_path):
    from iso20000_prm.site.render import write_files

    with pytest.raises(PRMError, match="outside"):
        write_files(
            tmp_path / "site", {"a.html": b"x", "sub/../../evil.html": b"x", "z.html": b"x"}
        )
    assert not (tmp_path / "evil.html").exists()
    assert not (tmp_path / "site").exists()  # nothing written at all when one path is bad
    with pytest.raises(PRMError, match="outside"):
        write_files(tmp_path / "site", {"/etc/evil.html": b"x"})
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_cli_reports_bad_input_with_exit_2(tmp_path, capsys):
    assert (
        main(["docs", "--graph", str(tmp_path / "none.ttl"), "--output", str(tmp_path / "s")]) == 2
    )
    assert "none.ttl" in capsys.readouterr().err
    (tmp_path / "file").write_text("x")
    assert main(["docs", "--output", str(tmp_path / "file")]) == 2
    foaf = tmp_path / "foaf.ttl"
    foaf.write_text(
        "<http://example.org/a> a <http://xmlns.com/foaf/0.1/Person> .\n", encoding="utf-8"
    )
    capsys.readouterr()
    assert main(["docs", "--graph", str(foaf), "--output", str(tmp_path / "s")]) == 2
    assert "no prm:Process" in capsys.readouterr().err
    assert not (tmp_path / "s").exists()


def test_vocabulary_page_back_links_domain_range_and_links_external_terms():
    from rdflib import Graph, URIRef
    from rdflib.namespace import OWL, RDF, RDFS

    g = Graph().parse(ROOT / "ontology" / "iso20000-prm.ttl", format="turtle")
    vocab = "https://w3id.org/iso20000-prm/vocab#"
    doc = page("vocab.html")
    for cls in g.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith(vocab):
            continue
        section = doc.by_id(str(cls)[len(vocab) :])
        for relation, label in ((RDFS.domain, "in domain of"), (RDFS.range, "in range of")):
            expected = {
                "#" + str(p)[len(vocab) :]
                for p in g.subjects(relation, cls)
                if str(p).startswith(vocab)
            }
            terms = section.find_all("dt")
            shown = set()
            for i, dt in enumerate(terms):
                if dt.text() == label:
                    shown = {a.attrs["href"] for a in section.find_all("dd")[i].find_all("a")}
            assert shown == expected, (cls, label)
    clause = doc.by_id("Clause")
    external = {a.attrs["href"] for a in clause.find_all("a", cls="ext")}
    assert str(URIRef("http://www.w3.org/2004/02/skos/core#Concept")) in external
