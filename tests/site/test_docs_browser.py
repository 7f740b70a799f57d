"""The documentation site as a real browser renders it: headless Chromium (Debian's ``chromium``,
installed by ``make test`` through scripts/ensure-debian-package.sh). Skipped, with the reason, only
where no Chromium can be found."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess

import pytest
from _docs_support import built_site, parse_html, table
from _paths import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium not found: install Debian's chromium (make test runs scripts/ensure-debian-package.sh)",
)


def dump_dom(url: str, tmp_path, *extra: str) -> str:
    """The DOM Chromium renders for ``url``, after the page's load event."""
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--virtual-time-budget=10000",
        *extra,
        "--dump-dom",
        url,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stdout.strip(), (
        f"chromium failed ({result.returncode}): {result.stderr[-2000:]}"
    )
    return result.stdout


PROBE = """<!DOCTYPE html><html><body style="margin:0"><pre id="result">pending</pre>
<iframe style="width:{width}px;height:800px;border:0" src="{url}" onload="
var d = this.contentDocument, out = {{images: [], svgs: [], scrollWidth: 0, clientWidth: 0}};
if (d) {{
  for (const i of d.images) out.images.push({{src: i.getAttribute('src'), w: i.naturalWidth, h: i.naturalHeight, complete: i.complete}});
  for (const s of d.querySelectorAll('svg')) {{ const r = s.getBoundingClientRect(); out.svgs.push({{cls: s.getAttribute('class') || '', w: r.width, h: r.height}}); }}
  out.scrollWidth = d.documentElement.scrollWidth; out.clientWidth = d.documentElement.clientWidth;
}}
document.getElementById('result').textContent = d ? JSON.stringify(out) : 'no access';
"></iframe></body></html>
"""


def probe(page_rel: str, tmp_path, width: int = 1200) -> dict:
    """Load a site page in an iframe of a probe page (outside the site) and read what Chromium rendered."""
    probe_file = tmp_path / f"probe-{page_rel.replace('/', '-')}-{width}.html"
    probe_file.write_text(
        PROBE.format(width=width, url=(built_site() / page_rel).as_uri()), encoding="utf-8"
    )
    dom = parse_html(dump_dom(probe_file.as_uri(), tmp_path, "--allow-file-access-from-files"))
    return json.loads(dom.by_id("result").text())


def test_index_renders_the_26_processes(tmp_path):
    dom = parse_html(dump_dom((built_site() / "index.html").as_uri(), tmp_path))
    rows = dom.find_all("tr", cls="process")
    assert len(rows) == 26
    assert sorted(r.find_all("td")[1].text() for r in rows) == sorted(
        p["name"] for p in table("processes")
    )


def test_process_page_renders_an_outcome_verbatim(tmp_path):
    outcome = next(o for o in table("outcomes") if o["process"] == "5.6" and o["number"] == "2")
    process = next(p for p in table("processes") if p["clause"] == "5.6")
    dom = parse_html(
        dump_dom((built_site() / f"id/process/{process['id']}.html").as_uri(), tmp_path)
    )
    assert dom.by_id("outcome-2").find_all("span", cls="verbatim")[0].text() == " ".join(
        outcome["text"].split()
    )
    assert process["purpose"] in dom.text()


def test_heat_maps_render_at_a_visible_size(tmp_path):
    result = probe("coverage.html", tmp_path)
    heatmaps = [s for s in result["svgs"] if "heatmap" in s["cls"]]
    assert len(heatmaps) == len([d for d in table("documents") if d["edition_code"]])
    for svg in result["svgs"]:
        assert svg["w"] > 100 and svg["h"] > 100, svg


def test_process_page_fits_a_phone_screen(tmp_path):
    result = probe("id/process/information-security-management.html", tmp_path, width=390)
    assert 0 < result["clientWidth"] <= 390
    assert result["scrollWidth"] <= result["clientWidth"]  # no sideways scrolling of the page


# one page of each type the site has
PAGE_TYPES = {
    "index": "index.html",
    "coverage": "coverage.html",
    "gaps": "gaps.html",
    "downloads": "downloads.html",
    "search": "search.html?q=incident",
    "vocabulary": "vocab.html",
    "process": "id/process/incident-management-and-request-fulfilment.html",
    "edition": "id/iso20000-1-2005.html",
    "clause": "id/iso20000-1-2ed-draft/clause/8.1.html",
    "outcome": "id/process/change-management/outcome/2.html",
    "published-clause": "id/iso20000-1-2011/clause/8.1.html",
    "release": "release/{version}/index.html",
    "version": "vocab/{version}.html",
    "clause-across-editions": "id/iso20000-1-2005/clause/9.2.html",
    "assessment": "assessment.html",
    "frameworks": "frameworks.html",
    "framework": "id/cobit2019.html",
    "framework-item": "id/itil4/practice/change-enablement.html",
    "editions": "editions.html",
    "later-edition": "id/iso20000-1-2018.html",
    "later-clause": "id/iso20000-1-2018/clause/8.5.1.html",
}
ARTEFACTS = ROOT / "build" / "test-artefacts" / "site"

MULTI_PROBE = """<!DOCTYPE html><html><body style="margin:0"><pre id="result">pending</pre>
<script>
var results = {{}}, pending = {count};
function measure(name, frame) {{
  var d = frame.contentDocument, out = {{scrollWidth: -1, clientWidth: -1, svgs: []}};
  if (d) {{
    out.scrollWidth = d.documentElement.scrollWidth; out.clientWidth = d.documentElement.clientWidth;
    for (const s of d.querySelectorAll('svg')) {{ const r = s.getBoundingClientRect(); out.svgs.push([r.width, r.height]); }}
  }}
  results[name] = out;
  --pending; document.getElementById("result").textContent = JSON.stringify(results);
}}
</script>
{frames}
</body></html>
"""


def page_types() -> dict[str, str]:
    from iso20000_prm import __version__

    return {k: v.format(version=__version__) for k, v in PAGE_TYPES.items()}


@pytest.mark.parametrize("width", [390, 1280, 1920])
def test_no_page_type_scrolls_sideways(tmp_path, width):
    pages = page_types()
    for rel in pages.values():
        assert (built_site() / rel.split("?")[0]).is_file(), rel
    frames = "\n".join(
        f'<iframe style="width:{width}px;height:900px;border:0;display:block" '
        f'src="{(built_site() / rel.split("?")[0]).as_uri()}" onload="measure(\'{name}\', this)"></iframe>'
        for name, rel in pages.items()
    )
    probe_file = tmp_path / f"multi-{width}.html"
    probe_file.write_text(MULTI_PROBE.format(count=len(pages), frames=frames), encoding="utf-8")
    dom = parse_html(dump_dom(probe_file.as_uri(), tmp_path, "--allow-file-access-from-files"))
    results = json.loads(dom.by_id("result").text())
    assert set(results) == set(pages)
    for name, r in results.items():
        assert 0 < r["clientWidth"] <= width, (name, r)
        assert r["scrollWidth"] <= r["clientWidth"], (name, width, r)  # no sideways scrolling
    for svg in results["coverage"]["svgs"]:  # the charts keep a visible size at every width
        assert svg[0] >= min(300, width - 40) and svg[1] > 100, svg


def test_screenshots_of_every_page_type(tmp_path):
    """Saved for a reviewer under build/test-artefacts/site/ (TYPE-WIDTH.png)."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    for name, rel in page_types().items():
        for width in (390, 1280, 1920):
            target = ARTEFACTS / f"{name}-{width}.png"
            if target.exists():
                target.unlink()
            url = (built_site() / rel.split("?")[0]).as_uri() + (
                "?" + rel.split("?")[1] if "?" in rel else ""
            )
            profile = tmp_path / f"shot-{name}-{width}"
            result = subprocess.run(
                [
                    CHROMIUM,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--hide-scrollbars",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    f"--user-data-dir={profile}",
                    f"--window-size={width},1400",
                    "--virtual-time-budget=5000",
                    f"--screenshot={target}",
                    url,
                ],
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert result.returncode == 0, result.stderr[-1000:]
            data = target.read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000, target


def test_search_finds_incident_on_the_right_pages(tmp_path):
    """The result links for "incident" are exactly the processes, outcomes, clauses and terms
    whose text holds the word, found here with plain csv and rdflib over the sources."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import OWL, RDF, RDFS, SKOS

    word = "incident"
    expected = set()
    for p in table("processes"):
        if any(word in (p[k] or "").lower() for k in ("name", "purpose", "context")):
            expected.add(f"id/process/{p['id']}.html")
    ids = {p["clause"]: p["id"] for p in table("processes")}
    for o in table("outcomes"):
        if word in o["text"].lower():
            expected.add(f"id/process/{ids[o['process']]}.html#outcome-{o['number']}")
    docs = {d["edition_code"]: d["id"] for d in table("documents") if d["edition_code"]}
    for c in table("clauses"):
        if word in c["heading"].lower():
            expected.add(f"id/{docs[c['edition']]}/clause/{c['clause']}.html")
    # the editions the TR does not cite: their headings as the reference tables give them
    later = {}
    for name, pairs in (
        ("20000-1-2ed-draft-to-2011.csv", [("2011", "published_2011")]),
        ("20000-1-2011-to-2018.csv", [("2011", "published_2011"), ("2018", "published_2018")]),
        ("20000-1-2018-clauses.csv", [("2018", "")]),
    ):
        with open(ROOT / "reference" / name, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for year, prefix in pairs:
                    number = row[f"{prefix}_clause" if prefix else "clause"]
                    heading = row[f"{prefix}_heading" if prefix else "heading"]
                    if number and word in heading.lower():
                        later[(year, number)] = heading
    for year, number in later:
        expected.add(f"id/iso20000-1-{year}/clause/{number}.html")
    # ITIL 4 practices and COBIT 2019 objectives by name
    for name, kind in (
        ("itil4-practices.csv", "itil4/practice"),
        ("cobit2019-objectives.csv", "cobit2019/objective"),
    ):
        with open(ROOT / "reference" / name, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if word in row["target_name"].lower():
                    expected.add(f"id/{kind}/{row['target_id']}.html")
    g = Graph().parse(ROOT / "ontology" / "iso20000-prm.ttl", format="turtle")
    vocab = "https://w3id.org/iso20000-prm/vocab#"
    for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual):
        for s in g.subjects(RDF.type, t):
            if not str(s).startswith(vocab):
                continue
            text = " ".join(
                str(v) for p in (RDFS.label, SKOS.definition) for v in g.objects(URIRef(s), p)
            )
            if word in (text + " " + str(s)[len(vocab) :]).lower():
                expected.add(f"vocab.html#{str(s)[len(vocab) :]}")
    assert len(expected) > 5
    url = (built_site() / "search.html").as_uri() + f"?q={word}"
    dom = parse_html(dump_dom(url, tmp_path))
    hits = dom.by_id("search-results").find_all("li", cls="hit")
    found = {li.find_all("a")[0].attrs["href"] for li in hits}
    assert found == expected
    assert f"{len(expected)} result" in dom.by_id("search-status").text()
    # process pages rank first for a word in their name
    first = hits[0].find_all("a")[0].attrs["href"]
    assert first == "id/process/incident-management-and-request-fulfilment.html"
