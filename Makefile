# Learning Desk. `make run` opens the app with a local demo district; `make test` runs everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TS := resources/translations/learning_desk_zh_CN.ts
QM := desktop/ui/translations/learning_desk_zh_CN.qm
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint bench stress translations check-installs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[app,server,dev]'
	touch $@

$(QM): $(TS) $(STAMP)
	$(BIN)/python scripts/translations.py release

translations: $(QM)

# A machine without a screen is told so first, before anything is installed.
run:
	@bash scripts/system-deps.sh display
	@$(MAKE) --no-print-directory $(QM)
	@bash scripts/system-deps.sh run
	$(BIN)/python scripts/run_demo.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

test: $(STAMP) $(QM)
	@bash scripts/system-deps.sh test
	$(MAKE) --no-print-directory lint
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -p no:cacheprovider

bench: $(STAMP)
	$(BIN)/python -m bench

# The sync state machine, the kill -9 trials and the window's layout on every screen at length (make
# test runs short versions).
stress: $(STAMP)
	LEARNING_DESK_PROPERTY_EXAMPLES=400 $(BIN)/pytest -p no:cacheprovider -q tests/test_sync_properties.py
	LEARNING_DESK_CRASH_KILLS=500 $(BIN)/pytest -p no:cacheprovider -q -s tests/test_crash_trials.py
	LEARNING_DESK_LAYOUT=full QT_QPA_PLATFORM=offscreen $(BIN)/pytest -p no:cacheprovider -q tests/ui/test_layout.py
	LEARNING_DESK_FUZZ_EXAMPLES=2000 $(BIN)/pytest -p no:cacheprovider -q tests/server/test_fuzzed_bodies.py

# Fresh environments: the server installs without Qt and passes its own tests; the app without FastAPI.
check-installs:
	bash scripts/check-installs.sh

clean:
	rm -rf $(VENV) run desktop/ui/translations/*.qm
