"""Graph -> validation: entailment, the SHACL engine call, the report and its renderings."""
