"""The server's jars: Neo4j and Browser from Maven Central, pinned in ``pom.xml``, cached outside git."""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from ....base.errors import ServerError
from .java import find_java_home
from .settings import POM, STAMP_NAME

__all__ = ["pinned_versions", "cache_dir", "lib_dir", "stamp_ok", "dir_size", "fetch"]

log = logging.getLogger(__name__)


def pinned_versions() -> dict[str, str]:
    """Versions pinned in pom.xml: {'neo4j': '5.26.x', 'browser': '5.24.0'}."""
    try:
        root = ET.parse(POM).getroot()
    except (OSError, ET.ParseError) as exc:
        raise ServerError(f"cannot read {POM}: {exc}") from exc
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    neo4j = root.findtext("m:properties/m:neo4j.version", namespaces=ns)
    browser = root.findtext("m:properties/m:neo4j.browser.version", namespaces=ns)
    if not neo4j or not browser:
        raise ServerError(f"{POM} lacks neo4j.version / neo4j.browser.version")
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


def stamp_ok(cache: Path) -> bool:
    try:
        stamp = json.loads((cache / STAMP_NAME).read_text())
    except (OSError, ValueError):
        return False
    if not isinstance(stamp, dict) or stamp.get("pom_sha256") != _pom_digest():
        return False
    jars = stamp.get("jars") or []
    lib = cache / "lib"
    return bool(jars) and all((lib / name).is_file() for name in jars)


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def fetch() -> Path:
    """Ensure the jars are in the cache; return the lib dir.

    Maven runs only if the stamp file is missing or stale (pom.xml changed,
    a jar went missing)."""
    cache = cache_dir()
    lib = cache / "lib"
    if stamp_ok(cache):
        return lib
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / "fetch.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel fetches (e.g. test workers) take turns
        if stamp_ok(cache):
            return lib
        return _fetch_locked(cache, lib)


def _fetch_locked(cache: Path, lib: Path) -> Path:
    for stale in cache.glob("lib.partial-*"):
        shutil.rmtree(stale, ignore_errors=True)
    mvn = shutil.which("mvn")
    if not mvn:
        raise ServerError("Maven ('mvn') not found on PATH; install it (apt-get install maven)")
    (cache / STAMP_NAME).unlink(missing_ok=True)
    tmp = cache / f"lib.partial-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    env = dict(os.environ)
    try:  # Maven itself also runs on Java 17 when one is found
        env["JAVA_HOME"] = str(find_java_home())
    except ServerError:
        pass
    cmd = [
        mvn, "-q", "-B", "-Dstyle.color=never", "-f", str(POM),
        "dependency:copy-dependencies", f"-DoutputDirectory={tmp}",
    ]
    log.info("fetching Neo4j jars with Maven into %s ...", lib)
    proc = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if proc.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        tail = (proc.stdout + proc.stderr).strip().splitlines()[-30:]
        raise ServerError(f"Maven failed (exit {proc.returncode}) fetching jars for {POM}", details=tail)
    jars = sorted(p.name for p in tmp.glob("*.jar"))
    versions = pinned_versions()
    needed = [f"neo4j-{versions['neo4j']}.jar", f"neo4j-server-{versions['neo4j']}.jar",
              f"neo4j-browser-{versions['browser']}.jar"]
    missing = [n for n in needed if n not in jars]
    if missing:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ServerError(f"Maven finished but {', '.join(missing)} is missing")
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
