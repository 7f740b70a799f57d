"""``python -m iso20000_prm``: the command line."""

import sys

from iso20000_prm.cli import main

sys.exit(main())
