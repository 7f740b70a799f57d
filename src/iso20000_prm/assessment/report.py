"""The answers of an assessment: per process and instance PA 1.1 and the capability level with
the reason the next is not reached; the capability profile; clause exposure per edition."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from iso20000_prm import vocab as ns
from iso20000_prm.assessment.prm import PRMView
from iso20000_prm.assessment.scale import load_scale
from iso20000_prm.assessment.workbook import (
    AssessmentData,
    Characterisation,
    GivenAttribute,
)
from iso20000_prm.errors import PRMError

FORMATS = ("table", "csv", "json", "xlsx", "html")
CLASSES = ("supported", "partly assessed", "at risk", "exposed", "not assessed")


def from_graph(graph, view: PRMView, where: str = "assessment") -> AssessmentData:
    """Read assessment data back from its RDF (the inverse of :func:`rdf.to_graph`)."""
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

    scale = load_scale()
    A = lambda local: URIRef(ns.ASMT_NS + local)  # noqa: E731
    assessments = sorted(graph.subjects(RDF.type, A("Assessment")))
    if len(assessments) != 1:
        raise PRMError(f"{where}: expected one asmt:Assessment, found {len(assessments)}")
    a = assessments[0]
    local = lambda node: str(node).rsplit("#", 1)[-1] if node is not None else ""  # noqa: E731
    data = AssessmentData(
        identifier=str(graph.value(a, DCTERMS.identifier) or ""),
        title=str(graph.value(a, DCTERMS.title) or ""),
        organisation=str(graph.value(a, A("organisation")) or ""),
        date=str(graph.value(a, DCTERMS.date) or ""),
        method=local(graph.value(a, A("ratingMethod"))) or "R1",
        aggregation=local(graph.value(a, A("aggregationRule"))) or "mean",
    )
    by_iri = {p.iri: p.clause for p in view.processes.values()}
    outcomes = view.outcome_index()
    inst = {}
    for i in graph.subjects(A("assessment"), a):
        process = by_iri.get(str(graph.value(i, A("process"))))
        if process is None:
            raise PRMError(f"{where}: instance {i} performs no process of the PRM")
        inst[i] = (process, str(graph.value(i, RDFS.label) or i))
    for _i, (process, name) in sorted(inst.items(), key=lambda kv: str(kv[0])):
        data.instances.setdefault(process, []).append(name)
    for c in graph.subjects(RDF.type, A("OutcomeCharacterisation")):
        i = graph.value(c, A("instance"))
        if i not in inst:
            continue
        process, name = inst[i]
        o = outcomes.get(str(graph.value(c, A("outcome"))))
        rating = scale.by_iri(str(graph.value(c, A("rating"))))
        if o is None or o[0] != process or rating is None:
            raise PRMError(
                f"{where}: characterisation {c} names no outcome of {process} or no rating"
            )
        p = graph.value(c, A("percentage"))
        data.characterisations.append(
            Characterisation(
                process,
                name,
                o[1],
                rating,
                Decimal(str(p)) if p is not None else None,
                str(graph.value(c, A("evidence")) or ""),
                str(graph.value(c, SKOS.note) or ""),
            )
        )
    attrs = {x.iri: x.code for x in scale.attributes}
    for r in graph.subjects(RDF.type, A("AttributeRating")):
        i = graph.value(r, A("instance"))
        if i not in inst or graph.value(r, A("aggregationRule")) is not None:
            continue  # computed ratings are computed again
        rating = scale.by_iri(str(graph.value(r, A("rating"))))
        code = attrs.get(str(graph.value(r, A("attribute"))))
        if rating is None or code is None:
            raise PRMError(
                f"{where}: attribute rating {r} has no rating or attribute of the scheme"
            )
        data.attributes.append(GivenAttribute(*inst[i], code, rating))
    data.characterisations.sort(key=lambda c: (ns.clause_key(c.process), c.instance, c.outcome))
    data.attributes.sort(
        key=lambda x: (ns.clause_key(x.process), x.instance, ns.clause_key(x.attribute))
    )
    return data


_P = (
    f"PREFIX asmt: <{ns.ASMT_NS}>\n"
    "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)


def _rows(store, query: str):
    return [[None if v is None else v.value for v in row] for row in store.query(_P + query)]


def from_store(store, view: PRMView, where: str = "assessment") -> AssessmentData:
    """Read assessment data from a pyoxigraph Store holding its RDF (the same as :func:`from_graph`,
    by SPARQL on the embedded store: fast at scale)."""
    scale = load_scale()
    heads = _rows(
        store,
        """SELECT ?a ?id ?title ?org ?date ?method ?rule WHERE { ?a a asmt:Assessment .
        OPTIONAL { ?a dcterms:identifier ?id } OPTIONAL { ?a dcterms:title ?title }
        OPTIONAL { ?a asmt:organisation ?org } OPTIONAL { ?a dcterms:date ?date }
        OPTIONAL { ?a asmt:ratingMethod ?method } OPTIONAL { ?a asmt:aggregationRule ?rule } }""",
    )
    if len({h[0] for h in heads}) != 1:
        raise PRMError(f"{where}: expected one asmt:Assessment, found {len({h[0] for h in heads})}")
    _, ident, title, org, date, method, rule = heads[0]
    local = lambda iri: iri.rsplit("#", 1)[-1] if iri else ""  # noqa: E731
    data = AssessmentData(
        identifier=ident or "",
        title=title or "",
        organisation=org or "",
        date=date or "",
        method=local(method) or "R1",
        aggregation=local(rule) or "mean",
    )
    by_iri = {p.iri: p.clause for p in view.processes.values()}
    outcomes = view.outcome_index()
    inst = {}
    for i, p, label in sorted(
        _rows(
            store,
            "SELECT ?i ?p ?l WHERE { ?i asmt:assessment ?a ; asmt:process ?p . OPTIONAL { ?i rdfs:label ?l } }",
        )
    ):
        process = by_iri.get(p)
        if process is None:
            raise PRMError(f"{where}: instance {i} performs no process of the PRM")
        inst[i] = (process, label or i)
        data.instances.setdefault(process, []).append(label or i)
    for c, i, o, r, pct, ev, note in _rows(
        store,
        """SELECT ?c ?i ?o ?r ?pct ?ev ?note WHERE { ?c a asmt:OutcomeCharacterisation ;
        asmt:instance ?i ; asmt:outcome ?o ; asmt:rating ?r . OPTIONAL { ?c asmt:percentage ?pct }
        OPTIONAL { ?c asmt:evidence ?ev } OPTIONAL { ?c skos:note ?note } }""",
    ):
        if i not in inst:
            continue
        process, name = inst[i]
        found = outcomes.get(o)
        rating = scale.by_iri(r)
        if found is None or found[0] != process or rating is None:
            raise PRMError(
                f"{where}: characterisation {c} names no outcome of {process} or no rating"
            )
        data.characterisations.append(
            Characterisation(
                process,
                name,
                found[1],
                rating,
                Decimal(pct) if pct is not None else None,
                ev or "",
                note or "",
            )
        )
    attrs = {x.iri: x.code for x in scale.attributes}
    for r, i, attribute, rating_iri in _rows(
        store,
        """SELECT ?r ?i ?x ?rating WHERE { ?r a asmt:AttributeRating ; asmt:instance ?i ;
        asmt:attribute ?x ; asmt:rating ?rating . FILTER NOT EXISTS { ?r asmt:aggregationRule ?rule } }""",
    ):
        if i not in inst:
            continue
        rating, code = scale.by_iri(rating_iri), attrs.get(attribute)
        if rating is None or code is None:
            raise PRMError(
                f"{where}: attribute rating {r} has no rating or attribute of the scheme"
            )
        data.attributes.append(GivenAttribute(*inst[i], code, rating))
    data.characterisations.sort(key=lambda c: (ns.clause_key(c.process), c.instance, c.outcome))
    data.attributes.sort(
        key=lambda x: (ns.clause_key(x.process), x.instance, ns.clause_key(x.attribute))
    )
    return data


def classify(ratings: list[str | None]) -> str:
    """The exposure class of a clause from the coarse ratings of its tracing outcomes (None: the
    outcome is not assessed)."""
    assessed = [r for r in ratings if r is not None]
    weak = [r for r in assessed if r in ("N", "P")]
    if not assessed:
        return "not assessed"
    if weak and len(weak) == len(ratings):
        return "exposed"
    if weak:
        return "at risk"
    return "supported" if len(assessed) == len(ratings) else "partly assessed"


def answers(data: AssessmentData, view: PRMView) -> dict:
    """Everything the report shows, as plain values (the JSON format)."""
    from iso20000_prm.assessment.rdf import compute

    results = compute(data)
    scale = load_scale()
    fmt = lambda d: float(d.quantize(Decimal("0.01"))) if d is not None else None  # noqa: E731
    instances, profile = [], []
    for process, pr in results.items():
        name = view.processes[process].name
        for ir in pr.instances:
            pa = ir.attributes["PA 1.1"]
            instances.append(
                {
                    "process": process,
                    "name": name,
                    "instance": ir.instance,
                    "pa11_percentage": fmt(pa.percentage) if pa.percentage is not None else None,
                    "pa11_rating": pa.rating.code,
                    "pa11_refined": scale.rating_for(pa.percentage, refined=True).code
                    if pa.percentage is not None
                    else pa.rating.code,
                    "attributes": {k: v.rating.code for k, v in ir.attributes.items()},
                    "level": ir.level,
                    "reason": ir.reason,
                }
            )
        profile.append(
            {
                "process": process,
                "name": name,
                "instances": len(pr.instances),
                "attributes": {k: v.rating.code for k, v in pr.attributes.items()},
                "level": pr.level,
                "reason": pr.reason,
                "outcomes": {str(n): j.rating.code for n, j in pr.outcomes.items()},
            }
        )
    outcome_rating = {}
    for process, pr in results.items():
        proc = view.processes[process]
        for o in proc.outcomes:
            if o.number in pr.outcomes:
                outcome_rating[o.iri] = pr.outcomes[o.number].rating.coarse
    index = view.outcome_index()

    def rated(outcomes, **fields) -> dict:
        """One exposure row: the outcomes in PRM order with their ratings, and the class."""
        tracing = sorted(outcomes, key=lambda o: (ns.clause_key(index[o][0]), index[o][1]))
        ratings = [outcome_rating.get(o) for o in tracing]
        confidence = fields.pop("confidence")
        return {
            **{k: v for k, v in fields.items() if k != "via"},
            "class": classify(ratings),
            "confidence": float(confidence) if confidence is not None else None,
            "via": fields["via"],
            "outcomes": [
                {"outcome": f"{index[o][0]}.{index[o][1]}", "rating": r}
                for o, r in zip(tracing, ratings)
            ],
        }

    exposure = [
        rated(
            c.outcomes,
            edition=ed.code,
            clause=c.notation,
            label=c.label,
            confidence=c.confidence,
            via=sorted(c.via, key=ns.clause_key),
        )
        for ed in view.editions
        for c in ed.clauses.values()
    ]
    framework_exposure = [
        rated(
            item.outcomes,
            framework=fw.code,
            item=item.notation,
            label=item.label,
            confidence=item.confidence,
            via=[
                {"process": p, "confidence": float(c) if c is not None else None}
                for p, c in sorted(item.processes.items(), key=lambda kv: ns.clause_key(kv[0]))
            ],
        )
        for fw in view.frameworks
        for item in fw.items.values()
    ]
    return {
        "assessment": {
            "identifier": data.identifier,
            "title": data.title,
            "organisation": data.organisation,
            "date": data.date,
            "method": data.method,
            "aggregation": data.aggregation,
        },
        "editions": [
            {
                "edition": e.code,
                "label": e.label,
                "traced": e.traced,
                "mapping_sets": list(e.mapping_sets),
            }
            for e in view.editions
        ],
        "instances": instances,
        "profile": profile,
        "exposure": exposure,
        "frameworks": [
            {
                "framework": f.code,
                "label": f.label,
                "kind": f.kind,
                "mapping_sets": list(f.mapping_sets),
            }
            for f in view.frameworks
        ],
        "framework_exposure": framework_exposure,
    }


def _via(e: dict) -> str:
    """The processes an item is mapped from, each with its row's confidence: "5.6 (0.6)"."""
    return " ".join(
        f"{v['process']} ({v['confidence']})" if v["confidence"] is not None else v["process"]
        for v in e["via"]
    )


def render(result: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(
            [
                "section",
                "process",
                "instance",
                "edition",
                "clause",
                "pa11",
                "rating",
                "level",
                "class",
                "confidence",
                "reason",
            ]
        )
        for i in result["instances"]:
            w.writerow(
                [
                    "instance",
                    i["process"],
                    i["instance"],
                    "",
                    "",
                    i["pa11_percentage"],
                    i["pa11_rating"],
                    i["level"],
                    "",
                    "",
                    i["reason"],
                ]
            )
        for p in result["profile"]:
            w.writerow(
                [
                    "process",
                    p["process"],
                    "",
                    "",
                    "",
                    "",
                    p["attributes"].get("PA 1.1", ""),
                    p["level"],
                    "",
                    "",
                    p["reason"],
                ]
            )
        for e in result["exposure"]:
            w.writerow(
                [
                    "exposure",
                    "",
                    "",
                    e["edition"],
                    e["clause"],
                    "",
                    " ".join(f"{o['outcome']}={o['rating'] or '-'}" for o in e["outcomes"]),
                    "",
                    e["class"],
                    e["confidence"] if e["confidence"] is not None else "",
                    "",
                ]
            )
        for e in result["framework_exposure"]:  # framework in the edition column, item in clause
            w.writerow(
                [
                    "framework",
                    _via(e),
                    "",
                    e["framework"],
                    e["item"],
                    "",
                    " ".join(f"{o['outcome']}={o['rating'] or '-'}" for o in e["outcomes"]),
                    "",
                    e["class"],
                    e["confidence"] if e["confidence"] is not None else "",
                    "",
                ]
            )
        return buf.getvalue()
    if fmt == "table":
        out = []
        a = result["assessment"]
        out.append(
            f"Assessment {a['identifier']}: {a['title']} ({a['organisation']}, {a['date']}; {a['method']}, {a['aggregation']})"
        )
        out.append("")
        out.append(f"{'process':<8}{'instance':<24}{'PA 1.1':>8} {'':<3}{'level':>6}  reason")
        for i in result["instances"]:
            pct = f"{i['pa11_percentage']:.2f}" if i["pa11_percentage"] is not None else ""
            out.append(
                f"{i['process']:<8}{i['instance'][:23]:<24}{pct:>8} {i['pa11_rating']:<3}{i['level']:>6}  {i['reason']}"
            )
        out.append("")
        out.append("Capability profile (processes x levels)")
        for p in result["profile"]:
            bar = "#" * p["level"] + "." * (5 - p["level"])
            out.append(f"{p['process']:<8}{p['name'][:40]:<42}{bar}  {p['level']}  {p['reason']}")
        out.append("")
        out.append("Clause exposure")
        for ed in result["editions"]:
            rows = [e for e in result["exposure"] if e["edition"] == ed["edition"]]
            counts = {c: sum(1 for e in rows if e["class"] == c) for c in CLASSES}
            how = (
                "traced by the TR"
                if ed["traced"]
                else "through mapping sets "
                + ", ".join(s.rsplit("/", 1)[-1] for s in ed["mapping_sets"])
            )
            out.append(
                f"  {ed['label']} ({how}): " + ", ".join(f"{n} {c}" for c, n in counts.items())
            )
            for e in rows:
                if e["class"] == "not assessed":
                    continue
                conf = f" confidence {e['confidence']}" if e["confidence"] is not None else ""
                outs = " ".join(f"{o['outcome']}={o['rating'] or '-'}" for o in e["outcomes"])
                out.append(f"    {e['clause']:<10}{e['class']:<16}{outs}{conf}")
        if result["frameworks"]:
            out.append("")
            out.append("Framework exposure (through the PRM processes mapped to each item)")
        for fw in result["frameworks"]:
            rows = [e for e in result["framework_exposure"] if e["framework"] == fw["framework"]]
            counts = {c: sum(1 for e in rows if e["class"] == c) for c in CLASSES}
            sets = ", ".join(s.rsplit("/", 1)[-1] for s in fw["mapping_sets"])
            out.append(
                f"  {fw['label']} ({fw['kind']}s, mapping sets {sets}): "
                + ", ".join(f"{n} {c}" for c, n in counts.items())
            )
            for e in rows:
                if e["class"] == "not assessed":
                    continue
                conf = f" confidence {e['confidence']}" if e["confidence"] is not None else ""
                out.append(f"    {e['item']:<32}{e['class']:<16}from {_via(e)}{conf}")
        return "\n".join(out) + "\n"
    raise PRMError(f"no report format {fmt!r}; formats: {', '.join(FORMATS)}")


def outcome_rows(data: AssessmentData, result: dict) -> list[dict]:
    """One row per outcome characterisation, with the outcome's rating aggregated over the
    process's instances (the rating clause exposure uses)."""
    aggregated = {p["process"]: p["outcomes"] for p in result["profile"]}
    return [
        {
            "process": c.process,
            "outcome": f"{c.process}.{c.outcome}",
            "instance": c.instance,
            "rating": c.rating.code,
            "percentage": float(c.percentage) if c.percentage is not None else None,
            "process rating": aggregated.get(c.process, {}).get(str(c.outcome)),
            "evidence": c.evidence or None,
            "note": c.note or None,
        }
        for c in data.characterisations
    ]


def render_xlsx(result: dict, data: AssessmentData) -> bytes:
    """The report as a workbook (the one XLSX writer, :func:`sparql.results.as_xlsx`): sheets
    Assessment, Capability (per process and instance, with reasons), Profile (processes x
    levels), Exposure (clause exposure per edition, with confidence), Framework exposure (per ITIL 4
    practice and COBIT 2019 objective, with confidence) and Outcome ratings. Clause,
    process and outcome numbers are text; percentages, levels and confidences are numbers."""
    from iso20000_prm.sparql.results import as_xlsx

    codes = [x.code for x in load_scale().attributes]
    a = result["assessment"]
    head = [{"field": k, "value": v or None} for k, v in a.items()]
    for ed in result["editions"]:
        how = (
            "traced by the TR"
            if ed["traced"]
            else "through mapping sets " + ", ".join(ed["mapping_sets"])
        )
        head.append({"field": f"edition {ed['edition']}", "value": f"{ed['label']}: {how}"})
    capability = []
    for i in result["instances"]:
        row = {
            "process": i["process"],
            "name": i["name"],
            "instance": i["instance"],
            "PA 1.1 %": i["pa11_percentage"],
            "PA 1.1 refined": i["pa11_refined"],
        }
        row.update({c: i["attributes"].get(c) for c in codes})
        row.update({"level": i["level"], "reason": i["reason"] or None})
        capability.append(row)
    levels = [f"level {n}" for n in range(1, 6)]
    profile = []
    for p in result["profile"]:
        row = {"process": p["process"], "name": p["name"], "instances": p["instances"]}
        row.update({c: p["attributes"].get(c) for c in codes})
        row["level"] = p["level"]
        row.update({f"level {n}": "reached" if p["level"] >= n else None for n in range(1, 6)})
        row["reason"] = p["reason"] or None
        profile.append(row)
    exposure = [
        {
            "edition": e["edition"],
            "clause": e["clause"],
            "label": e["label"] or None,
            "class": e["class"],
            "confidence": e["confidence"],
            "via": " ".join(e["via"]) or None,
            "outcomes": len(e["outcomes"]),
            "assessed": sum(1 for o in e["outcomes"] if o["rating"]),
            "N or P": sum(1 for o in e["outcomes"] if o["rating"] in ("N", "P")),
            "ratings": " ".join(f"{o['outcome']}={o['rating'] or '-'}" for o in e["outcomes"])
            or None,
        }
        for e in result["exposure"]
    ]
    frameworks = [
        {
            "framework": e["framework"],
            "item": e["item"],
            "label": e["label"] or None,
            "class": e["class"],
            "confidence": e["confidence"],
            "via": _via(e) or None,
            "outcomes": len(e["outcomes"]),
            "assessed": sum(1 for o in e["outcomes"] if o["rating"]),
            "N or P": sum(1 for o in e["outcomes"] if o["rating"] in ("N", "P")),
            "ratings": " ".join(f"{o['outcome']}={o['rating'] or '-'}" for o in e["outcomes"])
            or None,
        }
        for e in result["framework_exposure"]
    ]
    outcomes = outcome_rows(data, result)
    columns = lambda rows, first: list(rows[0]) if rows else first  # noqa: E731
    return as_xlsx(
        [
            ("Assessment", ["field", "value"], head),
            (
                "Capability",
                columns(capability, ["process", "instance", "level", "reason"]),
                capability,
            ),
            ("Profile", columns(profile, ["process", "level", *levels, "reason"]), profile),
            ("Exposure", columns(exposure, ["edition", "clause", "class"]), exposure),
            (
                "Framework exposure",
                columns(frameworks, ["framework", "item", "class", "confidence"]),
                frameworks,
            ),
            ("Outcome ratings", columns(outcomes, ["process", "outcome", "rating"]), outcomes),
        ]
    )
