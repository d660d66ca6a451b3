"""A local Neo4j 5.26 Community server for development and CI.

The server is assembled from jars on Maven Central (``pom.xml`` here pins
the versions), cached outside git, and run with a Java 17 JDK on 127.0.0.1
only.  See ``README.md`` for what the configuration does and why.

Command line (``python -m china_ai_kg.outputs.neo4j.server``)::

    fetch | start [--run-dir DIR] [--bolt-port N] [--http-port N] | status | env | stop

Python API (for test fixtures)::

    info = start(run_dir=None, bolt_port=None, http_port=None)
    # info: uri, http_url, user, password_file, pid, run_dir, bolt_port,
    #       http_port, startup_seconds, already_running
    read_password(run_dir=None) -> str
    status(run_dir=None) -> dict | None
    stop(run_dir=None) -> bool

Modules: :mod:`.settings` (ports, memory, JVM flags), :mod:`.jars` (Maven
fetch and the jar cache), :mod:`.java` (finding Java 17), :mod:`.processes`
(pids and ports), :mod:`.probes` (readiness), :mod:`.rundir` (configuration,
password, env file), :mod:`.lifecycle` (start, stop, status) and
:mod:`.__main__` (the command line, the only module that prints).  Errors
are :class:`~china_ai_kg.base.errors.ServerError`.
"""

from .jars import fetch, pinned_versions
from .java import find_java_home
from .lifecycle import start, status, stop
from .rundir import read_password

__all__ = ["fetch", "pinned_versions", "find_java_home", "start", "status", "stop", "read_password"]
