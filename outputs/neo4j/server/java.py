"""Finding a Java 17: Neo4j 5.26 wants it, and the ``java`` on PATH may be another version."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from ....base.errors import ServerError

__all__ = ["find_java_home"]


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
            raise ServerError(f"CNKG_JAVA_HOME={override} has no bin/java")
        if version not in (17, 21):
            raise ServerError(
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
    raise ServerError(
        "no Java 17 found under /usr/lib/jvm; install openjdk-17-jdk-headless or set CNKG_JAVA_HOME"
    )
