"""Server processes and ports: which servers run for a run dir, and which ports are free."""

from __future__ import annotations

import os
import socket
import subprocess
from pathlib import Path

from ....base.errors import ServerError
from .settings import HOST, MAIN_CLASS, RUN_DIR_NAME

__all__ = ["CHILDREN", "resolve_run_dir", "pid_file", "alive", "server_pids", "choose_port"]

# Servers started from this Python process, so that they can be reaped
# (no zombies, no "subprocess still running" warnings in pytest).
CHILDREN: dict[int, subprocess.Popen] = {}


def resolve_run_dir(run_dir: str | os.PathLike | None) -> Path:
    """*run_dir*, or ``.neo4j-run`` in the working directory."""
    return Path(run_dir or RUN_DIR_NAME).expanduser().resolve()


def pid_file(run_dir: Path) -> Path:
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


def alive(pid: int) -> bool:
    child = CHILDREN.get(pid)
    if child is not None:
        if child.poll() is None:
            return True
        CHILDREN.pop(pid, None)
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


def server_pids(run_dir: Path) -> list[int]:
    """Live servers for this run dir: the pid file first, then a /proc scan
    (covers a lost or overwritten pid file)."""
    found: list[int] = []
    try:
        pid = int(pid_file(run_dir).read_text().strip())
        if alive(pid) and _is_our_server(pid, run_dir):
            found.append(pid)
    except (OSError, ValueError):
        pass
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            pid = int(entry.name)
            if pid not in found and _is_our_server(pid, run_dir) and alive(pid):
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
    raise ServerError("could not find a free TCP port on 127.0.0.1")


def choose_port(requested: int | None, default: int, exclude: set[int], what: str) -> int:
    if requested is None:
        if default not in exclude and _port_free(default):
            return default
        return _free_port(exclude)
    if requested == 0:
        return _free_port(exclude)
    if not 0 < requested < 65536:
        raise ServerError(f"invalid {what} port {requested}")
    if requested in exclude or not _port_free(requested):
        raise ServerError(f"{what} port {requested} on {HOST} is already in use")
    return requested
