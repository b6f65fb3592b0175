"""`python -m storelayers.resolver COMMAND ...`: the headless commands without the desktop app."""

import sys

from storelayers.resolver.cli.main import main

sys.exit(main())
