"""`import_org` / `import_members` / `import_committee`: progress and summary, first errors, exit codes, error
report file."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from core.members.models import CommitteeSeat, Member
from core.org.models import OrgUnit
from tests.core.imports.helpers import committee_csv, csv_text, member_row, members_csv, seat_row
from tests.helpers import in_tenant


def write(tmp_path: Path, name: str, content: str) -> str:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return str(path)


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_import_members_prints_progress_and_summary(tree, alpha, tmp_path):
    path = write(tmp_path, "dv.csv", members_csv([member_row("01000001"), member_row("01000002")]))
    out = run("import_members", "--tenant", "alpha", path)
    assert "[ 72%]" in out and "thêm 2, cập nhật 0, không đổi 0" in out
    again = run("import_members", "--tenant", "alpha", path)
    assert "thêm 0, cập nhật 0, không đổi 2" in again
    with in_tenant(alpha):
        assert Member.objects.count() == 2


def test_errors_exit_non_zero_list_the_first_twenty_and_write_the_report(tree, alpha, tmp_path):
    rows = [member_row(f"0100{n:04d}", cell="NOPE") for n in range(25)]
    path = write(tmp_path, "dv.csv", members_csv(rows))
    report = tmp_path / "loi.csv"
    out = StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import_members", "--tenant", "alpha", path, "--errors-csv", str(report), stdout=out)
    assert failed.value.returncode == 1 and "25 lỗi" in str(failed.value)
    text = out.getvalue()
    assert "dòng 2, cột “Mã chi bộ”, giá trị “NOPE”: Không tìm thấy chi bộ có mã “NOPE”." in text
    assert text.count("Không tìm thấy chi bộ") == 20 and "… và 5 lỗi khác." in text
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Dòng,Cột,Giá trị,Lỗi" and len(lines) == 26
    with in_tenant(alpha):
        assert not Member.objects.exists()


def test_valid_only_and_dry_run_flags(tree, alpha, tmp_path):
    path = write(tmp_path, "dv.csv", members_csv([member_row("01000001"), member_row("01000002", cell="NOPE")]))
    dry = run("import_members", "--tenant", "alpha", path, "--dry-run", "--valid-only")
    assert "chạy thử" in dry and "thêm 1" in dry
    with in_tenant(alpha):
        assert not Member.objects.exists()
    loaded = run("import_members", "--tenant", "alpha", path, "--valid-only")
    assert "thêm 1" in loaded and "bị loại 1" in loaded
    with in_tenant(alpha):
        assert list(Member.objects.values_list("party_card_number", flat=True)) == ["01000001"]


def test_import_org_command(alpha, tmp_path):
    content = csv_text(["ma", "ten", "loai", "ma cap tren"], [["CB", "Chi bộ", "chi bộ", "X"], ["X", "Xã", "xã", ""]])
    out = run("import_org", "--tenant", "alpha", write(tmp_path, "tc.csv", content))
    assert "thêm 2" in out
    with in_tenant(alpha):
        assert OrgUnit.objects.get(code="CB").parent == OrgUnit.objects.get(code="X")
    bad = csv_text(["ma", "ten", "loai", "ma cap tren"], [["Y", "Xã", "xã", "KHONG"]])
    with pytest.raises(CommandError) as failed:
        run("import_org", "--tenant", "alpha", write(tmp_path, "bad.csv", bad))
    assert failed.value.returncode == 1


def test_unknown_tenant_and_missing_file(alpha, tmp_path):
    with pytest.raises(CommandError, match="Không có đảng bộ"):
        run("import_org", "--tenant", "khongco", write(tmp_path, "x.csv", "ma\n"))
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        run("import_org", "--tenant", "alpha", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match="chỉ nhận tệp"):
        run("import_members", "--tenant", "alpha", write(tmp_path, "x.txt", "ma\n"))


def test_the_documented_sample_files_import_cleanly_and_idempotently(alpha):
    samples = Path(__file__).resolve().parents[3] / "docs" / "guides" / "samples"
    assert "thêm 9" in run("import_org", "--tenant", "alpha", str(samples / "org.csv"))
    assert "thêm 5" in run("import_members", "--tenant", "alpha", str(samples / "members.csv"))
    assert "không đổi 5" in run("import_members", "--tenant", "alpha", str(samples / "members.csv"))
    assert "thêm 6" in run("import_committee", "--tenant", "alpha", str(samples / "committee.csv"))
    assert "không đổi 6" in run("import_committee", "--tenant", "alpha", str(samples / "committee.csv"))
    with in_tenant(alpha):
        root = OrgUnit.objects.get(kind="root")
        assert root.code == "HN" and OrgUnit.objects.get(code="BD.PX.CB2.T1").path.startswith(root.path)
        assert Member.objects.get(party_card_number="01000123").exempt_reason == "age"
        secretaries = CommitteeSeat.objects.filter(position="secretary", ended_on=None)
        assert sorted(secretaries.values_list("unit__code", flat=True)) == ["BD.PX", "BD.PX.CB1", "SS.MP"]
        assert CommitteeSeat.objects.get(member__party_card_number="01000123").ended_on is not None


def test_import_committee_command(tree, seat_members, alpha, tmp_path):
    path = write(tmp_path, "cu.csv", committee_csv([seat_row("X1", "01000001"), seat_row("NOPE", "01000002")]))
    with pytest.raises(CommandError) as failed:
        run("import_committee", "--tenant", "alpha", path)
    assert failed.value.returncode == 1
    dry = run("import_committee", "--tenant", "alpha", path, "--dry-run", "--valid-only")
    assert "chạy thử" in dry and "thêm 1" in dry and "Không tìm thấy tổ chức có mã “NOPE”." in dry
    with in_tenant(alpha):
        assert not CommitteeSeat.objects.exists()
    loaded = run("import_committee", "--tenant", "alpha", path, "--valid-only")
    assert "thêm 1" in loaded and "bị loại 1" in loaded
    assert "không đổi 1" in run("import_committee", "--tenant", "alpha", path, "--valid-only")
    with in_tenant(alpha):
        assert list(CommitteeSeat.objects.values_list("unit__code", "member__party_card_number")) == [
            ("X1", "01000001")
        ]
