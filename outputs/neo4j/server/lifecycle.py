"""Starting, watching and stopping the local Neo4j server."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import time

from ....base.errors import ServerError
from .jars import fetch
from .java import find_java_home
from .probes import bolt_ready, driver_check, http_ready, log_tail
from .processes import CHILDREN, alive, choose_port, pid_file, resolve_run_dir, server_pids
from .rundir import new_password, prepare_run_dir, read_env_file, server_info, set_initial_password, write_conf
from .settings import (
    DEFAULT_BOLT_PORT,
    DEFAULT_HTTP_PORT,
    HEAP_INITIAL,
    HEAP_MAX,
    HOST,
    JVM_FLAGS,
    MAIN_CLASS,
    READY_TIMEOUT,
    STOP_TIMEOUT,
    USER,
)

__all__ = ["start", "stop", "status"]


def status(run_dir: str | os.PathLike | None = None) -> dict | None:
    """Info dict (see start) plus 'healthy' if a server runs for run_dir, else None."""
    rd = resolve_run_dir(run_dir)
    pids = server_pids(rd)
    if not pids:
        return None
    env = read_env_file(rd)
    info = server_info(rd, pids[0], env)
    info["healthy"] = bool(info["bolt_port"]) and bolt_ready(info["bolt_port"])
    return info


def stop(run_dir: str | os.PathLike | None = None, timeout: float = STOP_TIMEOUT) -> bool:
    """Stop the server of run_dir (SIGTERM, then SIGKILL after `timeout` s).
    Returns True if one was running."""
    rd = resolve_run_dir(run_dir)
    pids = server_pids(rd)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + timeout
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in pids:
        if alive(pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    kill_deadline = time.monotonic() + 10
    while any(alive(p) for p in pids) and time.monotonic() < kill_deadline:
        time.sleep(0.1)
    for pid in pids:
        child = CHILDREN.pop(pid, None)
        if child is not None:
            child.wait(timeout=5)
    still = [p for p in pids if alive(p)]
    if still:
        raise ServerError(f"Neo4j (pid {still[0]}) did not exit")
    pid_file(rd).unlink(missing_ok=True)
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

    lib = fetch()
    java_home = find_java_home()
    java = java_home / "bin" / "java"
    bolt = choose_port(bolt_port, DEFAULT_BOLT_PORT, set(), "Bolt")
    http_ = choose_port(http_port, DEFAULT_HTTP_PORT, {bolt}, "HTTP")
    password = new_password()

    prepare_run_dir(rd)
    pw_file = rd / "password"
    fd = os.open(pw_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(password + "\n")
    os.chmod(pw_file, 0o600)
    write_conf(rd, bolt, http_)
    set_initial_password(java, lib, rd, password)

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
    CHILDREN[proc.pid] = proc
    pid_file(rd).write_text(f"{proc.pid}\n")

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
            CHILDREN.pop(proc.pid, None)
            failure = f"Neo4j exited with code {proc.returncode} during start-up"
            break
        if bolt_ready(bolt) and http_ready(http_):
            check = driver_check(uri, password)
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
        details = log_tail(rd)
        if proc.poll() is None:
            stop(rd)
        raise ServerError(failure, details=details)
    elapsed = time.monotonic() - t0
    (rd / "env").write_text("\n".join(env_lines) + "\n")
    return server_info(rd, proc.pid, read_env_file(rd),
                 startup_seconds=round(elapsed, 1), already_running=False)
