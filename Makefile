# Reflect: `make run` starts the app with a demo organisation; `make test` runs the suite.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?= -n 2
PORT ?= 8501

.PHONY: install run test init demo bench screenshots clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Reflect needs Python 3.11 ($(PYTHON) was not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(STAMP)

# Migrations, the key file and (only when the database is empty) the demo organisation.
init: install
	$(BIN)/reflect init
	$(BIN)/reflect demo --if-empty

run: init
	$(BIN)/streamlit run app.py --server.headless true --server.port $(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: init
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) build *.egg-info
