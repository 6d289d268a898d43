"""``python -m generator`` runs the ``coursegen`` command."""

from generator.cli import main

raise SystemExit(main())
