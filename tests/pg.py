"""A throwaway PostgreSQL server for the store tests: Debian's `postgresql` (initdb in a temporary
folder, a loopback port), or the server FEDXL_TEST_DATABASE_URL names. The server refuses to run
as root, so as root (CI) it runs as the `postgres` user (see ../shared/KNOWLEDGE.md)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ENV = "FEDXL_TEST_DATABASE_URL"


@dataclass
class Server:
    url: str  # the maintenance database (postgres), for making one database per test
    folder: Path | None = None  # the throwaway cluster's (None: a server we did not start)
    bin: Path | None = None
    made: list[str] = field(default_factory=list)

    def database(self) -> str:
        """A new empty database on the server: its url."""
        import psycopg

        name = f"fedxl_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return self.url.rsplit("/", 1)[0] + "/" + name

    def copy(self, url: str) -> str:
        """A new database made from the one at `url` (a workspace copied with its store)."""
        import psycopg

        name = f"fedxl_{uuid.uuid4().hex[:12]}"
        source = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        self.made.append(name)
        return self.url.rsplit("/", 1)[0] + "/" + name

    def stop(self) -> None:
        if self.folder is None or self.bin is None:
            import psycopg

            with psycopg.connect(self.url, autocommit=True) as conn:
                for name in self.made:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        _as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast",
                      "-w", "stop"], check=False)  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)


def _bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _as_postgres(cmd: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=120)


def start(port: int) -> tuple[Server | None, str]:
    """The server, or None and why there is none."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return None, "needs psycopg (pip install 'fedxl[server]')"
    given = os.environ.get(ENV)
    if given:
        return Server(given), ""
    bin_dir = _bin()
    if bin_dir is None:
        return None, "needs PostgreSQL's server (apt-get install postgresql)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return None, "needs runuser to start PostgreSQL as root"
    folder = Path(tempfile.mkdtemp(prefix="fedxl-pg-", dir="/tmp"))
    folder.chmod(0o755)  # mkdtemp makes 700: the postgres user must reach it
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    try:
        _as_postgres([str(bin_dir / "initdb"), "-D", str(folder / "data"), "-A", "trust",
                      "-U", "fedxl", "-E", "UTF8", "--locale=C"])  # fmt: skip
        _as_postgres([str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-l",
                      str(folder / "log"), "-w", "-o",
                      f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off",
                      "start"])  # fmt: skip
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        said = getattr(exc, "stderr", "") or str(exc)
        return None, f"PostgreSQL could not start here: {said.strip()[:200]}"
    return Server(f"postgresql://fedxl@127.0.0.1:{port}/postgres", folder, bin_dir), ""
