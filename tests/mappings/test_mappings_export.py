"""SSSOM TSV and OSCAL 1.2 mapping-collection exports, checked by the tools of those formats.

SSSOM: the exported files are parsed and validated by the ``sssom`` package (JSON schema, prefix
map completeness, strict CURIEs). OSCAL: no package registry ships NIST's published JSON schema
file for the 1.2 mapping model, so the export is validated with ``oscal-bindings``, Pydantic
models generated from NIST's published OSCAL JSON schema (v1.2.3), with unknown keys forbidden.
Each validator is first shown to reject a broken document, so a pass means something.
"""

from __future__ import annotations

import copy
import csv
import importlib.util
import json

import pytest

from iso20000_prm.cli import main
from iso20000_prm.errors import PRMError
from iso20000_prm.mappings import mapping_sets, reference_table
from iso20000_prm.mappings.oscal import to_oscal, to_oscal_json
from iso20000_prm.mappings.sssom import read_sssom_tsv, to_sssom_tsv

if importlib.util.find_spec("sssom") is None:
    pytest.skip("the sssom package (test extra) validates the exports", allow_module_level=True)
NAMES = (
    "1ed-to-2ed-draft",
    "2ed-draft-to-2011",
    "2011-to-2018",
    "2ed-draft-to-2018",
    "1ed-to-2011",
    "1ed-to-2018",
)


@pytest.fixture(scope="module")
def sets():
    return mapping_sets()


@pytest.fixture(scope="module")
def ref_rows():
    with open(reference_table(), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


_SSSOM_CHILD = r"""
import json, logging, sys
records = []
class Keep(logging.Handler):
    def emit(self, record):
        records.append(record.getMessage())
logging.getLogger().addHandler(Keep())
import sssom
from sssom.constants import SchemaValidationType as T
from sssom.validators import validate
out = {}
for path in sys.argv[1:]:
    records.clear()
    msdf = sssom.parse_tsv(path)
    reports = validate(msdf, [T.JsonSchema, T.PrefixMapCompleteness, T.StrictCurieFormat], fail_on_error=False)
    df = msdf.df.astype(object).where(msdf.df.notna(), None)
    out[path] = {
        "problems": [r.message for report in reports.values() for r in report.results],
        "warnings": list(records),
        "metadata": {k: v for k, v in msdf.metadata.items() if isinstance(v, str)},
        "rows": df.to_dict("records"),
    }
print(json.dumps(out, default=str))
"""


def _validate_sssom(*paths):
    """Parse and validate with the sssom package, all files in one child process: sssom imports
    pandas and LinkML (over 100 MiB, seconds), which would otherwise stay in the test process."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _SSSOM_CHILD, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


BROKEN = {  # name -> (text replaced, replacement, what the validator must say)
    "confidence": ("\t0.9\t", "\t7\t", "maximum of 1.0"),
    "justification": ("semapv:ManualMappingCuration", "semapv:Guessing", "semapv:Guessing"),
    "prefix": ("iso20000-1-2ed-draft:4.1.1", "undeclared:4.1.1", "Missing prefix"),
}


@pytest.fixture(scope="module")
def sssom_results(sets, tmp_path_factory):
    """name -> the sssom package's verdict on our export (and on broken copies of set b)."""
    tmp = tmp_path_factory.mktemp("sssom")
    paths = {}
    for name in NAMES:
        paths[name] = tmp / f"{name}.sssom.tsv"
        paths[name].write_bytes(to_sssom_tsv(sets[name]))
    text = to_sssom_tsv(sets["2ed-draft-to-2011"]).decode("utf-8")
    for key, (old, new, _) in BROKEN.items():
        assert old in text
        paths[key] = tmp / f"broken-{key}.sssom.tsv"
        paths[key].write_text(text.replace(old, new, 1), encoding="utf-8")
    results = _validate_sssom(*paths.values())
    return {name: results[str(path)] for name, path in paths.items()}


@pytest.mark.parametrize("name", NAMES)
def test_sssom_export_is_valid(name, sets, sssom_results):
    result = sssom_results[name]
    assert result["problems"] == []
    assert not [w for w in result["warnings"] if "not a standard SSSOM" in w]
    rows = result["rows"]
    assert len(rows) == len(sets[name].mappings)
    assert {r["mapping_justification"] for r in rows} <= {
        "semapv:LexicalMatching",
        "semapv:LexicalSimilarityThresholdMatching",
        "semapv:InstanceBasedMatching",
        "semapv:ManualMappingCuration",
        "semapv:MappingChaining",
    }
    assert all(r["confidence"] is not None for r in rows)
    chained = [r for r in rows if r["mapping_justification"] == "semapv:MappingChaining"]
    assert len(chained) in (0, len(rows))  # a set is curated/direct or derived, never both
    for r in chained:  # the hops, in order, as record IRIs (see_also), and the chain in words
        hops = r["see_also"] if isinstance(r["see_also"], list) else r["see_also"].split("|")
        assert all("/mapping-set/" in h and "/mapping/" in h for h in hops)
        assert r["comment"].count(" -> ") == len(hops) or "(none)" in r["comment"]
    assert (
        result["metadata"]["mapping_set_id"]
        == f"https://w3id.org/iso20000-prm/id/mapping-set/{name}"
    )


@pytest.mark.parametrize("key", sorted(BROKEN))
def test_sssom_validator_rejects_a_broken_file(sssom_results, key):
    problems = sssom_results[key]["problems"]
    assert any(BROKEN[key][2] in p for p in problems), problems


def test_sssom_keeps_curated_relation_and_confidence(ref_rows, sssom_results):
    rows = {r["subject_id"]: r for r in sssom_results["2ed-draft-to-2011"]["rows"]}
    level = {"high": 0.9, "medium": 0.6, "low": 0.3}
    for row in ref_rows:
        rec = rows[f"iso20000-1-2ed-draft:{row['draft_clause']}"]
        assert float(rec["confidence"]) == pytest.approx(level[row["confidence"]])
        assert f"relation in the source table: {row['relation']};" in rec["comment"]
        expected_object = (
            f"iso20000-1-2011:{row['published_2011_clause']}"
            if row["published_2011_clause"]
            else "sssom:NoTermFound"
        )
        assert rec["object_id"] == expected_object


@pytest.mark.parametrize("name", NAMES)
def test_sssom_round_trip(name, sets, tmp_path):
    path = tmp_path / "x.sssom.tsv"
    path.write_bytes(to_sssom_tsv(sets[name]))
    back = read_sssom_tsv(path)
    assert back.iri == sets[name].iri
    assert [(m.subject, m.predicate, m.object, m.confidence) for m in back.mappings] == [
        (m.subject, m.predicate, m.object, m.confidence) for m in sets[name].mappings
    ]


def test_exports_are_deterministic(sets):
    for mset in sets.values():
        assert to_sssom_tsv(mset) == to_sssom_tsv(mapping_sets()[mset.name])
    assert to_oscal_json(sets["2ed-draft-to-2011"]) == to_oscal_json(
        mapping_sets()["2ed-draft-to-2011"]
    )


# ---- OSCAL --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def oscal_model():
    bindings = pytest.importorskip("oscal_bindings")
    return bindings.MappingCollectionDocument


def test_oscal_export_is_valid(sets, oscal_model, ref_rows):
    doc = json.loads(to_oscal_json(sets["2ed-draft-to-2011"]))
    parsed = oscal_model.model_validate(doc)
    mappings = parsed.mapping_collection.mappings.root
    mappings = mappings if isinstance(mappings, list) else [mappings]
    maps = [m for mapping in mappings for m in mapping.maps]
    set_theoretic = {
        "same": "equal-to",
        "same (words reordered)": "equal-to",
        "renumbered": "equal-to",
        "merged into broader clause": "subset-of",
    }
    expected = {
        (r["draft_clause"], r["published_2011_clause"], set_theoretic[r["relation"]])
        for r in ref_rows
        if r["relation"] in set_theoretic
    }
    got = {(m.sources[0].id_ref, m.targets[0].id_ref, m.relationship) for m in maps}
    assert got == expected
    assert {m.matching_rationale.value for m in maps} <= {"syntactic", "semantic", "functional"}


def test_oscal_validator_rejects_a_broken_document(sets, oscal_model):
    from pydantic import ValidationError

    doc = to_oscal(sets["2ed-draft-to-2011"])
    for breakage in ("no provenance", "unknown key", "bad uuid"):
        bad = copy.deepcopy(doc)
        mc = bad["mapping-collection"]
        if breakage == "no provenance":
            del mc["provenance"]
        elif breakage == "unknown key":
            mc["mappings"][0]["maps"][0]["set_relation"] = "equal"
        else:
            mc["uuid"] = "not-a-uuid"
        with pytest.raises(ValidationError):
            oscal_model.model_validate(bad)


def test_oscal_refuses_a_set_without_set_relations(sets):
    with pytest.raises(PRMError, match="no NIST IR 8477"):
        to_oscal(sets["1ed-to-2ed-draft"])


# ---- command line -------------------------------------------------------------------------
def test_cli_exports(tmp_path, capsys):
    out = tmp_path / "b.oscal.json"
    assert (
        main(
            [
                "mappings",
                "export",
                "--set",
                "2ed-draft-to-2011",
                "--format",
                "oscal",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    assert json.loads(out.read_text(encoding="utf-8"))["mapping-collection"]["metadata"][
        "oscal-version"
    ].startswith("1.2")
    tsv = tmp_path / "a.sssom.tsv"
    assert main(["mappings", "export", "--set", "1ed-to-2ed-draft", "-o", str(tsv)]) == 0
    assert tsv.read_text(encoding="utf-8").startswith("#curie_map:")
    assert main(["mappings", "export", "--set", "nope"]) == 2
    assert "no mapping set 'nope'" in capsys.readouterr().err
