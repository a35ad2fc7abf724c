"""The layering contracts (pyproject.toml [tool.importlinter], ADR 0042) hold on the code, and each one fails when a
module breaks it: the probe is written into a copy of the packages (never into the worktree) and `lint-imports`
is run there with the project's own configuration."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("core", "tenants", "api", "billing_free", "config")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(root: Path, contract: str | None = None) -> subprocess.CompletedProcess[str]:
    args = [str(LINT_IMPORTS), "--no-cache"]
    if contract:
        args += ["--contract", contract]
    return subprocess.run(args, cwd=root, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("layering")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    return root


def test_the_code_keeps_every_contract():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


# (probe module, its import, the contract it breaks, what the report says)
PROBES = [
    # the four cycles of issue 19, each reintroduced from its lower side
    ("core/audit/_probe.py", "from core.access import checks", "core-layers", "core.audit is not allowed to import"),
    ("core/org/_probe.py", "from core.members import models", "core-layers", "core.org is not allowed to import"),
    ("core/meetings/_probe.py", "from core.stats import selectors", "core-layers", "core.meetings is not allowed"),
    (
        "core/accounts/_probe.py",
        "from tenants.rollout import gating",
        "auth-below-rollout",
        "core.accounts is not allowed to import tenants.rollout",
    ),
    # a lower app reaching up, an unnamed seam from the public schema, core reaching into the API
    ("core/access/_probe.py", "from core.notifications import selectors", "core-layers", "core.access is not"),
    ("tenants/console/_probe.py", "from core.members import models", "tenants-seams", "tenants is not allowed"),
    ("core/members/_probe.py", "import api.v1.org", "core-no-api", "core is not allowed to import api"),
]


@pytest.mark.parametrize(("path", "line", "contract", "message"), PROBES, ids=[p[0] for p in PROBES])
def test_a_module_breaking_a_contract_fails_the_check(copy, path, line, contract, message):
    probe = copy / path
    probe.write_text(f'"""A probe of tests/test_layering.py."""\n\n{line}  # noqa: F401\n')
    try:
        result = _lint(copy, contract)
    finally:
        probe.unlink()
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout and message in result.stdout
    assert path.removesuffix(".py").replace("/", ".") in result.stdout  # the report names the offending module


def test_a_new_core_app_must_be_placed_in_a_layer(copy):
    app = copy / "core" / "unplaced"
    app.mkdir()
    (app / "__init__.py").write_text("")
    try:
        result = _lint(copy, "core-layers")
    finally:
        shutil.rmtree(app)
    assert result.returncode == 1 and "core.unplaced" in result.stdout
