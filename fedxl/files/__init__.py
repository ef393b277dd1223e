"""Files fedxl writes and keeps: atomic writes, the archive, safe names, processes, the workspace
lock."""
