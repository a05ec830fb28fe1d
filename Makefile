# Two commands: `make run` (the product with demo data) and `make test` (the whole suite).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run serve test install lint lock messages bench clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

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
	$(PY) manage.py makemessages -l ja --ignore '.venv/*' --ignore 'var/*' --ignore 'tests/*'
	$(PY) scripts/translate_ja.py
	$(PY) manage.py compilemessages -l ja --ignore '.venv/*'

clean:
	rm -rf var/ .pytest_cache test-artifacts
