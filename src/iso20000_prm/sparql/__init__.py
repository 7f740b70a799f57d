"""Graph -> answers: saved queries, parameters, engines, the protocol client, results formats."""
