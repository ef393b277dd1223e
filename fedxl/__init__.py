"""fedxl: ledger checking, merging and reporting for a district women's federation."""

__version__ = "0.1.0"
