"""Two real SPARQL 1.1 servers on 127.0.0.1, for the parity tests and the push benchmark.

* Oxigraph server: ``oxigraph serve`` from the ``oxigraph`` package of PyPI (installed by ``make install``), with
  ``--union-default-graph``; query at ``/query``, Graph Store Protocol at ``/store``.
* Apache Jena Fuseki: ``jena-fuseki-main`` from Maven Central (``bench/fuseki/pom.xml``), copied once into the user
  cache and run with Java 17 over a TDB2 dataset whose default graph is the union of its named graphs; query at
  ``/cnkg/query``, Graph Store Protocol at ``/cnkg/data``.  With a password file it asks for HTTP basic auth.

Each :class:`Server` lives in a directory of its own and is stopped (and its process group killed) by
:meth:`Server.stop`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Server", "start_oxigraph", "start_fuseki", "fuseki_classpath", "free_port", "ServerUnavailable"]

_HERE = Path(__file__).resolve().parent


class ServerUnavailable(RuntimeError):
    """A server cannot be fetched or started here (the message says why)."""


@dataclass
class Server:
    name: str
    query_url: str
    store_url: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=20)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(server: Server, probe: str, seconds: float = 90) -> Server:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerUnavailable(f"{server.name} exited: {server.log.read_text(errors='replace')[-800:]}")
        try:
            with urllib.request.urlopen(probe, timeout=2):
                return server
        except urllib.error.HTTPError:  # it answers: up (a 401 or a 405 is still an answer)
            return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise ServerUnavailable(f"{server.name} did not answer within {seconds:g} s")


def _spawn(name: str, command: list, directory: Path, env=None) -> tuple:
    log = directory / f"{name}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=directory, env=env,
                                   start_new_session=True)
    return process, log


def oxigraph_binary() -> str:
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.is_file() else shutil.which("oxigraph")
    if not found:
        raise ServerUnavailable("no oxigraph command (pip install oxigraph: make install does)")
    return found


def start_oxigraph(directory: Path) -> Server:
    """An Oxigraph server over a store in *directory*, its default graph the union of the named graphs."""
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    process, log = _spawn("oxigraph", [oxigraph_binary(), "serve", "--location", str(directory / "store"), "--bind",
                                       f"127.0.0.1:{port}", "--union-default-graph"], directory)
    base = f"http://127.0.0.1:{port}"
    return _wait(Server("oxigraph", f"{base}/query", f"{base}/store", process, log), f"{base}/")


def _java_home() -> Path:
    from china_ai_kg.outputs.neo4j.server import find_java_home

    try:
        return find_java_home()
    except Exception as e:
        raise ServerUnavailable(f"no Java 17 for Fuseki ({e})") from e


def fuseki_classpath() -> str:
    """The jars of Fuseki, fetched by Maven once into the user cache; their class path."""
    pom = _HERE / "fuseki" / "pom.xml"
    digest = hashlib.sha256(pom.read_bytes()).hexdigest()[:16]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    home = Path(base) / "china-ai-kg" / f"fuseki-{digest}"
    if not (home / "lib").is_dir():
        mvn = shutil.which("mvn")
        if mvn is None:
            raise ServerUnavailable("Maven is needed to fetch Apache Jena Fuseki (make system-deps)")
        tmp = Path(f"{home}.partial-{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        env = {**os.environ, "JAVA_HOME": str(_java_home())}
        done = subprocess.run([mvn, "-q", "-B", "-f", str(pom), "dependency:copy-dependencies",
                               f"-DoutputDirectory={tmp / 'lib'}"], capture_output=True, text=True, env=env)
        if done.returncode != 0:
            raise ServerUnavailable(f"Maven could not fetch Fuseki: {done.stdout[-400:]}{done.stderr[-400:]}")
        try:
            tmp.rename(home)
        except OSError:  # another process finished first
            shutil.rmtree(tmp, ignore_errors=True)
    return f"{home / 'lib'}/*"


def start_fuseki(directory: Path, user: str | None = None, password: str | None = None) -> Server:
    """Fuseki over a TDB2 dataset ``/cnkg`` in *directory*; with *user*, HTTP basic auth for everything."""
    classpath = fuseki_classpath()
    java = _java_home() / "bin" / "java"
    (directory / "tdb2").mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = [str(java), "-Xmx1g", "-cp", classpath, "org.apache.jena.fuseki.main.cmds.FusekiMainCmd", "--localhost",
               "--port", str(port), "--update", "--tdb2", "--loc", str(directory / "tdb2"),
               "--set", "tdb2:unionDefaultGraph=true"]
    if user is not None:
        passwd = directory / "passwd"
        passwd.write_text(f"{user}: {password}\n", encoding="utf-8")
        passwd.chmod(0o600)
        command += ["--passwd", str(passwd), "--auth", "basic"]
    process, log = _spawn("fuseki", [*command, "/cnkg"], directory)
    base = f"http://127.0.0.1:{port}/cnkg"
    return _wait(Server("fuseki", f"{base}/query", f"{base}/data", process, log), f"{base}/query?query=ASK%7B%7D")
