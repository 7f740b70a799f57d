"""The documentation site as a real browser renders it: headless Chromium (Debian's ``chromium``,
installed by ``make test`` through scripts/ensure-debian-package.sh). Skipped, with the reason, only
where no Chromium can be found."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from _docs_support import built_site, parse_html, table

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
