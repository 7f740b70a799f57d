"""The assessment report as one self-contained HTML page: the capability profile, a clause
exposure heat map per edition and the outcome ratings of each process, as inline SVG written
directly (deterministic; text stays text; every cell has a tooltip), with the tables."""

from __future__ import annotations

from html import escape

RATING_COLOUR = {
    "N": "#d73027",
    "P": "#fc8d59",
    "L": "#91cf60",
    "F": "#1a9850",
    None: "#ffffff",
}
CLASS_COLOUR = {
    "supported": "#1a9850",
    "partly assessed": "#d9ef8b",
    "at risk": "#fc8d59",
    "exposed": "#d73027",
    "not assessed": "#f0f0f0",
}
CELL = 16


def _e(text) -> str:
    return escape(str(text), quote=True)


def _w(text: str, size: float = 11) -> float:
    return len(text) * size * 0.56


def profile_svg(result: dict) -> str:
    rows = result["profile"]
    labels = [f"{p['process']} {p['name']}" for p in rows]
    left = round(max([_w(t) for t in labels] + [80]) + 12)
    unit = 60
    width, height = left + unit * 5 + 40, 40 + 24 * len(rows) + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'font-family="sans-serif" font-size="11"><title>Capability profile</title>'
    ]
    for level in range(6):
        x = left + unit * level
        out.append(f'<line x1="{x}" y1="30" x2="{x}" y2="{height - 24}" stroke="#d0d7de"/>')
        out.append(f'<text x="{x}" y="{height - 10}" text-anchor="middle">{level}</text>')
    out.append(f'<text x="{left}" y="18" font-weight="bold">capability level per process</text>')
    for i, (p, label) in enumerate(zip(rows, labels)):
        y = 36 + 24 * i
        out.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end">{_e(label)}</text>')
        tip = f"{label}: level {p['level']}" + (f" ({p['reason']})" if p["reason"] else "")
        out.append(
            f'<rect x="{left}" y="{y}" width="{max(unit * p["level"], 2)}" height="16" '
            f'fill="#4292c6"><title>{_e(tip)}</title></rect>'
        )
        for inst in [i for i in result["instances"] if i["process"] == p["process"]]:
            cx = left + unit * inst["level"]
            out.append(
                f'<circle cx="{cx}" cy="{y + 8}" r="4" fill="#08306b"><title>'
                f"{_e(inst['instance'])}: level {inst['level']}</title></circle>"
            )
    out.append("</svg>")
    return "".join(out)


def exposure_svg(result: dict, edition: dict) -> str:
    rows = [e for e in result["exposure"] if e["edition"] == edition["edition"]]
    return heat_map(rows, edition["label"], "clause")


def heat_map(rows: list[dict], title: str, key: str) -> str:
    """One cell per clause (``key`` "clause") or framework item ("item"), coloured by class."""
    edition = {"label": title}
    per_row = 40
    lines = [rows[i : i + per_row] for i in range(0, len(rows), per_row)] or [[]]
    width = 20 + CELL * per_row + 10
    height = 30 + len(lines) * (CELL + 34) + 30
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'font-family="sans-serif" font-size="10"><title>{"Clause exposure" if key == "clause" else "Exposure"}: {_e(edition["label"])}</title>',
        f'<text x="10" y="16" font-size="12" font-weight="bold">{_e(edition["label"])}</text>',
    ]
    for li, line in enumerate(lines):
        y = 30 + li * (CELL + 34)
        for j, e in enumerate(line):
            x = 10 + CELL * j
            outs = ", ".join(f"{o['outcome']} {o['rating'] or '-'}" for o in e["outcomes"])
            conf = f"; confidence {e['confidence']}" if e["confidence"] is not None else ""
            via = " from " + ", ".join(v["process"] for v in e["via"]) if key == "item" else ""
            tip = f"{e[key]} {e['label']}: {e['class']}{conf}{via} ({outs})"
            out.append(
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{CLASS_COLOUR[e["class"]]}" '
                f'stroke="#ffffff"><title>{_e(tip)}</title></rect>'
                f'<text transform="translate({x + CELL / 2 + 3:g},{y + CELL + 4}) rotate(90)" font-size="8">{_e(e[key] if key == "clause" else e[key][:8])}</text>'
            )
    x = 10
    for name, colour in CLASS_COLOUR.items():
        out.append(
            f'<rect x="{x}" y="{height - 20}" width="10" height="10" fill="{colour}" stroke="#999"/>'
            f'<text x="{x + 14}" y="{height - 11}">{_e(name)}</text>'
        )
        x += round(_w(name, 10)) + 30
    out.append("</svg>")
    return "".join(out)


def outcomes_svg(result: dict, process: dict) -> str:
    instances = [i for i in result["instances"] if i["process"] == process["process"]]
    ratings = result["_ratings"].get(process["process"], {})
    numbers = sorted({int(n) for n in process["outcomes"]})
    left = round(max([_w(i["instance"]) for i in instances] + [60]) + 12)
    width, height = left + 26 * len(numbers) + 10, 30 + 20 * len(instances) + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'font-family="sans-serif" font-size="11"><title>Outcome ratings of {_e(process["process"])}</title>'
    ]
    for j, n in enumerate(numbers):
        out.append(f'<text x="{left + 26 * j + 12}" y="20" text-anchor="middle">{n}</text>')
    for i, inst in enumerate(instances):
        y = 28 + 20 * i
        out.append(
            f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">{_e(inst["instance"])}</text>'
        )
        for j, n in enumerate(numbers):
            code = ratings.get((inst["instance"], n))
            out.append(
                f'<rect x="{left + 26 * j}" y="{y}" width="24" height="18" fill="{RATING_COLOUR[(code or "")[:1] or None]}">'
                f"<title>{_e(inst['instance'])}, outcome {n}: {_e(code or '-')}</title></rect>"
                f'<text x="{left + 26 * j + 12}" y="{y + 13}" text-anchor="middle" fill="#ffffff">{_e(code or "")}</text>'
            )
    out.append("</svg>")
    return "".join(out)


STYLE = """body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1b1f24}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #d0d7de;padding:2px 6px;text-align:left}
svg{max-width:100%;height:auto;display:block;margin:1em 0}h2{margin-top:2em}"""


def render_html(result: dict, ratings: dict) -> str:
    """``ratings``: process -> {(instance, outcome number): rating code}."""
    result = dict(result, _ratings=ratings)
    a = result["assessment"]
    title = f"Assessment {a['identifier']}: {a['title']}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f"<p>{_e(a['organisation'])} · {_e(a['date'])} · rating method {_e(a['method'])} · "
        f"aggregation {_e(a['aggregation'])}</p>",
        "<h2>Capability profile</h2>",
        profile_svg(result),
        "<table><tr><th>process</th><th>instance</th><th>PA 1.1 %</th><th>PA 1.1</th><th>level</th><th>why not higher</th></tr>",
    ]
    for i in result["instances"]:
        pct = f"{i['pa11_percentage']:.2f}" if i["pa11_percentage"] is not None else ""
        out.append(
            f"<tr><td>{_e(i['process'])} {_e(i['name'])}</td><td>{_e(i['instance'])}</td><td>{pct}</td>"
            f"<td>{_e(i['pa11_refined'])}</td><td>{i['level']}</td><td>{_e(i['reason'])}</td></tr>"
        )
    out.append("</table><h2>Clause exposure by edition</h2>")
    for ed in result["editions"]:
        how = (
            "traced by ISO/IEC TR 20000-4"
            if ed["traced"]
            else "through mapping sets "
            + ", ".join(s.rsplit("/", 1)[-1] for s in ed["mapping_sets"])
        )
        out.append(f"<h3>{_e(ed['label'])}</h3><p>{_e(how)}</p>")
        out.append(exposure_svg(result, ed))
    if result.get("frameworks"):
        out.append("<h2>Exposure by framework</h2>")
        out.append(
            "<p>Each item takes the outcomes of the PRM processes mapped to it; its confidence is "
            "the weakest of those mapping rows.</p>"
        )
    for fw in result.get("frameworks", []):
        rows = [e for e in result["framework_exposure"] if e["framework"] == fw["framework"]]
        sets = ", ".join(s.rsplit("/", 1)[-1] for s in fw["mapping_sets"])
        out.append(
            f"<h3>{_e(fw['label'])}</h3><p>{_e(fw['kind'])}s, through mapping sets {_e(sets)}</p>"
        )
        out.append(heat_map(rows, fw["label"], "item"))
        out.append(
            "<table><tr><th>item</th><th>class</th><th>confidence</th><th>from processes</th></tr>"
        )
        for e in rows:
            conf = "" if e["confidence"] is None else e["confidence"]
            via = ", ".join(
                f"{v['process']} ({v['confidence']})"
                if v["confidence"] is not None
                else v["process"]
                for v in e["via"]
            )
            out.append(
                f"<tr><td>{_e(e['item'])} {_e(e['label'])}</td><td>{_e(e['class'])}</td>"
                f"<td>{conf}</td><td>{_e(via)}</td></tr>"
            )
        out.append("</table>")
    out.append("<h2>Outcome ratings by process</h2>")
    for p in result["profile"]:
        out.append(f"<h3>{_e(p['process'])} {_e(p['name'])}</h3>")
        out.append(outcomes_svg(result, p))
    out.append("</body></html>\n")
    return "\n".join(out)
