import pytest

from tests.uploads.files import pdf_bytes, png_bytes, upload
from threecenters.governance.models import Case


def form_data(**extra):
    data = {
        "title": "院落议事会",
        "summary": "摘要",
        "method_name": "议事会",
        "period_start": "2020-01-01",
        "period_end": "",
        "background": "背景",
        "method": "方法",
        "measures": "做法",
        "results": "成效",
        "lessons": "启示",
        "contact_name": "张三",
        "contact_mobile": "13812341234",
        "tags_text": "议事，院落 议事",
        "figures_text": "参与居民|300|人\n会议|12|次",
    }
    data.update(extra)
    return data


@pytest.mark.django_db
def test_a_worker_writes_a_case_with_photo_and_attachment(world, personas, client_for):
    client = client_for("worker_jiaolong")
    community = world["communities"]["jiaolong"].pk
    response = client.post(
        "/cases/staff/new/",
        form_data(
            community=community,
            cover_file=upload("c.png", png_bytes()),
            photo_file=upload("p.png", png_bytes()),
            photo_caption="议事现场",
            attachment_file=upload("r.pdf", pdf_bytes()),
            attachment_title="议事规则",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get(title="院落议事会")
    assert case.tag_names == ["议事", "院落"]
    assert case.figures == [
        {"label": "参与居民", "value": "300", "unit": "人"},
        {"label": "会议", "value": "12", "unit": "次"},
    ]
    assert case.cover.name.endswith(".png") and case.photos.count() == 1
    assert case.attachments.get().kind == "pdf"


@pytest.mark.django_db
def test_bad_uploads_and_bad_figures_show_field_errors(world, personas, client_for):
    client = client_for("worker_jiaolong")
    response = client.post(
        "/cases/staff/new/",
        form_data(
            community=world["communities"]["jiaolong"].pk,
            figures_text="只有名称",
            cover_file=upload("cover.jpg", b"MZ" + b"\0" * 50),
            attachment_file=upload("a.pdf", b"PK\x03\x04" + b"\0" * 50),
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "第 1 行格式不对" in html and "不接受可执行程序" in html
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_worker_cannot_file_a_case_under_another_community(world, personas, client_for):
    response = client_for("worker_jiaolong").post(
        "/cases/staff/new/", form_data(community=world["communities"]["dajing"].pk)
    )
    assert response.status_code == 200 and not Case.objects.exists()
