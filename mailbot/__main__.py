"""`python -m mailbot`: the `mdreg` command line, for where the script is not on the PATH."""

import sys

from mailbot.cli.main import main

sys.exit(main())
