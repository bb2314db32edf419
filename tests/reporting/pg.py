"""A throwaway PostgreSQL cluster for the store tests (or the server named by PEAKATLAS_TEST_PG_URL).

Debian's postgresql (installed by `make system-deps`) is run from a temporary directory on a free local
port, listening on 127.0.0.1 and a unix socket in that directory only, with a random password. As root the
server runs as the `postgres` OS user (runuser), as PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text


class PgUnavailable(RuntimeError):
    pass


def _bindir() -> Path:
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda d: int(Path(d).parent.name.split(".")[0]))
    if dirs and Path(dirs[-1], "pg_ctl").exists():
        return Path(dirs[-1])
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    raise PgUnavailable("PostgreSQL is not installed (make system-deps, or apt-get install postgresql)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self):
        self.bindir = _bindir()
        self.root = Path(tempfile.mkdtemp(prefix="peakatlas-pg-"))
        self.as_root = os.geteuid() == 0
        self.password = secrets.token_hex(16)
        self.port = _free_port()
        self.url = f"postgresql+psycopg://peakatlas:{self.password}@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        cmd = ["runuser", "-u", "postgres", "--", *args] if self.as_root else list(args)
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if res.returncode != 0:
            raise PgUnavailable(f"{Path(args[0]).name} failed: {(res.stderr or res.stdout).strip()[-500:]}")

    def start(self) -> Cluster:
        pwfile = self.root / "pw"
        pwfile.write_text(self.password)
        os.chmod(pwfile, 0o600)
        os.chmod(self.root, 0o700)
        if self.as_root:
            if shutil.which("runuser") is None:
                raise PgUnavailable("running as root needs runuser to start PostgreSQL as the postgres user")
            shutil.chown(self.root, "postgres", "postgres")
            shutil.chown(pwfile, "postgres", "postgres")
        data = self.root / "data"
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "peakatlas",
            f"--pwfile={pwfile}",
            "--auth=scram-sha-256",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        opts = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root} -c fsync=off "
            "-c max_connections=200 -c full_page_writes=off"
        )
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            opts,
            "-l",
            str(self.root / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        return self

    def stop(self) -> None:
        with contextlib.suppress(PgUnavailable):  # already gone
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


class Server:
    """Creates and drops one database per test on the admin URL's server."""

    def __init__(self, admin_url: str):
        from data.reporting.db import normalise_url

        self.admin_url = normalise_url(admin_url)
        self.admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT", pool_size=1)
        with self.admin.connect() as c:
            c.execute(text("SELECT 1"))

    def create(self) -> str:
        name = f"peakatlas_test_{uuid.uuid4().hex[:12]}"
        with self.admin.connect() as c:
            c.exec_driver_sql(f'CREATE DATABASE "{name}"')
        return self.admin_url.rsplit("/", 1)[0] + "/" + name

    def drop(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        with self.admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self.admin.dispose()


def start() -> tuple[Server, Cluster | None]:
    """(server, cluster to stop afterwards or None). Raises PgUnavailable with the reason."""
    url = os.environ.get("PEAKATLAS_TEST_PG_URL")
    if url:
        try:
            return Server(url), None
        except Exception as e:
            raise PgUnavailable(f"PEAKATLAS_TEST_PG_URL does not answer: {e}") from e
    cluster = Cluster()
    try:
        cluster.start()
        return Server(cluster.url), cluster
    except Exception as e:
        cluster.stop()
        raise e if isinstance(e, PgUnavailable) else PgUnavailable(str(e)) from e
