"""Allow `python -m reviewtui`."""

from reviewtui.cli import main

raise SystemExit(main())
