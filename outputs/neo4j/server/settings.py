"""Settings of the local Neo4j server: versions file, ports, memory, JVM flags."""

from __future__ import annotations

from pathlib import Path

POM = Path(__file__).resolve().parent / "pom.xml"
RUN_DIR_NAME = ".neo4j-run"  # under the working directory, unless a run dir is given

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
