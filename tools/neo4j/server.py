#!/usr/bin/env python3
"""Local Neo4j 5.26 Community server for development and CI.

The server is assembled from jars on Maven Central (see pom.xml next to this
file), cached outside git, and run with a Java 17 JDK on 127.0.0.1 only.

Command line (see README.md)::

    python tools/neo4j/server.py fetch
    python tools/neo4j/server.py start [--run-dir DIR] [--bolt-port N] [--http-port N]
    python tools/neo4j/server.py status [--run-dir DIR]
    python tools/neo4j/server.py env [--run-dir DIR]      # for: eval "$(... env)"
    python tools/neo4j/server.py stop [--run-dir DIR]

Python API (for test fixtures)::

    info = start(run_dir=None, bolt_port=None, http_port=None)
    # info: uri, http_url, user, password_file, pid, run_dir, bolt_port,
    #       http_port, startup_seconds, already_running
    read_password(run_dir=None) -> str
    status(run_dir=None) -> dict | None
    stop(run_dir=None) -> bool

Standard library only.  If the ``neo4j`` Python driver happens to be
importable it is additionally used to confirm that a query runs before
``start`` reports readiness; otherwise readiness is a Bolt handshake plus an
HTTP GET on the discovery endpoint.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import http.client
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
POM = HERE / "pom.xml"
DEFAULT_RUN_DIR = REPO_ROOT / ".neo4j-run"

HOST = "127.0.0.1"
DEFAULT_BOLT_PORT = 7687
DEFAULT_HTTP_PORT = 7474
USER = "neo4j"
READY_TIMEOUT = 120.0
STOP_TIMEOUT = 30.0
HEAP_INITIAL = "256m"
HEAP_MAX = "512m"
PAGE_CACHE = "128m"
MIN_PASSWORD_LENGTH = 8  # dbms.security.auth_minimum_password_length default

MAIN_CLASS = "org.neo4j.server.CommunityEntryPoint"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"
RUN_MARKER = ".cnkg-neo4j-run"
STAMP_NAME = "fetch.stamp"

# JVM flags of Neo4j 5's own launcher: the server.jvm.additional lines of the
# stock conf/neo4j.conf (minus -XX:+AlwaysPreTouch, which only slows a small
# dev server's start) plus -Dfile.encoding=UTF-8 that the bootloader adds.
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dlog4j.layout.jsonTemplate.maxStringLength=32768",
    "-Dfile.encoding=UTF-8",
]

# Bolt handshake: magic preamble + four version proposals
# (5.8 down to 5.0, 4.4 down to 4.2, then empty slots).
BOLT_HANDSHAKE = bytes.fromhex("6060B017" "00080805" "00020404" "00000000" "00000000")

# Servers started from this Python process, so that they can be reaped
# (no zombies, no "subprocess still running" warnings in pytest).
_CHILDREN: dict[int, subprocess.Popen] = {}


class Neo4jServerError(Exception):
    """Anything that goes wrong; the CLI prints it as one 'Error: ...' line."""


# --------------------------------------------------------------------------
# versions, cache and fetch


def pinned_versions() -> dict[str, str]:
    """Versions pinned in pom.xml: {'neo4j': '5.26.x', 'browser': '5.24.0'}."""
    try:
        root = ET.parse(POM).getroot()
    except (OSError, ET.ParseError) as exc:
        raise Neo4jServerError(f"cannot read {POM}: {exc}") from None
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    neo4j = root.findtext("m:properties/m:neo4j.version", namespaces=ns)
    browser = root.findtext("m:properties/m:neo4j.browser.version", namespaces=ns)
    if not neo4j or not browser:
        raise Neo4jServerError(f"{POM} lacks neo4j.version / neo4j.browser.version")
    return {"neo4j": neo4j.strip(), "browser": browser.strip()}


def cache_dir() -> Path:
    override = os.environ.get("CNKG_NEO4J_CACHE")
    if override:
        return Path(override).expanduser().resolve()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base).resolve() / "china-ai-kg" / f"neo4j-{pinned_versions()['neo4j']}"


def lib_dir() -> Path:
    return cache_dir() / "lib"


def _pom_digest() -> str:
    return hashlib.sha256(POM.read_bytes()).hexdigest()


def _stamp_ok(cache: Path) -> bool:
    try:
        stamp = json.loads((cache / STAMP_NAME).read_text())
    except (OSError, ValueError):
        return False
    if not isinstance(stamp, dict) or stamp.get("pom_sha256") != _pom_digest():
        return False
    jars = stamp.get("jars") or []
    lib = cache / "lib"
    return bool(jars) and all((lib / name).is_file() for name in jars)


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def fetch(verbose: bool = False) -> Path:
    """Ensure the jars are in the cache; return the lib dir.

    Maven runs only if the stamp file is missing or stale (pom.xml changed,
    a jar went missing)."""
    cache = cache_dir()
    lib = cache / "lib"
    if _stamp_ok(cache):
        return lib
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / "fetch.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel fetches (e.g. test workers) take turns
        if _stamp_ok(cache):
            return lib
        return _fetch_locked(cache, lib, verbose)


def _fetch_locked(cache: Path, lib: Path, verbose: bool) -> Path:
    for stale in cache.glob("lib.partial-*"):
        shutil.rmtree(stale, ignore_errors=True)
    mvn = shutil.which("mvn")
    if not mvn:
        raise Neo4jServerError("Maven ('mvn') not found on PATH; install it (apt-get install maven)")
    (cache / STAMP_NAME).unlink(missing_ok=True)
    tmp = cache / f"lib.partial-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    env = dict(os.environ)
    try:  # Maven itself also runs on Java 17 when one is found
        env["JAVA_HOME"] = str(find_java_home())
    except Neo4jServerError:
        pass
    cmd = [
        mvn, "-q", "-B", "-Dstyle.color=never", "-f", str(POM),
        "dependency:copy-dependencies", f"-DoutputDirectory={tmp}",
    ]
    if verbose:
        print(f"Fetching Neo4j jars with Maven into {lib} ...", file=sys.stderr)
    proc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if proc.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        tail = (proc.stdout + proc.stderr).strip().splitlines()[-30:]
        for line in tail:
            print(line, file=sys.stderr)
        raise Neo4jServerError(f"Maven failed (exit {proc.returncode}) fetching jars for {POM}")
    jars = sorted(p.name for p in tmp.glob("*.jar"))
    versions = pinned_versions()
    needed = [f"neo4j-{versions['neo4j']}.jar", f"neo4j-server-{versions['neo4j']}.jar",
              f"neo4j-browser-{versions['browser']}.jar"]
    missing = [n for n in needed if n not in jars]
    if missing:
        shutil.rmtree(tmp, ignore_errors=True)
        raise Neo4jServerError(f"Maven finished but {', '.join(missing)} is missing")
    shutil.rmtree(lib, ignore_errors=True)
    tmp.rename(lib)
    stamp = {
        "pom_sha256": _pom_digest(),
        "versions": versions,
        "jars": jars,
        "fetched_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    (cache / f"{STAMP_NAME}.tmp").write_text(json.dumps(stamp, indent=1) + "\n")
    (cache / f"{STAMP_NAME}.tmp").replace(cache / STAMP_NAME)
    return lib


# --------------------------------------------------------------------------
# Java


def _java_feature_version(home: Path) -> int | None:
    """Major Java version of a JDK/JRE home, or None if it is not one."""
    java = home / "bin" / "java"
    if not (java.is_file() and os.access(java, os.X_OK)):
        return None
    release = home / "release"
    try:
        m = re.search(r'^JAVA_VERSION="(\d+)', release.read_text(errors="replace"), re.M)
        if m:
            return int(m.group(1))
    except OSError:
        pass
    try:  # no 'release' file: ask the JVM itself
        out = subprocess.run(
            [str(java), "-XshowSettings:properties", "-version"],
            capture_output=True, text=True, timeout=30,
        ).stderr
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"java\.specification\.version = (\d+)", out)
    return int(m.group(1)) if m else None


def find_java_home() -> Path:
    """A Java 17 home: $CNKG_JAVA_HOME, else a 17 JDK under /usr/lib/jvm,
    else $JAVA_HOME if that is a 17. The `java` on PATH is never used."""
    override = os.environ.get("CNKG_JAVA_HOME")
    if override:
        home = Path(override).expanduser()
        version = _java_feature_version(home)
        if version is None:
            raise Neo4jServerError(f"CNKG_JAVA_HOME={override} has no bin/java")
        if version not in (17, 21):
            raise Neo4jServerError(
                f"CNKG_JAVA_HOME={override} is Java {version}; Neo4j 5.26 needs Java 17 (or 21)"
            )
        return home.resolve()
    candidates: list[Path] = []
    jvm_root = Path("/usr/lib/jvm")
    if jvm_root.is_dir():
        entries = sorted(jvm_root.iterdir(), key=lambda p: (p.is_symlink(), p.name))
        candidates += [p for p in entries if "17" in p.name]
    if os.environ.get("JAVA_HOME"):
        candidates.append(Path(os.environ["JAVA_HOME"]))
    for home in candidates:
        if _java_feature_version(home) == 17:
            return home.resolve()
    raise Neo4jServerError(
        "no Java 17 found under /usr/lib/jvm; install openjdk-17-jdk-headless or set CNKG_JAVA_HOME"
    )


# --------------------------------------------------------------------------
# run dir, processes, ports


def resolve_run_dir(run_dir: str | os.PathLike | None) -> Path:
    return Path(run_dir).expanduser().resolve() if run_dir else DEFAULT_RUN_DIR


def _pid_file(run_dir: Path) -> Path:
    return run_dir / "neo4j.pid"


def _read_cmdline(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return [a.decode(errors="replace") for a in raw.split(b"\0") if a]


def _is_our_server(pid: int, run_dir: Path) -> bool:
    args = _read_cmdline(pid)
    return bool(args) and MAIN_CLASS in args and f"--home-dir={run_dir}" in args


def _alive(pid: int) -> bool:
    child = _CHILDREN.get(pid)
    if child is not None:
        if child.poll() is None:
            return True
        _CHILDREN.pop(pid, None)
        return False
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)  # reap if it is our child
        if done == pid:
            return False
    except ChildProcessError:
        pass
    except OSError:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    state = stat.rsplit(")", 1)[-1].split()[0]
    return state not in ("Z", "X")


def _server_pids(run_dir: Path) -> list[int]:
    """Live servers for this run dir: the pid file first, then a /proc scan
    (covers a lost or overwritten pid file)."""
    found: list[int] = []
    try:
        pid = int(_pid_file(run_dir).read_text().strip())
        if _alive(pid) and _is_our_server(pid, run_dir):
            found.append(pid)
    except (OSError, ValueError):
        pass
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            pid = int(entry.name)
            if pid not in found and _is_our_server(pid, run_dir) and _alive(pid):
                found.append(pid)
    return found


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


def _free_port(exclude: set[int]) -> int:
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind((HOST, 0))
            port = s.getsockname()[1]
        if port not in exclude:
            return port
    raise Neo4jServerError("could not find a free TCP port on 127.0.0.1")


def _choose_port(requested: int | None, default: int, exclude: set[int], what: str) -> int:
    if requested is None:
        if default not in exclude and _port_free(default):
            return default
        return _free_port(exclude)
    if requested == 0:
        return _free_port(exclude)
    if not 0 < requested < 65536:
        raise Neo4jServerError(f"invalid {what} port {requested}")
    if requested in exclude or not _port_free(requested):
        raise Neo4jServerError(f"{what} port {requested} on {HOST} is already in use")
    return requested


def _bolt_ready(port: int, timeout: float = 2.0) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as s:
            s.sendall(BOLT_HANDSHAKE)
            reply = b""
            while len(reply) < 4:
                chunk = s.recv(4 - len(reply))
                if not chunk:
                    return False
                reply += chunk
            return reply != b"\0\0\0\0"
    except OSError:
        return False


def _http_ready(port: int, timeout: float = 2.0) -> bool:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", "/", headers={"Accept": "application/json"})
        resp = conn.getresponse()
        resp.read()
        return resp.status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        conn.close()


def _driver_check(uri: str, password: str) -> str:
    """'ok', 'unavailable' (keep waiting), 'skip' (no driver) or an error text."""
    try:
        import neo4j  # optional
        from neo4j import exceptions as neo4j_exc
    except Exception:
        return "skip"
    try:
        with neo4j.GraphDatabase.driver(uri, auth=(USER, password), connection_timeout=5) as drv:
            records, _, _ = drv.execute_query("RETURN 1 AS ok")
            return "ok" if records and records[0]["ok"] == 1 else "unavailable"
    except neo4j_exc.AuthError as exc:
        return f"authentication failed for user {USER}: {exc}"
    except Exception:
        return "unavailable"


def _tail(path: Path, lines: int = 30) -> list[str]:
    try:
        return path.read_text(errors="replace").splitlines()[-lines:]
    except OSError:
        return []


def _print_log_tail(run_dir: Path) -> None:
    console = run_dir / "logs" / "console.log"
    tail = _tail(console)
    if not tail:  # nothing on the console: fall back to Neo4j's own user log
        console = run_dir / "logs" / "neo4j.log"
        tail = _tail(console)
    print(f"--- last {len(tail)} lines of {console} ---", file=sys.stderr)
    for line in tail:
        print(line, file=sys.stderr)
    print("---", file=sys.stderr)


# --------------------------------------------------------------------------
# env file


def _read_env_file(run_dir: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    try:
        text = (run_dir / "env").read_text()
    except OSError:
        return values
    for line in text.splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, _, raw = line.partition("=")
            parts = shlex.split(raw)
            values[key.strip()] = parts[0] if parts else ""
    return values


def _info(run_dir: Path, pid: int, env: dict[str, str], **extra) -> dict:
    uri = env.get("NEO4J_URI", "")
    http_url = env.get("NEO4J_HTTP_URL", "")
    info = {
        "uri": uri,
        "http_url": http_url,
        "user": env.get("NEO4J_USERNAME", USER),
        "password_file": env.get("NEO4J_PASSWORD_FILE", str(run_dir / "password")),
        "pid": pid,
        "run_dir": str(run_dir),
        "bolt_port": int(uri.rsplit(":", 1)[1]) if uri else None,
        "http_port": int(http_url.rsplit(":", 1)[1]) if http_url else None,
    }
    info.update(extra)
    return info


def read_password(run_dir: str | os.PathLike | None = None) -> str:
    path = resolve_run_dir(run_dir) / "password"
    try:
        return path.read_text().rstrip("\n")
    except OSError as exc:
        raise Neo4jServerError(f"cannot read {path}: {exc.strerror}") from None


# --------------------------------------------------------------------------
# start / stop / status


def _prepare_run_dir(run_dir: Path) -> None:
    """Wipe and recreate the run dir, but only one that this script made."""
    if run_dir.exists():
        if not run_dir.is_dir():
            raise Neo4jServerError(f"{run_dir} exists and is not a directory")
        if any(run_dir.iterdir()) and not (run_dir / RUN_MARKER).exists():
            raise Neo4jServerError(
                f"refusing to wipe {run_dir}: not empty and not a run dir made by server.py"
            )
        shutil.rmtree(run_dir)
    for sub in ("conf", "data", "logs", "run", "import", "plugins"):
        (run_dir / sub).mkdir(parents=True, exist_ok=True)
    (run_dir / RUN_MARKER).write_text("created by tools/neo4j/server.py; wiped at each start\n")
    (run_dir / ".gitignore").write_text("*\n")


def _write_conf(run_dir: Path, bolt_port: int, http_port: int) -> None:
    settings = [
        ("server.directories.data", run_dir / "data"),
        ("server.directories.logs", run_dir / "logs"),
        ("server.directories.run", run_dir / "run"),
        ("server.directories.import", run_dir / "import"),
        ("server.directories.plugins", run_dir / "plugins"),
        # 127.0.0.1 only; advertised explicitly (no hostname lookup, right ports in discovery)
        ("server.default_listen_address", HOST),
        ("server.default_advertised_address", HOST),
        ("server.bolt.enabled", "true"),
        ("server.bolt.listen_address", f"{HOST}:{bolt_port}"),
        ("server.bolt.advertised_address", f"{HOST}:{bolt_port}"),
        ("server.bolt.tls_level", "DISABLED"),
        ("server.http.enabled", "true"),
        ("server.http.listen_address", f"{HOST}:{http_port}"),
        ("server.http.advertised_address", f"{HOST}:{http_port}"),
        ("server.https.enabled", "false"),
        ("dbms.security.auth_enabled", "true"),
        # memory: small dev/CI footprint
        ("server.memory.heap.initial_size", HEAP_INITIAL),
        ("server.memory.heap.max_size", HEAP_MAX),
        ("server.memory.pagecache.size", PAGE_CACHE),
        # nothing leaves this machine
        ("dbms.usage_report.enabled", "false"),
        ("client.allow_telemetry", "false"),
        # keep disk use small
        ("db.tx_log.rotation.retention_policy", "1 files"),
        # stop in ~1 s instead of ~10 s (Netty's default 5 s quiet period, twice)
        ("internal.dbms.bolt.netty_server_shutdown_quiet_period", "0"),
    ]
    lines = [
        "# Generated by tools/neo4j/server.py at each start; edits are lost.",
        *(f"{key}={value}" for key, value in settings),
        "# JVM flags (read by the stock launcher only; server.py passes them itself)",
        f"server.jvm.additional={JVM_FLAGS[0]}",
        *(f"server.jvm.additional={flag}" for flag in JVM_FLAGS[1:]),
    ]
    (run_dir / "conf" / "neo4j.conf").write_text("\n".join(lines) + "\n")


def _argfile_quote(arg: str) -> str:
    return '"' + arg.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _set_initial_password(java: Path, lib: Path, run_dir: Path, password: str) -> None:
    """`neo4j-admin dbms set-initial-password` via the AdminTool main class.

    The password goes through a 0600 java @argfile so that it never shows up
    in a process listing."""
    argfile = run_dir / "run" / "set-initial-password.args"
    args = ["-Xmx256m", *JVM_FLAGS, "-cp", f"{lib}/*", ADMIN_CLASS,
            "dbms", "set-initial-password", password]
    fd = os.open(argfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(_argfile_quote(a) for a in args) + "\n")
    env = dict(os.environ, JAVA_HOME=str(java.parent.parent),
               NEO4J_HOME=str(run_dir), NEO4J_CONF=str(run_dir / "conf"))
    env.pop("JAVA_TOOL_OPTIONS", None)
    env.pop("JDK_JAVA_OPTIONS", None)
    try:
        proc = subprocess.run([str(java), f"@{argfile}"], env=env, cwd=run_dir,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        raise Neo4jServerError("neo4j-admin dbms set-initial-password timed out") from None
    finally:
        argfile.unlink(missing_ok=True)
    if proc.returncode != 0 or not (run_dir / "data" / "dbms" / "auth.ini").is_file():
        out = (proc.stdout + proc.stderr).replace(password, "********").strip().splitlines()
        for line in out[-30:]:
            print(line, file=sys.stderr)
        raise Neo4jServerError(f"setting the initial password failed (exit {proc.returncode})")


def _new_password() -> str:
    password = os.environ.get("NEO4J_PASSWORD")
    if password is None or password == "":
        return secrets.token_urlsafe(24)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Neo4jServerError(f"NEO4J_PASSWORD must have at least {MIN_PASSWORD_LENGTH} characters")
    if any(c in password for c in "\r\n\0"):
        raise Neo4jServerError("NEO4J_PASSWORD must not contain line breaks or NUL")
    return password


def status(run_dir: str | os.PathLike | None = None) -> dict | None:
    """Info dict (see start) plus 'healthy' if a server runs for run_dir, else None."""
    rd = resolve_run_dir(run_dir)
    pids = _server_pids(rd)
    if not pids:
        return None
    env = _read_env_file(rd)
    info = _info(rd, pids[0], env)
    info["healthy"] = bool(info["bolt_port"]) and _bolt_ready(info["bolt_port"])
    return info


def stop(run_dir: str | os.PathLike | None = None, timeout: float = STOP_TIMEOUT) -> bool:
    """Stop the server of run_dir (SIGTERM, then SIGKILL after `timeout` s).
    Returns True if one was running."""
    rd = resolve_run_dir(run_dir)
    pids = _server_pids(rd)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + timeout
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in pids:
        if _alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    kill_deadline = time.monotonic() + 10
    while any(_alive(p) for p in pids) and time.monotonic() < kill_deadline:
        time.sleep(0.1)
    for pid in pids:
        child = _CHILDREN.pop(pid, None)
        if child is not None:
            child.wait(timeout=5)
    still = [p for p in pids if _alive(p)]
    if still:
        raise Neo4jServerError(f"Neo4j (pid {still[0]}) did not exit")
    _pid_file(rd).unlink(missing_ok=True)
    return bool(pids)


def start(
    run_dir: str | os.PathLike | None = None,
    bolt_port: int | None = None,
    http_port: int | None = None,
    timeout: float = READY_TIMEOUT,
) -> dict:
    """Start a fresh server for run_dir (wiped first) and wait until Bolt is ready.

    Returns {uri, http_url, user, password_file, pid, run_dir, bolt_port,
    http_port, startup_seconds, already_running}. If a healthy server already
    runs for run_dir it is left alone and described (already_running=True)."""
    rd = resolve_run_dir(run_dir)
    current = status(rd)
    if current is not None:
        if current["healthy"]:
            current.pop("healthy")
            current.update(startup_seconds=0.0, already_running=True)
            return current
        stop(rd)  # alive but not answering: replace it

    lib = fetch(verbose=True)
    java_home = find_java_home()
    java = java_home / "bin" / "java"
    bolt = _choose_port(bolt_port, DEFAULT_BOLT_PORT, set(), "Bolt")
    http_ = _choose_port(http_port, DEFAULT_HTTP_PORT, {bolt}, "HTTP")
    password = _new_password()

    _prepare_run_dir(rd)
    pw_file = rd / "password"
    fd = os.open(pw_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(password + "\n")
    os.chmod(pw_file, 0o600)
    _write_conf(rd, bolt, http_)
    _set_initial_password(java, lib, rd, password)

    cmd = [
        str(java), f"-Xms{HEAP_INITIAL}", f"-Xmx{HEAP_MAX}", *JVM_FLAGS,
        "-cp", f"{lib}/*", MAIN_CLASS,
        f"--home-dir={rd}", f"--config-dir={rd / 'conf'}", "--console-mode",
    ]
    env = dict(os.environ, JAVA_HOME=str(java_home), NEO4J_HOME=str(rd), NEO4J_CONF=str(rd / "conf"))
    for var in ("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "NEO4J_PASSWORD"):
        env.pop(var, None)
    console = rd / "logs" / "console.log"
    t0 = time.monotonic()
    with open(console, "ab") as log:
        proc = subprocess.Popen(cmd, cwd=rd, env=env, stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    _CHILDREN[proc.pid] = proc
    _pid_file(rd).write_text(f"{proc.pid}\n")

    uri = f"bolt://{HOST}:{bolt}"
    http_url = f"http://{HOST}:{http_}"
    env_lines = [
        f"NEO4J_URI={uri}",
        f"NEO4J_USERNAME={USER}",
        f"NEO4J_HTTP_URL={http_url}",
        f"NEO4J_PASSWORD_FILE={shlex.quote(str(pw_file))}",
    ]
    deadline = t0 + timeout
    failure = None
    while True:
        if proc.poll() is not None:
            _CHILDREN.pop(proc.pid, None)
            failure = f"Neo4j exited with code {proc.returncode} during start-up"
            break
        if _bolt_ready(bolt) and _http_ready(http_):
            check = _driver_check(uri, password)
            if check in ("ok", "skip"):
                break
            if check != "unavailable":
                failure = check
                break
        if time.monotonic() > deadline:
            failure = f"Neo4j not ready on {uri} after {timeout:.0f} s"
            break
        time.sleep(0.25)
    if failure:
        _print_log_tail(rd)
        if proc.poll() is None:
            stop(rd)
        raise Neo4jServerError(failure)
    elapsed = time.monotonic() - t0
    (rd / "env").write_text("\n".join(env_lines) + "\n")
    return _info(rd, proc.pid, _read_env_file(rd),
                 startup_seconds=round(elapsed, 1), already_running=False)


# --------------------------------------------------------------------------
# CLI


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 1 (not argparse's 2)
        print(f"Error: {message}", file=sys.stderr)
        sys.exit(1)


def _print_uris(info: dict) -> None:
    print(f"NEO4J_URI={info['uri']}")
    print(f"NEO4J_USERNAME={info['user']}")
    print(f"NEO4J_HTTP_URL={info['http_url']}")
    print(f"NEO4J_PASSWORD_FILE={info['password_file']}")


def _cmd_fetch(args) -> int:
    cached = _stamp_ok(cache_dir())
    t0 = time.monotonic()
    lib = fetch(verbose=True)
    versions = pinned_versions()
    size_mb = _dir_size(lib) / 1e6
    how = "already cached" if cached else f"fetched in {time.monotonic() - t0:.1f} s"
    print(f"Neo4j {versions['neo4j']} + Browser {versions['browser']}: {lib}")
    print(f"{len(list(lib.glob('*.jar')))} jars, {size_mb:.1f} MB ({how})")
    return 0


def _cmd_start(args) -> int:
    info = start(args.run_dir, args.bolt_port, args.http_port)
    if info["already_running"]:
        print(f"Neo4j already running (pid {info['pid']}) for {info['run_dir']}")
    else:
        print(f"Neo4j started (pid {info['pid']}) in {info['startup_seconds']:.1f} s; run dir {info['run_dir']}")
    _print_uris(info)
    return 0


def _cmd_stop(args) -> int:
    rd = resolve_run_dir(args.run_dir)
    if stop(rd):
        print(f"Neo4j stopped ({rd})")
    else:
        print(f"Neo4j not running ({rd})")
    return 0


def _cmd_status(args) -> int:
    rd = resolve_run_dir(args.run_dir)
    info = status(rd)
    if info is None:
        print(f"Neo4j not running ({rd})")
        return 3
    state = "running" if info["healthy"] else "running, but Bolt is not answering"
    print(f"Neo4j {state} (pid {info['pid']}) for {rd}")
    _print_uris(info)
    return 0


def _cmd_env(args) -> int:
    rd = resolve_run_dir(args.run_dir)
    env = _read_env_file(rd)
    if not env:
        raise Neo4jServerError(f"no {rd / 'env'}; run 'server.py start' first")
    if status(rd) is None:
        print(f"warning: Neo4j is not running for {rd}", file=sys.stderr)
    for key in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_HTTP_URL", "NEO4J_PASSWORD_FILE"):
        if key in env:
            print(f"export {key}={shlex.quote(env[key])}")
    print(f"export NEO4J_PASSWORD={shlex.quote(read_password(rd))}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="server.py", description="Local Neo4j 5.26 Community dev/CI server")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("fetch", help="download the jars (Maven) into the cache")
    p = sub.add_parser("start", help="start a fresh server (wipes the run dir)")
    p.add_argument("--run-dir", default=None, help=f"default {DEFAULT_RUN_DIR}")
    p.add_argument("--bolt-port", type=int, default=None, help="default 7687 if free; 0 = any free")
    p.add_argument("--http-port", type=int, default=None, help="default 7474 if free; 0 = any free")
    for name, text in (("stop", "stop the server"), ("status", "exit 0 if running, 3 if not"),
                       ("env", "print export lines (incl. NEO4J_PASSWORD) for eval")):
        sub.add_parser(name, help=text).add_argument("--run-dir", default=None)
    args = parser.parse_args(argv)
    handler = {"fetch": _cmd_fetch, "start": _cmd_start, "stop": _cmd_stop,
               "status": _cmd_status, "env": _cmd_env}[args.command]
    try:
        return handler(args)
    except Neo4jServerError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Error: interrupted", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
