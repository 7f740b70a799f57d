"""Graph -> mappings: mapping sets between editions, SSSOM and OSCAL, linking user sets."""
