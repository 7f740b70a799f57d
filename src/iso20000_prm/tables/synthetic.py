"""Synthetic process reference models N times the size of the real one, for scale benchmarks.

The real PRM is small (26 processes, about 5 000 triples); users merge it with far larger
graphs, so the pipeline must be measured on bigger inputs of the *same shape*. A synthetic PRM
is written as source tables, so every stage (loading, building, validating, querying) runs on it
unchanged. Everything is derived from the given (by default the shipped) tables, nothing is
hard-coded: the synthetic PRM is ``N`` blocks, and each block is the real PRM with

* its processes in a seeded random order, renamed and renumbered (``5.2`` ... ``5.(26N+1)``);
* every process keeping its template's outcome count, outcome numbers, which outcomes each
  traceability entry supports (fan-out) and the editions its entries cite, so the bracket
  ratio, the fan-out and the untraced outcomes are those of the real PRM in every block;
* outcome texts shuffled among outcomes of the same bracket status (the status still follows
  from the text, as :func:`~iso20000_prm.tables.read.bracket_status_of` checks);
* cited clauses shuffled among the block's entries of the same edition, so each clause is cited
  as often as in the real PRM (clause reuse), and renumbered per block (block ``b`` >= 1
  appends the component ``1000 + b``: ``04.3`` -> ``04.3.1002``), so blocks share no clause.

The texts are the TR's own, reused; the tables' README states that the data is synthetic.
Same tables, scale and seed give the same bytes.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from iso20000_prm.errors import PRMError
from iso20000_prm.tables.read import load_tables, normalise_clause
from iso20000_prm.tables.schema import Outcome, Section, Tables, TraceEntry
from iso20000_prm.tables.write import tables_files, write_files

BLOCK_BASE = 1000  # block b >= 1 appends the component BLOCK_BASE + b to a clause number
MAX_SCALE = 100_000  # far beyond any benchmark


def _clause_in_block(printed: str, block: int) -> str:
    """``04.3`` in block 2 -> ``04.3.1002``; block 0 keeps the real number as printed.

    The added last component (``BLOCK_BASE + block``) names the block, so blocks share no
    clause, and the top-level number stays that of a real clause (the shapes check its range).
    """
    return printed if block == 0 else f"{printed}.{BLOCK_BASE + block}"


def synthesize(scale: int, seed: int = 0, source: Tables | Path | str | None = None) -> Tables:
    """A synthetic :class:`Tables` of ``scale`` blocks shaped like ``source`` (default: shipped)."""
    if not isinstance(scale, int) or not 1 <= scale <= MAX_SCALE:
        raise PRMError(f"scale must be a whole number from 1 to {MAX_SCALE}, got {scale!r}")
    real = source if isinstance(source, Tables) else load_tables(source)
    if any(int(part) >= BLOCK_BASE for c in real.clauses for part in c.clause.split(".")):
        raise PRMError(
            f"clause number components of {BLOCK_BASE} or more cannot be renumbered per block"
        )
    rng = random.Random(seed)
    clause_of = {(c.edition, c.clause): c for c in real.clauses}
    outcomes_of: dict[str, list[Outcome]] = {}
    for o in real.outcomes:
        outcomes_of.setdefault(o.process, []).append(o)
    entries_of: dict[str, list[TraceEntry]] = {}
    for e in real.traceability:
        entries_of.setdefault(e.process, []).append(e)
    by_status: dict[str, list[str]] = {}
    for o in real.outcomes:
        by_status.setdefault(o.bracket_status, []).append(o.text)
    by_edition: dict[str, list[tuple[str, str]]] = {}
    for e in real.traceability:
        by_edition.setdefault(e.edition, []).append((e.edition, e.clause))
    process_sections = {s.section: s for s in real.sections if s.kind == "process"}

    out = Tables(documents=list(real.documents))
    process_rows: list[Section] = []
    number = 2
    for block in range(scale):
        texts = {status: rng.sample(pool, len(pool)) for status, pool in by_status.items()}
        cited = {edition: rng.sample(pool, len(pool)) for edition, pool in by_edition.items()}
        for template in rng.sample(real.processes, len(real.processes)):
            clause = f"5.{number}"
            number += 1
            name = f"{template.name} {block + 1}"
            out.processes.append(
                replace(template, clause=clause, id=f"{template.id}-{block + 1}", name=name)
            )
            section = process_sections[template.clause]
            process_rows.append(replace(section, section=clause, title=name))
            for o in outcomes_of.get(template.clause, []):
                out.outcomes.append(replace(o, process=clause, text=texts[o.bracket_status].pop()))
            for e in entries_of.get(template.clause, []):
                edition, real_clause = cited[e.edition].pop()
                known = clause_of[(edition, real_clause)]
                printed = _clause_in_block(known.clause_as_printed, block)
                out.traceability.append(
                    replace(
                        e,
                        process=clause,
                        clause_as_printed=printed,
                        clause=normalise_clause(printed),
                        heading_as_printed=known.heading,
                    )
                )
        for c in real.clauses:
            printed = _clause_in_block(c.clause_as_printed, block)
            out.clauses.append(
                replace(c, clause_as_printed=printed, clause=normalise_clause(printed))
            )
    placed = False
    for s in real.sections:  # the real order, with the process rows replaced by the synthetic ones
        if s.kind != "process":
            out.sections.append(s)
        elif not placed:
            out.sections.extend(process_rows)
            placed = True
    return out


README = """# Synthetic source tables: NOT the text of ISO/IEC TR 20000-4

Generated by `iso20000-prm synthesize --scale {scale} --seed {seed}` for benchmarks: {scale}
block(s), each the real PRM with its processes reordered and renamed, outcome texts shuffled
among outcomes of the same bracket status and cited clauses shuffled among entries of the same
edition (clauses renumbered per block). Same columns as the shipped tables.
"""


def write_tables(tables: Tables, directory: Path | str, scale: int, seed: int) -> Path:
    """Write ``tables`` as the six CSV files (and a README saying they are synthetic)."""
    readme = README.format(scale=scale, seed=seed).encode("utf-8")
    write_files(directory, {**tables_files(tables), "README.md": readme})
    return Path(directory)
