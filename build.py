#!/usr/bin/env python3
"""Build the site: `python build.py --help` explains."""

import sys

from versus.authoring.cli import main

if __name__ == "__main__":
    sys.exit(main())
