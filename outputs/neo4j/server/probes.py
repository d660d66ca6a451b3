"""Is the server ready? A Bolt handshake, the HTTP discovery page, and a query through the driver."""

from __future__ import annotations

import http.client
import socket
from pathlib import Path

from .settings import HOST, USER

__all__ = ["bolt_ready", "http_ready", "driver_check", "log_tail"]

# Bolt handshake: magic preamble + four version proposals
# (5.8 down to 5.0, 4.4 down to 4.2, then empty slots).
BOLT_HANDSHAKE = bytes.fromhex("6060B017" "00080805" "00020404" "00000000" "00000000")


def bolt_ready(port: int, timeout: float = 2.0) -> bool:
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


def http_ready(port: int, timeout: float = 2.0) -> bool:
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


def driver_check(uri: str, password: str) -> str:
    """'ok', 'unavailable' (keep waiting), 'skip' (no driver) or an error text."""
    try:
        import neo4j  # lazy: optional here; without the driver, readiness is the handshake alone
        from neo4j import exceptions as neo4j_exc
    except ImportError:
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


def log_tail(run_dir: Path) -> list[str]:
    """The last lines of the server's console log (or of its user log), headed by the file's name."""
    console = run_dir / "logs" / "console.log"
    tail = _tail(console)
    if not tail:  # nothing on the console: fall back to Neo4j's own user log
        console = run_dir / "logs" / "neo4j.log"
        tail = _tail(console)
    return [f"--- last {len(tail)} lines of {console} ---", *tail, "---"]
