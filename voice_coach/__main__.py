"""Run the command line as `python -m voice_coach`."""

from voice_coach.cli import main

raise SystemExit(main())
