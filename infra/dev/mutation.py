"""`make mutation`: mutation testing (mutmut) of the security-critical modules, one module at a time.

Each target names the files whose mistakes would leak or corrupt data and the tests that cover them, so a run
mutates only those files and runs only those tests (mutmut then narrows each mutant to the tests that reach the
mutated function). `make mutation` runs every target; `make mutation ARGS="tokens imports"` runs some;
`make mutation ARGS="--list"` lists them. Survivors are printed with their diff; docs/guides/mutation.md says
which survivors are accepted as equivalent and why (docs/adr/0023-…).

How it fits our test set-up:
- mutmut generates the mutants in `mutants/` (a copy of the tree); each target gets its own work folder
  `.mutation/<target>/` (symlinks to the project plus a pyproject.toml with the target's `[tool.mutmut]`), so
  targets never share results. `infra/dev/mutation_session.py` runs them all in two pytest sessions.
- The tests run against the embedded PostgreSQL in their own database (`test_sotay_mutation`), created once per
  `make mutation` and kept between pytest sessions (`--reuse-db`; tests/conftest.py builds the session tenants
  only when they are missing). One process, one target at a time: the machine is shared.
- `--survivors` runs again only the mutants the last run of a target left alive; `--report` prints the results.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from infra.dev.services import ROOT, _log, base_env, ensure_database

WORK = ROOT / ".mutation"
DB_NAME = "sotay_mutation"
# What mutmut copies into mutants/: the Python packages (source_paths) and what Django reads at run time.
SOURCE_PATHS = ("api", "billing_free", "config", "core", "tenants", "infra")
ALSO_COPY = ("templates", "static", "locale", "manage.py")
STATUS = {0: "survived", 1: "killed", 33: "no tests"}  # the exit codes infra/dev/mutation_session.py records
SKIP = {".git", ".venv", ".data", ".mutation", "mutants", "pyproject.toml", "staticfiles", "media", "test-artifacts"}


@dataclass(frozen=True)
class Target:
    files: tuple[str, ...]  # mutated
    # The tests that cover them, fast unit tests first: a mutant is killed by its first failing test and then skips
    # the rest, so most mutants never reach the slow end-to-end tests.
    tests: tuple[str, ...]
    about: str
    skip: tuple[str, ...] = ()  # regexes of lines not mutated (mutmut's do_not_mutate_patterns), each with a reason


TARGETS: dict[str, Target] = {
    "tokens": Target(
        ("core/accounts/tokens.py", "api/authentication.py"),
        (
            "tests/core/accounts/test_token_guards.py",
            "tests/core/accounts/test_token_expiry.py",
            "tests/core/accounts/test_password_revokes_credentials.py",
            "tests/core/accounts/test_password_change.py",
            "tests/api/test_accounts_api.py",
            "tests/isolation/test_cross_tenant.py",
            "tests/core/test_tasks.py",
        ),
        "API tokens: schema prefix, digest, expiry, password binding, restriction, rotation",
    ),
    "sessions": Target(
        ("tenants/sessions.py",),
        ("tests/tenants/test_session_binding.py", "tests/isolation/test_cross_tenant.py"),
        "sessions bound to the schema that minted them",
    ),
    "access": Target(
        ("core/access/checks.py", "core/access/permissions.py"),
        ("tests/core/access/test_checks.py", "tests/core/access/test_scoping.py"),
        "role checks and unit scoping",
    ),
    "sensitive": Target(
        ("core/members/sensitive.py",),
        ("tests/core/members/test_sensitive_rules.py", "tests/core/members/test_sensitive_everywhere.py"),
        "sensitive-field visibility (citizen ID, ratings, discipline)",
    ),
    "rollout": Target(
        ("tenants/rollout/gating.py",),
        (
            "tests/core/test_gating_rules.py",
            "tests/core/test_gating.py",
            "tests/core/test_gate_cache.py",  # the gate's caches (ADR 0039): a warm request reads no rollout row
            "tests/core/test_member_request_queries.py",
            "tests/tenants/test_rollout.py",
        ),
        "rollout gate at login and per request",
    ),
    "votes": Target(
        ("core/meetings/vote_rules.py",),
        (
            "tests/core/meetings/test_vote_rule_values.py",
            "tests/core/meetings/test_vote_rules.py",
            "tests/core/meetings/test_votes.py",
            "tests/core/meetings/test_vote_secrecy.py",
        ),
        "vote eligibility, quorum, majority and ballot secrecy",
    ),
    "imports": Target(
        ("core/imports/member_import.py",),
        (
            "tests/core/imports/test_member_import_guards.py",
            "tests/core/imports/test_members_import.py",
            "tests/core/imports/test_write_avoidance.py",
            "tests/core/imports/test_profile_columns.py",
        ),
        "members import upsert (scope, duplicates, quota, write-avoidance)",
        skip=(r"progress\(",),  # the progress bar's percentages and labels: display only, shown by the page tests
    ),
    "routing": Target(
        ("tenants/routing.py",),
        ("tests/tenants/test_host_map.py", "tests/tenants/test_routing.py", "tests/isolation/test_cross_tenant.py"),
        "host → tenant routing",
    ),
    "exports": Target(
        ("core/exports/writers.py", "core/exports/cells.py"),
        ("tests/core/exports/test_writers.py", "tests/core/exports/test_every_export.py"),
        "the one CSV/XLSX export writer (formula injection, masking)",
    ),
    "audit": Target(
        ("core/audit/services.py",),
        ("tests/core/audit/test_audit_record.py", "tests/core/audit/test_audit_log.py"),
        "audit rows",
    ),
}


def _toml_list(values: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def prepare(name: str, target: Target) -> Path:
    """A fresh work folder for `name`: the project by symlink, and pyproject.toml with the target's config."""
    work = WORK / name
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    for entry in ROOT.iterdir():
        if entry.name not in SKIP and not entry.name.startswith(".mutation"):
            (work / entry.name).symlink_to(entry)
    config = (
        "\n[tool.mutmut]\n"
        f"source_paths = {_toml_list(SOURCE_PATHS)}\n"
        f"only_mutate = {_toml_list(target.files)}\n"
        f"also_copy = {_toml_list(ALSO_COPY)}\n"
        f"pytest_add_cli_args_test_selection = {_toml_list(target.tests)}\n"
        f"do_not_mutate_patterns = {_toml_list(target.skip)}\n"
        "use_git_change_detection = false\n"
    )
    (work / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text() + config)
    return work


def fresh_test_database(url: str) -> None:
    """Drop the kept test database so this run builds it from the current migrations (once, then reused)."""
    import psycopg

    dsn = url.replace(f"/{DB_NAME}?", "/postgres?")
    with psycopg.connect(dsn, autocommit=True) as conn:
        for name in (f"test_{DB_NAME}", f"test_test_{DB_NAME}"):  # the second: left by an older version of this script
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def outcomes(work: Path, target: Target) -> dict[str, str]:
    """mutant name → status, read from mutmut's per-file result files."""
    found: dict[str, str] = {}
    for path in target.files:
        meta = work / "mutants" / (path + ".meta")
        if meta.exists():
            codes = json.loads(meta.read_text())["exit_code_by_key"]
            found.update({k: STATUS.get(v, "not checked") for k, v in codes.items()})
    return found


def run_target(name: str, target: Target, env: dict[str, str], *, rerun: bool = False) -> dict[str, object]:
    work = WORK / name if rerun and (WORK / name / "mutants").exists() else prepare(name, target)
    env = dict(env, SOTAY_MUTATION_RERUN="1" if work.exists() and rerun else "0")
    _log(f"mutation: {name} — {target.about}: mutating {', '.join(target.files)}")
    started = time.monotonic()
    session = [sys.executable, "-m", "infra.dev.mutation_session", *target.tests]
    code = subprocess.call(session, cwd=work, env=env)
    return report(name, target, env, seconds=round(time.monotonic() - started), code=code)


def report(name: str, target: Target, env: dict[str, str], *, seconds: int, code: int) -> dict[str, object]:
    """Score and survivors (each printed as a diff) of the last run of `name`."""
    work = WORK / name
    statuses = outcomes(work, target)
    killed = sum(1 for s in statuses.values() if s == "killed")
    survivors = sorted(k for k, s in statuses.items() if s != "killed")
    for mutant in survivors:
        subprocess.call([sys.executable, "-m", "mutmut", "show", mutant], cwd=work, env=env)
    total = len(statuses)
    score = round(100 * killed / total, 1) if total else 0.0
    _log(f"mutation: {name}: {killed}/{total} killed ({score}%) in {seconds}s, mutmut exit {code}")
    return {
        "target": name,
        "killed": killed,
        "total": total,
        "score": score,
        "seconds": seconds,
        "survivors": survivors,
        "exit": code,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("targets", nargs="*", help="targets to run (default: all)")
    parser.add_argument("--list", action="store_true", help="list the targets and exit")
    parser.add_argument("--keep-db", action="store_true", help="reuse the test database of the last run")
    parser.add_argument("--report", action="store_true", help="print the last run's results, run nothing")
    parser.add_argument("--survivors", action="store_true", help="run again only the last run's survivors")
    args = parser.parse_args()
    if args.list:
        for name, target in TARGETS.items():
            print(f"{name:12} {target.about}\n{'':12} mutates {' '.join(target.files)}; tests {' '.join(target.tests)}")
        return 0
    unknown = [t for t in args.targets if t not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s): {', '.join(unknown)}; see --list")
    if args.report:
        for name in args.targets or TARGETS:
            if (WORK / name / "mutants").exists():
                report(name, TARGETS[name], dict(os.environ), seconds=0, code=0)
        return 0
    url = ensure_database(DB_NAME)
    env = base_env("config.settings.test", url)
    env.pop("PYTHONPATH", None)  # the tests must import the mutated copy in mutants/, never the project itself
    if not args.keep_db:
        fresh_test_database(url)
    results = []
    for name in args.targets or TARGETS:
        results.append(run_target(name, TARGETS[name], env, rerun=args.survivors))
        (WORK / "summary.json").write_text(json.dumps(results, indent=2))  # after each target: runs are long
    print("\ntarget        killed/total  score   time")
    for r in results:
        print(f"{r['target']:12} {r['killed']:>6}/{r['total']:<6} {r['score']:>5}%  {r['seconds']:>5}s")
        for mutant in r["survivors"]:  # type: ignore[attr-defined]
            print(f"{'':14}survived: {mutant}")
    return 0 if all(r["exit"] == 0 for r in results) else 1


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main())
