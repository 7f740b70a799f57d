"""The source tables: their schema, the one strict reader, the one writer, synthetic tables."""
