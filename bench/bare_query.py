"""What cold `iso20000-prm query` is compared against: a bare pyoxigraph script that loads the
graph file and runs the same query, printing CSV.

Usage: ``python bench/bare_query.py GRAPH.ttl QUERY_TEXT``.
"""

import sys

import pyoxigraph as ox


def main(graph: str, query: str) -> int:
    store = ox.Store()
    with open(graph, "rb") as handle:
        store.bulk_load(handle.read(), format=ox.RdfFormat.TURTLE)
    result = store.query(query)
    sys.stdout.buffer.write(result.serialize(format=ox.QueryResultsFormat.CSV))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
