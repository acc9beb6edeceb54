import sys

from .mock import main

sys.exit(main())
