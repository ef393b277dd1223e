"""Allow `python -m fedxl`."""

from fedxl.cli import main

main()
