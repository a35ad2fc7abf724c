"""One target of `make mutation`, run inside its work folder (`.mutation/<target>/`, see infra/dev/mutation.py).

mutmut generates the mutants (every mutant of a function sits in `mutants/` behind a trampoline that picks the
variant named by `MUTANT_UNDER_TEST` at each call) and records its results in its own files, so `mutmut results`
and `mutmut show` work afterwards. The mutants are *run* here, in two pytest sessions instead of one session per
mutant — our session start (test database, provisioned tenants) costs seconds, the tests themselves milliseconds:

1. stats: every selected test once, recording which mutated functions it reaches (mutmut's trampolines do that
   when `MUTANT_UNDER_TEST=stats`);
2. mutants: each covering test is parametrised by the mutants of the functions it reaches, plus a clean run
   first (a test that fails clean is ignored); an item switches `MUTANT_UNDER_TEST` for its whole run (fixtures
   included); a mutant is killed by its first failing test (the rest of its items are skipped), survives when
   all pass. A per-test timeout (pytest-timeout) kills mutants that loop.
"""

import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from mutmut.__main__ import copy_also_copy_files, copy_src_dir, create_mutants, setup_source_paths
from mutmut.configuration import config
from mutmut.mutation.data import SourceFileMutationData
from mutmut.mutation.trampoline import set_mutant_under_test
from mutmut.state import state
from mutmut.utils.format_utils import mangled_name_from_mutant_name

CLEAN = ""
KILLED, SURVIVED, NO_TESTS = 1, 0, 33  # mutmut's exit codes for these outcomes
PARAM = "sotay_mutant"


def _function(nodeid: str) -> str:
    """The test function of a node id, without its parameters."""
    return nodeid.partition("[")[0]


def generate() -> dict[str, SourceFileMutationData]:
    """mutants/ with the target's files mutated; returns mutmut's result record per mutated file."""
    set_mutant_under_test("mutant_generation")
    Path("mutants").mkdir(exist_ok=True)
    stdout = os.dup(1)
    with open(os.devnull, "w") as devnull:  # mutmut prints every file it copies (hundreds)
        sys.stdout.flush()
        os.dup2(devnull.fileno(), 1)
        try:
            copy_src_dir()
            copy_also_copy_files()
            setup_source_paths()
            create_mutants(1)
        finally:
            sys.stdout.flush()
            os.dup2(stdout, 1)
            os.close(stdout)
    records = {}
    for pattern in config().only_mutate:
        record = SourceFileMutationData(path=pattern)
        record.load()
        records[pattern] = record
    return records


class Stats:
    """Which test reaches which mutated function (mutmut's trampolines report the calls)."""

    def __init__(self) -> None:
        self.tests_by_function: dict[str, set[str]] = defaultdict(set)

    def pytest_runtest_teardown(self, item: pytest.Item) -> None:
        for function in state()._stats:
            self.tests_by_function[function].add(_function(item.nodeid))
        state()._stats.clear()


class Mutants:
    """Runs each covering test once per mutant of the functions it reaches, in one pytest session."""

    def __init__(self, mutants_by_test: dict[str, list[str]]) -> None:
        self.mutants_by_test = mutants_by_test
        self.killed: dict[str, str] = {}  # mutant → the test that killed it
        self.broken_clean: set[str] = set()  # tests failing without any mutant: their verdicts are ignored
        self.ran: set[str] = set()

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        mutants = self.mutants_by_test.get(_function(metafunc.definition.nodeid))
        if mutants:
            metafunc.fixturenames.append(PARAM)
            metafunc.parametrize(PARAM, [CLEAN, *mutants], ids=["clean", *(m.rpartition(".")[2] for m in mutants)])

    def pytest_collection_modifyitems(self, items: list[pytest.Item], config: pytest.Config) -> None:
        used = [item for item in items if PARAM in getattr(item, "callspec", _NoSpec).params]
        if len(used) < len(items):
            kept = {id(item) for item in used}
            config.hook.pytest_deselected(items=[item for item in items if id(item) not in kept])
            items[:] = used

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        mutant = item.callspec.params[PARAM]  # type: ignore[attr-defined]
        test = _function(item.nodeid)
        if mutant in self.killed or (mutant and test in self.broken_clean):
            set_mutant_under_test(CLEAN)
            pytest.skip("mutant already killed" if mutant in self.killed else "test fails without mutants")
        set_mutant_under_test(mutant)
        if mutant:
            self.ran.add(mutant)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
        report = yield
        if report.failed:
            mutant = item.callspec.params[PARAM]  # type: ignore[attr-defined]
            test = _function(item.nodeid)
            if mutant == CLEAN:
                self.broken_clean.add(test)
            else:
                self.killed.setdefault(mutant, test)
        return report

    def pytest_runtest_teardown(self, item: pytest.Item) -> None:
        set_mutant_under_test(CLEAN)


class _NoSpec:
    params: dict[str, Any] = {}


def run_pytest(args: list[str], plugin: object) -> int:
    base = ["--rootdir=.", "-q", "--tb=line", "-p", "no:randomly", "-p", "no:cacheprovider", "--reuse-db"]
    code = int(pytest.main([*base, *args], plugins=[plugin]))
    _forget_test_database_names()
    return code


def _forget_test_database_names() -> None:
    """Django renames the configured database to its test name and does not rename it back when it keeps it;
    the next session in this process would then create and migrate a "test_test_…" database."""
    from django.conf import settings
    from django.db import connections

    for alias in connections:
        connection = connections[alias]
        connection.close()
        name = connection.settings_dict["NAME"]
        if name.startswith("test_"):
            connection.settings_dict["NAME"] = settings.DATABASES[alias]["NAME"] = name.removeprefix("test_")


def main() -> int:
    tests = sys.argv[1:]
    records = generate()
    previous = {name: code for record in records.values() for name, code in record.exit_code_by_key.items()}
    # SOTAY_MUTATION_RERUN=1: run again only the mutants the last run did not kill (after adding tests for them).
    rerun = os.environ.get("SOTAY_MUTATION_RERUN") == "1"
    names = [name for name, code in previous.items() if not rerun or code != KILLED]
    os.chdir("mutants")
    stats = Stats()
    set_mutant_under_test("stats")
    if run_pytest(tests, stats) not in (0, 5):
        print("mutation: the tests fail without any mutant; fix them first", file=sys.stderr)
        return 2
    mutants_by_test: dict[str, list[str]] = defaultdict(list)
    for name in names:
        for test in stats.tests_by_function.get(mangled_name_from_mutant_name(name), ()):
            mutants_by_test[test].append(name)
    runner = Mutants(dict(mutants_by_test))
    set_mutant_under_test(CLEAN)
    run_pytest(["--timeout=120", *tests], runner)
    os.chdir("..")
    covered = {m for ms in mutants_by_test.values() for m in ms}
    for record in records.values():
        for name in record.exit_code_by_key:
            if name not in names:
                continue  # killed by the previous run, not run again
            if name not in covered:
                record.exit_code_by_key[name] = NO_TESTS
            else:
                record.exit_code_by_key[name] = KILLED if name in runner.killed else SURVIVED
        record.save()
    Path("killed-by.json").write_text(json.dumps(runner.killed, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
