"""Run Apache Jena (Debian's libapache-jena-java, classpath from scripts/jena.sh) in one JVM
through JPype, in its own process (the OWL tests start another JVM in pytest's process).

Usage: python _jena_runner.py CLASSPATH REQUEST.json  -> JSON on stdout:
  {"counts": {file: triples+quads}, "queries": {name: SPARQL results JSON text},
   "shacl": {name: [[focus, source shape, severity], ...]}, "errors": {key: message}}
REQUEST: {"count": [files], "query_data": file, "queries": {name: text},
          "shacl": {name: {"data": file, "shapes": file, "update": file or null}}}
"""

from __future__ import annotations

import json
import sys


def main() -> None:
    import jpype

    classpath, request_path = sys.argv[1], sys.argv[2]
    with open(request_path, encoding="utf-8") as f:
        request = json.load(f)
    jpype.startJVM(classpath=classpath.split(":"), convertStrings=True)
    import jpype.imports  # noqa: F401 - makes the Java packages importable
    from java.io import ByteArrayOutputStream
    from org.apache.jena.query import (
        DatasetFactory,
        QueryExecutionFactory,
        QueryFactory,
        ResultSetFormatter,
    )
    from org.apache.jena.riot import Lang, RDFDataMgr, RDFParser
    from org.apache.jena.shacl import ShaclValidator, Shapes
    from org.apache.jena.sys import JenaSystem
    from org.apache.jena.update import UpdateAction

    JenaSystem.init()
    out = {"counts": {}, "queries": {}, "shacl": {}, "errors": {}}
    for path in request.get("count", []):
        try:
            dataset = DatasetFactory.create()
            if path.endswith(".jsonld"):  # the JSON-LD 1.1 reader lacks JSON-P on Debian
                RDFParser.source(path).forceLang(Lang.JSONLD10).parse(dataset)
            else:
                RDFDataMgr.read(dataset, path)
            total = dataset.getDefaultModel().size()
            names = dataset.listNames()
            while names.hasNext():
                total += dataset.getNamedModel(names.next()).size()
            out["counts"][path] = int(total)
        except Exception as exc:  # reported, the test fails naming it
            out["errors"][path] = str(exc)
    if request.get("queries"):
        model = RDFDataMgr.loadModel(request["query_data"])
        for name, text in request["queries"].items():
            try:
                with QueryExecutionFactory.create(QueryFactory.create(text), model) as qexec:
                    stream = ByteArrayOutputStream()
                    ResultSetFormatter.outputAsJSON(stream, qexec.execSelect())
                    out["queries"][name] = stream.toString("UTF-8")
            except Exception as exc:
                out["errors"][name] = str(exc)
    for name, job in request.get("shacl", {}).items():
        try:
            data = RDFDataMgr.loadGraph(job["data"])
            if job.get("update"):
                UpdateAction.readExecute(job["update"], data)
            shapes = Shapes.parse(RDFDataMgr.loadGraph(job["shapes"]))
            report = ShaclValidator.get().validate(shapes, data)
            entries = []
            for entry in report.getEntries():
                entries.append(
                    [
                        str(entry.focusNode()),
                        str(entry.source()),
                        str(entry.severity().level().getLocalName()),
                    ]
                )
            out["shacl"][name] = sorted(entries)
        except Exception as exc:
            out["errors"][name] = str(exc)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
