"""fedxl: ledger checking, merging and reporting for a district women's federation (区妇联).

The public API is below (see docs/api.md); every other module is an implementation detail.
Importing fedxl is cheap: each function imports what it needs when it is called.
"""

from fedxl.api import (
    check_file,
    export,
    ingest,
    links,
    merge,
    metrics,
    month_tables,
    open_workspace,
    report,
    serve,
    status,
    template,
)
from fedxl.errors import FedxlError

__version__ = "0.1.0"

__all__ = [
    "FedxlError",
    "__version__",
    "check_file",
    "export",
    "ingest",
    "links",
    "merge",
    "metrics",
    "month_tables",
    "open_workspace",
    "report",
    "serve",
    "status",
    "template",
]
