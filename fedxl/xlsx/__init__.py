"""Shared openpyxl helpers: safe cell writing, styles, and the metadata fedxl puts in workbooks."""
