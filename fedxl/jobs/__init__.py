"""Jobs: the scheduled run, its schedule, the demo, workspace setup and sample ledgers."""
