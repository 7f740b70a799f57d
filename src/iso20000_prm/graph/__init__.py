"""Tables -> graph: building, reading, extracting tables back, and writing RDF formats."""
