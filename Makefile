# Two commands: `make run` (the product with demo data) and `make test` (the whole suite).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# axe-core for the browser tests' accessibility checks (package-lock.json pins it; never served to users).
NODE_STAMP := node_modules/.installed

.PHONY: run serve test install lint lock messages bench clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent && touch $(NODE_STAMP); \
	else echo "npm not found: the browser tests' accessibility checks will be skipped (apt-get install npm)"; fi

install: $(STAMP) $(NODE_STAMP)

run: install
	scripts/run

test: install
	scripts/test

# Production: Gunicorn's workers with WhiteNoise's static files (set the environment first: README, Production).
serve: install
	scripts/serve

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# Re-pin every dependency after editing pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --extra dev --extra bench --python-version 3.11 -o requirements.lock

messages: install
	$(PY) manage.py makemessages -l ja --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'node_modules/*'
	$(PY) scripts/translate_ja.py
	$(PY) manage.py compilemessages -l ja --ignore '.venv/*'

clean:
	rm -rf var/ .pytest_cache test-artifacts node_modules
