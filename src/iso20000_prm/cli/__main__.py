"""``python -m iso20000_prm.cli``: the command line."""

import sys

from iso20000_prm.cli import main

sys.exit(main())
