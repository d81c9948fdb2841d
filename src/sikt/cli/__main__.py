import sys

from sikt.cli import main

sys.exit(main())
