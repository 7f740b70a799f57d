"""Graph -> triple store: the one HTTP client and the SPARQL 1.1 Graph Store Protocol."""
