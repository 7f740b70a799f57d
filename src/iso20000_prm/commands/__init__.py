"""One module per ``iso20000-prm`` subcommand; see :mod:`iso20000_prm.cli`."""
