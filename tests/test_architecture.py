"""The layers of docs/architecture.md hold: a crossed layer fails the suite."""

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def lint_imports(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=cwd,
                          capture_output=True, text=True, check=False)


def test_the_project_keeps_its_layers():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_upward_import_is_caught(tmp_path):
    """A copy of the project where audit imports governance must fail the contract."""
    shutil.copytree(ROOT, tmp_path / "p", ignore=shutil.ignore_patterns(".venv", "var", ".git", "tests",
                                                                        "*.pyc", "__pycache__"))
    (tmp_path / "p" / "audit" / "upward.py").write_text(textwrap.dedent("""
        from governance.tenancy.models import User  # an upward import: audit sits below governance
    """))
    result = lint_imports(tmp_path / "p")
    assert result.returncode != 0
    assert "audit.upward -> governance.tenancy.models" in result.stdout


def test_a_capability_importing_one_above_it_is_caught(tmp_path):
    """Inside governance too: tenancy sits below the committee, so it may not import the committee's models."""
    shutil.copytree(ROOT, tmp_path / "p", ignore=shutil.ignore_patterns(".venv", "var", ".git", "tests",
                                                                        "*.pyc", "__pycache__"))
    (tmp_path / "p" / "governance" / "tenancy" / "upward.py").write_text(
        "from governance.committee.models import Submission  # tenancy sits below the committee\n")
    result = lint_imports(tmp_path / "p")
    assert result.returncode != 0
    assert "governance.tenancy.upward -> governance.committee.models" in result.stdout
