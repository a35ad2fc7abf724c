"""Attachment checks: kinds by their bytes (not the name, not the browser's header), size, Vietnamese errors;
private storage per schema with random names that refuse paths leaving the directory."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from core.content.storage import PLATFORM, PrivateStore
from core.content.uploads import IMAGE_TYPES, check_upload
from tests.core.content.files import OLE, PDF, PNG, ooxml, pdf, upload
from tests.helpers import in_tenant


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("Nghị quyết 57.pdf", PDF, "application/pdf"),
        ("huong-dan.DOCX", ooxml("word/document.xml"), "application/vnd.openxmlformats-officedocument."
         "wordprocessingml.document"),
        ("bang.xlsx", ooxml("xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("cu.doc", OLE, "application/msword"),
        ("cu.xls", OLE, "application/vnd.ms-excel"),
        ("anh.png", PNG, "image/png"),
    ],
)  # fmt: skip
def test_real_files_pass_with_the_type_we_serve(name, data, content_type):
    checked = check_upload(upload(name, data, claimed="text/html"))
    assert checked.content_type == content_type
    assert checked.size == len(data) and checked.name == name


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("virus.exe", b"MZ\x90\x00", "bad_type"),
        ("trang.html", b"<html>", "bad_type"),
        ("khong-duoi", PDF, "bad_type"),
        ("gia.pdf", b"<html><script>alert(1)</script></html>", "content_mismatch"),
        ("anh-that.pdf", PNG, "content_mismatch"),
        ("zip-thuong.docx", ooxml("other/file.xml"), "content_mismatch"),
        ("bang-tinh-gia-word.docx", ooxml("xl/workbook.xml"), "content_mismatch"),
        ("hong.xlsx", b"PK\x03\x04 not really a zip", "content_mismatch"),
        ("rong.pdf", b"", "empty"),
    ],
)
def test_bad_files_are_refused_in_vietnamese(name, data, code):
    with pytest.raises(ValidationError) as caught:
        check_upload(upload(name, data, claimed="application/pdf"))
    assert caught.value.code == code
    assert name in caught.value.messages[0] or code == "empty"


def test_size_limit_and_image_only_kinds():
    with pytest.raises(ValidationError) as caught:
        check_upload(pdf(), max_size=10)
    assert caught.value.code == "too_large" and "tối đa" in caught.value.messages[0]
    with pytest.raises(ValidationError) as caught:
        check_upload(pdf(), allowed=IMAGE_TYPES)
    assert caught.value.code == "bad_type" and "PNG" in caught.value.messages[0]


def test_directory_parts_of_the_client_name_are_dropped():
    assert check_upload(upload("C:\\Users\\a\\..\\Nghị quyết.pdf", PDF)).name == "Nghị quyết.pdf"
    assert check_upload(upload("../../etc/x.pdf", PDF)).name == "x.pdf"


def test_store_is_per_schema_and_private(private_store, settings, alpha, beta):
    store = PrivateStore("library")
    with in_tenant(alpha):
        name = store.save(ext="pdf", source=pdf())
        stored = store.object(name)
        assert stored.key == f"alpha/library/{name}" and stored.size() == len(PDF)
        with stored.open() as handle:
            assert handle.read() == PDF
        for bad in ("../beta/" + name, "", "a/b.pdf", ".hidden", "x\\y.pdf"):
            with pytest.raises(FileNotFoundError):
                store.object(bad)
    with in_tenant(beta):
        assert not store.object(name).exists()  # the same name means another file in another schema
        with pytest.raises(FileNotFoundError):
            store.object(name).open()
    shared = store.save(ext="pdf", source=PDF, owner=PLATFORM)
    assert store.object(shared, PLATFORM).key == f"_platform/library/{shared}"
    if private_store == "disk":  # the local backend: MEDIA_ROOT/objects/<key>, owner-only permissions
        path = Path(settings.MEDIA_ROOT) / "objects" / "alpha" / "library" / name
        assert path.read_bytes() == PDF and oct(path.stat().st_mode & 0o777) == "0o600"
