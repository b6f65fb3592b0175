"""`python -m resolver COMMAND ...`: the headless commands without the desktop app."""
import sys

from .cli import main

sys.exit(main())
