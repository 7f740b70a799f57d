"""The two framework crosswalks as SSSOM (validated by the ``sssom`` package) and OSCAL
(validated by the OSCAL bindings). Expected rows come from the shipped CSV files read with the
csv module; the relation words' meaning from prm-to-frameworks.md section 5, read by hand."""

from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys

import pytest
from _paths import ROOT

from iso20000_prm.mappings import mapping_sets
from iso20000_prm.mappings.oscal import to_oscal_json
from iso20000_prm.mappings.sssom import read_sssom_tsv, to_sssom_tsv

REF = ROOT / "reference"
SETS = {
    "prm-to-itil4": ("prm-to-itil4.csv", "itil4"),
    "prm-to-cobit2019": ("prm-to-cobit2019.csv", "cobit2019"),
}
CONF = {"high": 0.9, "medium": 0.6, "low": 0.3}
SKOS = {
    "exact": "exactMatch",
    "close": "closeMatch",
    "broad": "broadMatch",
    "narrow": "narrowMatch",
    "related": "relatedMatch",
}
OSCAL_REL = {
    "exact": "equal-to",
    "broad": "subset-of",
    "narrow": "superset-of",
    "close": "intersects-with",
    "related": "intersects-with",
}


def rows(name):
    with open(REF / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def process_ids():
    with open(ROOT / "tables" / "processes.csv", encoding="utf-8", newline="") as f:
        return {r["clause"]: r["id"] for r in csv.DictReader(f)}


_CHILD = r"""
import json, sys
import sssom
from sssom.constants import SchemaValidationType as T
from sssom.validators import validate
out = {}
for path in sys.argv[1:]:
    msdf = sssom.parse_tsv(path)
    reports = validate(msdf, [T.JsonSchema, T.PrefixMapCompleteness, T.StrictCurieFormat], fail_on_error=False)
    df = msdf.df.astype(object).where(msdf.df.notna(), None)
    out[path] = {
        "problems": [r.message for report in reports.values() for r in report.results],
        "rows": df.to_dict("records"),
    }
print(json.dumps(out, default=str))
"""


@pytest.fixture(scope="module")
def sets():
    return mapping_sets()


@pytest.fixture(scope="module")
def validated(sets, tmp_path_factory):
    if importlib.util.find_spec("sssom") is None:
        pytest.skip("the sssom package (test extra) validates the exports")
    tmp = tmp_path_factory.mktemp("fw-sssom")
    paths = {}
    for name in SETS:
        paths[name] = tmp / f"{name}.sssom.tsv"
        paths[name].write_bytes(to_sssom_tsv(sets[name]))
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *map(str, paths.values())],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return {name: out[str(path)] for name, path in paths.items()}


@pytest.mark.parametrize("name", sorted(SETS))
def test_sssom_export_is_valid_and_keeps_every_row(validated, name):
    result = validated[name]
    assert result["problems"] == []
    table, prefix = SETS[name]
    ids = process_ids()
    expected = sorted(
        (
            f"prmprocess:{ids[r['prm_clause']]}",
            f"skos:{SKOS[r['relation']]}",
            f"{prefix}:{r['target_id']}",
            CONF[r["confidence"]],
            f"confidence: {r['confidence']}",
        )
        for r in rows(table)
    )
    got = sorted(
        (
            r["subject_id"],
            r["predicate_id"],
            r["object_id"],
            float(r["confidence"]),
            next(p.strip() for p in r["comment"].split(";") if p.strip().startswith("confidence:")),
        )
        for r in result["rows"]
    )
    assert got == expected
    assert {r["mapping_justification"] for r in result["rows"]} == {"semapv:ManualMappingCuration"}


@pytest.mark.parametrize("name", sorted(SETS))
def test_sssom_round_trip(sets, name, tmp_path):
    path = tmp_path / "x.sssom.tsv"
    path.write_bytes(to_sssom_tsv(sets[name]))
    back = read_sssom_tsv(path)
    assert [(m.subject, m.predicate, m.object, m.confidence) for m in back.mappings] == [
        (m.subject, m.predicate, m.object, m.confidence) for m in sets[name].mappings
    ]


@pytest.mark.parametrize("name", sorted(SETS))
def test_oscal_export_is_valid_with_the_stated_relations(sets, name):
    bindings = pytest.importorskip("oscal_bindings")
    doc = json.loads(to_oscal_json(sets[name]))
    parsed = bindings.MappingCollectionDocument.model_validate(doc)
    mappings = parsed.mapping_collection.mappings.root
    mappings = mappings if isinstance(mappings, list) else [mappings]
    maps = [m for mapping in mappings for m in mapping.maps]
    got = {
        (
            m.sources[0].id_ref,
            m.targets[0].id_ref,
            m.relationship,
            str(m.confidence_score.category),
        )
        for m in maps
    }
    expected = {
        (r["prm_clause"], r["target_id"], OSCAL_REL[r["relation"]], r["confidence"])
        for r in rows(SETS[name][0])
    }
    assert got == expected
    assert to_oscal_json(sets[name]) == to_oscal_json(mapping_sets()[name])  # deterministic
