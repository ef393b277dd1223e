"""Shared fixtures: workspaces built in tmp_path and an in-process CLI runner."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from fedxl.i18n import set_lang

if "MUTANT_UNDER_TEST" in os.environ:
    # under `make mutate`: files are checked in this process, where mutmut's mutants are (a
    # limited worker process would run the code unseen, and every check would count untested)
    from fedxl import isolation

    isolation._inside = True

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> object:
        return json.loads(self.stdout)


@pytest.fixture(autouse=True)
def _clean_lang(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FEDXL_LANG", raising=False)
    monkeypatch.delenv("FEDXL_DEBUG", raising=False)
    monkeypatch.delenv("FEDXL_DATABASE_URL", raising=False)  # SQLite unless a test says so
    # a message key the catalogue lacks fails the test
    monkeypatch.setenv("FEDXL_STRICT_MESSAGES", "1")
    set_lang(None)
    yield
    set_lang(None)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run the fedxl CLI in-process: run("check", "f.xlsx") -> Result."""
    from fedxl.cli import main

    def _run(*args: str, cwd: Path | None = None) -> Result:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = 0
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            set_lang(None)
        out = capsys.readouterr()
        return Result(code, out.out, out.err)

    return _run


@pytest.fixture
def workspace(tmp_path: Path, run) -> Path:
    """A fresh workspace (fedxl init) for the ledger year 2026."""
    root = tmp_path / "ws"
    result = run("init", str(root), "--year", "2026")
    assert result.exit_code == 0, result.stderr
    return root


def write_config(root: Path, text: str) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    path = root / "fedxl.toml"
    path.write_text(text, encoding="utf-8")
    return path


MINIMAL_CONFIG = """\
[district]
name = "振兴区"
ledger_year = 2026

[[towns]]
name = "头道桥街道"
aliases = ["头道桥"]
quota = 3

[[towns]]
name = "兴隆镇"
"""

sys.dont_write_bytecode = False


@dataclass
class IntakeServer:
    """A real `fedxl serve` (uvicorn) on a free loopback port, for the web tests."""

    root: Path
    base: str
    proc: object
    log: Path

    def links(self) -> dict[str, object]:
        import fedxl

        return fedxl.links(fedxl.open_workspace(self.root), base_url=self.base)

    def token(self, town: str) -> str:
        return next(x["token"] for x in self.links()["towns"] if x["town"] == town)  # type: ignore[index, union-attr]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(root: Path, *, timeout: float = 30.0, clock: str | None = None) -> IntakeServer:
    """Start `fedxl serve` for workspace `root` and wait (with a deadline) until /healthz
    answers. `clock` ("2026-08-10 09:00"): the server, and every process it starts, sees the
    clock moved to that moment (tests/clock/sitecustomize.py)."""
    import subprocess
    import time
    import urllib.request

    port = free_port()
    log = root / "serve.out"
    env = dict(os.environ)
    if clock is not None:
        here = str(Path(__file__).parent / "clock")
        env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
        env["FEDXL_TEST_CLOCK"] = clock
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "fedxl", "--workspace", str(root), "serve", "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=root,
            env=env,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return IntakeServer(root, base, proc, log)
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError(
                "fedxl serve did not start:\n" + log.read_text(encoding="utf-8", errors="replace")
            )
        time.sleep(0.1)


def stop_server(server: IntakeServer) -> None:
    import subprocess

    proc: subprocess.Popen[bytes] = server.proc  # type: ignore[assignment]
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def intake_workspace(root: Path, **limits: object) -> Path:
    """A workspace (fedxl init, 2026) with [limits] changed for the web tests."""
    import re

    from fedxl.jobs.setup import init_workspace

    init_workspace(root, year=2026)
    config = root / "fedxl.toml"
    text = config.read_text(encoding="utf-8")
    for key, value in limits.items():
        text, n = re.subn(rf"(?m)^{key}\s*=.*$", f"{key} = {value}", text)
        if not n:
            text = text.replace("[limits]\n", f"[limits]\n{key} = {value}\n")
    config.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def pg_server():  # type: ignore[no-untyped-def]
    """A throwaway PostgreSQL server for the session (tests/pg.py), or the test is skipped with
    the reason."""
    from pg import start

    server, why = start(free_port())
    if server is None:
        pytest.skip(why)
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server, monkeypatch: pytest.MonkeyPatch) -> str:  # type: ignore[no-untyped-def]
    """A new empty database on the test server, set as the workspace's store
    (FEDXL_DATABASE_URL, which the CLI run in a subprocess inherits too)."""
    url = str(pg_server.database())
    monkeypatch.setenv("FEDXL_DATABASE_URL", url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    """Run the test on each store: the SQLite file, then a PostgreSQL database."""
    if request.param == "postgresql":
        request.getfixturevalue("pg_url")
    return str(request.param)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    """The order this run took (pytest-randomly shuffles every run): how to run it again."""
    seed = getattr(config.option, "randomly_seed", None)
    if isinstance(seed, int) and config.pluginmanager.hasplugin("randomly"):
        terminalreporter.write_line(f"test order: pytest -p randomly --randomly-seed={seed}")
