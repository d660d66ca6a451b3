"""The local server's command line: ``python -m china_ai_kg.outputs.neo4j.server fetch|start|status|env|stop``.

This is the one module of the helper that prints.  ``env`` prints export
lines for ``eval`` in a shell, the password included (that is its job, for
``make test``); nothing else ever prints the password.
"""

from __future__ import annotations

import argparse
import shlex
import sys
import time

from ....base.errors import ServerError
from .jars import cache_dir, dir_size, fetch, pinned_versions, stamp_ok
from .lifecycle import start, status, stop
from .processes import resolve_run_dir
from .rundir import read_env_file, read_password
from .settings import RUN_DIR_NAME


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
    cached = stamp_ok(cache_dir())
    t0 = time.monotonic()
    lib = fetch()
    versions = pinned_versions()
    size_mb = dir_size(lib) / 1e6
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
    env = read_env_file(rd)
    if not env:
        raise ServerError(f"no {rd / 'env'}; run 'start' first")
    if status(rd) is None:
        print(f"warning: Neo4j is not running for {rd}", file=sys.stderr)
    for key in ("NEO4J_URI", "NEO4J_USERNAME", "NEO4J_HTTP_URL", "NEO4J_PASSWORD_FILE"):
        if key in env:
            print(f"export {key}={shlex.quote(env[key])}")
    print(f"export NEO4J_PASSWORD={shlex.quote(read_password(rd))}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m china_ai_kg.outputs.neo4j.server", description="Local Neo4j 5.26 Community dev/CI server")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("fetch", help="download the jars (Maven) into the cache")
    p = sub.add_parser("start", help="start a fresh server (wipes the run dir)")
    p.add_argument("--run-dir", default=None, help=f"default ./{RUN_DIR_NAME}")
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
    except ServerError as exc:
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
