# Everything a fresh machine needs is installed by these targets, idempotently.
#   make demo   build, validate, query and render the bundled graph (no server)
#   make test   ruff + every test, against a real local Neo4j and headless Chromium

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.stamp-install
OUT    := out
NEO4J  := $(BIN)/python -m china_ai_kg.outputs.neo4j.server

.PHONY: demo test test-fast lint install system-deps neo4j-fetch neo4j-start neo4j-stop bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

install: $(STAMP)

# Debian packages: Chromium and CJK fonts for the HTML tests, Java 17 and Maven for Neo4j.
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	ls -d /usr/lib/jvm/*17* >/dev/null 2>&1 || missing="$$missing openjdk-17-jdk-headless"; \
	command -v mvn >/dev/null 2>&1 || missing="$$missing maven"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

neo4j-fetch: $(STAMP) system-deps
	$(NEO4J) fetch

neo4j-start: neo4j-fetch
	$(NEO4J) start

neo4j-stop:
	@[ -x $(BIN)/python ] && $(NEO4J) stop || true

lint: $(STAMP)
	$(BIN)/ruff check .

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/cnkg build
	$(BIN)/cnkg validate
	$(BIN)/cnkg stats --coverage
	$(BIN)/cnkg show 阿裏巴巴
	$(BIN)/cnkg path DeepSeek 蘋果
	$(BIN)/cnkg neighbors 通義千問 --depth 1
	$(BIN)/cnkg centrality --top 5
	$(BIN)/cnkg query run apple-china-partner-selection -p company=蘋果
	$(BIN)/cnkg query run capex-ranking
	$(BIN)/cnkg query run funding-rounds -p party=月之暗面
	$(BIN)/cnkg query run export-control-listings
	$(BIN)/cnkg query run stock-vs-index --html $(OUT)/stock-vs-index.html
	$(BIN)/cnkg export --format turtle -o $(OUT)/graph.ttl
	$(BIN)/cnkg render -o $(OUT)/explorer.html
	$(BIN)/cnkg report -o $(OUT)/report
	@echo "open $(OUT)/report/index.html or $(OUT)/explorer.html in a browser (both work offline)"

# Neo4j is started for the session and stopped whatever the outcome.
test: $(STAMP) system-deps neo4j-fetch
	$(BIN)/ruff check .
	@$(NEO4J) start && trap '$(NEO4J) stop' EXIT; \
	  eval "$$($(NEO4J) env)"; \
	  $(BIN)/python -m pytest -q

# The tests that need no server, no browser and no JVM: seconds, not minutes.
test-fast: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -m "not neo4j and not browser and not jena and not sparql_server and not slow"

bench: $(STAMP) system-deps neo4j-fetch
	$(BIN)/python -m bench.bench_load
	$(BIN)/python -m bench.bench_query
	$(BIN)/python -m bench.bench_views
	$(BIN)/python -m bench.bench_ingest
	$(BIN)/python -m bench.bench_csv
	$(BIN)/python -m bench.bench_incremental
	$(BIN)/python -m bench.bench_html
	$(BIN)/python -m bench.bench_push

clean:
	rm -rf $(OUT) .pytest_cache build *.egg-info
