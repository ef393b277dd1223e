"""Allow `python -m fedxl`."""

from fedxl.cli import main

if __name__ == "__main__":  # not when a spawned ingest worker (Windows) imports the main module
    main()
