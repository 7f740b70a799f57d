"""Assessment -> capability and clause exposure: a process assessment against the PRM.

:mod:`.scale` reads the rating scale and the nine process attributes (SKOS schemes with their
band limits, ``ontology/assessment-schemes.ttl``) and holds the level rule; :mod:`.compute`
aggregates ratings and determines capability levels. Nothing here imports rdflib until the
schemes are read.
"""

from __future__ import annotations

from iso20000_prm.assessment.compute import Judged, aggregate, instance_result, process_result
from iso20000_prm.assessment.scale import load_scale

__all__ = ["Judged", "aggregate", "instance_result", "load_scale", "process_result"]
