"""``python -m reader`` runs the same command line as the ``reader`` script."""

from reader.cli import main

raise SystemExit(main())
