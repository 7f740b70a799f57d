"""Graph -> release: formats, profiles, the vocabulary check and the VoID/DCAT description."""
