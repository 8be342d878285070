import io
import zipfile

import pytest
from openpyxl import Workbook

from tests.people.conftest import id_number
from threecenters.cli import main
from threecenters.core.models import AuditEntry, User
from threecenters.people.models import ResidentProfile, ResidentTag

HEADER = ["姓名", "手机号", "身份证号", "小区/地址", "标签"]
ID_A = id_number("51012219600101222")
ID_B = id_number("51012219650202333")


def xlsx(rows, header=HEADER) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def tags(db):
    for name in ["党员", "老年人"]:
        ResidentTag.objects.create(name=name)


def _upload(client, world, data, name="roster.xlsx"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(
        "/staff/residents/import/",
        {"community": world["communities"]["dajing"].pk, "file": upload},
    )


GOOD_ROWS = [
    ["张大爷", "13800001111", ID_A, "大井 1 组", "党员、老年人"],
    ["李阿姨", "13800002222", "", "大井 2 组", ""],
]


@pytest.mark.django_db
def test_the_preview_lists_every_bad_row_and_saves_nothing(personas, world, tags, client_for):
    bad_id = ID_B[:17] + ("0" if ID_B[17] != "0" else "1")
    rows = GOOD_ROWS + [
        ["", "13800003333", "", "", ""],
        ["王五", "1380000", "", "", ""],
        ["赵六", "13800004444", bad_id, "", ""],
        ["孙七", "13800005555", "", "", "不存在的标签"],
        ["周" * 41, "13800006666", "", "", ""],
    ]
    response = _upload(client_for("worker_dajing"), world, xlsx(rows))
    page = response.content.decode()
    for message in [
        "姓名为空",
        "手机号格式不正确",
        "身份证号不正确",
        "未知标签",
        "姓名超过 40 个字符",
    ]:
        assert message in page
    for row_number in range(4, 9):
        assert f"<td>{row_number}</td>" in page
    assert "13800004444" not in page and bad_id not in page
    assert not User.objects.filter(mobile__startswith="138000").exists()


@pytest.mark.django_db
def test_confirming_imports_and_a_second_import_matches_instead_of_duplicating(
    personas, world, tags, client_for
):
    client = client_for("worker_dajing")
    from threecenters.people.models import RosterImport

    _upload(client, world, xlsx(GOOD_ROWS))
    token = RosterImport.objects.get().token
    assert client.post(f"/staff/residents/import/{token}/confirm/").status_code == 302
    assert client.post(f"/staff/residents/import/{token}/confirm/").status_code == 302
    assert ResidentProfile.objects.filter(community=world["communities"]["dajing"]).count() == 2
    zhang = ResidentProfile.objects.get(user__mobile="13800001111")
    assert {t.name for t in zhang.tags.all()} == {"党员", "老年人"} and zhang.id_masked.endswith(
        ID_A[-4:]
    )
    # The same person again, found by ID number even with a new mobile; nobody duplicated.
    page = _upload(client, world, xlsx([["张大爷", "13800009999", ID_A, "", ""], GOOD_ROWS[1]]))
    assert "匹配已有 2 人" in page.content.decode()
    token = RosterImport.objects.order_by("-id").first().token
    client.post(f"/staff/residents/import/{token}/confirm/")
    assert User.objects.filter(mobile__startswith="138000").count() == 2
    assert AuditEntry.objects.filter(action="residents.import").count() == 2


@pytest.mark.django_db
def test_a_worker_cannot_import_into_another_community(personas, world, tags, client_for):
    upload = io.BytesIO(xlsx(GOOD_ROWS))
    upload.name = "r.xlsx"
    response = client_for("worker_jiaolong").post(
        "/staff/residents/import/", {"community": world["communities"]["dajing"].pk, "file": upload}
    )
    assert response.status_code == 200 and "has-error" in response.content.decode()
    assert not User.objects.filter(mobile__startswith="138000").exists()


def _refused(client, world, data, message):
    response = _upload(client, world, data)
    assert message in response.content.decode()
    assert not User.objects.filter(mobile__startswith="138000").exists()
    assert AuditEntry.objects.filter(action="residents.import_refused").exists()


@pytest.mark.django_db
def test_a_file_that_is_not_a_spreadsheet_is_refused(personas, world, client_for):
    _refused(
        client_for("worker_dajing"), world, "姓名,手机号\n张三,13800001111\n".encode(), "不是 Excel"
    )


@pytest.mark.django_db
def test_a_password_protected_workbook_is_refused(personas, world, client_for):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000
    _refused(client_for("worker_dajing"), world, ole, "打开密码")


@pytest.mark.django_db
def test_a_zip_bomb_is_refused_before_it_is_opened(personas, world, client_for, settings):
    settings.ROSTER_MAX_UNCOMPRESSED = 2 * 1024 * 1024
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024 * 1024))
    _refused(client_for("worker_dajing"), world, out.getvalue(), "压缩炸弹")


@pytest.mark.django_db
def test_a_roster_of_100000_rows_is_refused(personas, world, client_for):
    rows = ([f"居民{i}", f"139{i:08d}", "", "", ""] for i in range(100_000))
    _refused(client_for("worker_dajing"), world, xlsx(rows), "行数太多")


@pytest.mark.django_db
def test_the_command_imports_the_same_way(personas, world, tags, tmp_path, capsys):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(xlsx(GOOD_ROWS + [["王五", "1380000", "", "", ""]]))
    assert main(["residents", "import", str(path), "--community", "dajing", "--dry-run"]) == 0
    assert not User.objects.filter(mobile__startswith="138000").exists()
    assert main(["residents", "import", str(path), "--community", "大井社区"]) == 0
    out = capsys.readouterr().out
    assert "row 4" in out and "手机号格式不正确" in out and "1380000" not in out
    assert User.objects.filter(mobile__startswith="138000").count() == 2
    assert main(["residents", "import", str(path), "--community", "dajing"]) == 0
    assert User.objects.filter(mobile__startswith="138000").count() == 2


@pytest.mark.django_db
def test_the_preview_and_import_use_a_bounded_number_of_queries(personas, world, tags):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from threecenters.people import roster

    def run(n):
        rows = [[f"居民{i}", f"1370{n:03d}{i:04d}", "", "大井", "党员"] for i in range(n)]
        data = xlsx(rows)
        with CaptureQueriesContext(connection) as preview_queries:
            roster.preview(data, world["communities"]["dajing"])
        with CaptureQueriesContext(connection) as import_queries:
            roster.apply(actor=None, community=world["communities"]["dajing"], data=data)
        return len(preview_queries), len(import_queries)

    small, large = run(20), run(400)
    assert large[0] == small[0]
    # Batched writes: a few statements per batch (SQLite caps a batch by its variable limit),
    # never one per row.
    assert large[1] < 400 // 10
