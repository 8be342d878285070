"""The PDF: rendered in the CJK font (embedded), with number, masked name, subject and the
verification URL; for the holder and the issuing staff only."""

from __future__ import annotations

import io

import pytest
from django.core.checks import run_checks
from django.test import Client
from pypdf import PdfReader

from tests.certificates.helpers import issue

pytestmark = pytest.mark.django_db

FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"


@pytest.fixture
def cert(world, personas, test_kind):
    if not __import__("os").path.exists(FONT):
        pytest.skip("fonts-wqy-microhei is not installed")
    holder = personas["resident"]
    holder.display_name = "欧阳娜娜"
    holder.save()
    return issue(world, personas, subject="完成“瑾栩花店免费插花课”课程学习")


def _get(client: Client, cert):
    return client.get(f"/certificates/{cert.token}/pdf")


def test_the_pdf_holds_the_record_in_an_embedded_cjk_font(cert, personas):
    client = Client()
    client.force_login(personas["resident"])
    response = _get(client, cert)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for part in (
        cert.number,
        "欧***",
        "完成“瑾栩花店免费插花课”课程学习",
        "平台记录",
        cert.issuer_name,
    ):
        assert part in text, part
    assert f"/certificates/{cert.token}/" in text.replace("\n", "")
    assert "欧阳娜娜" not in text
    fonts = reader.pages[0]["/Resources"]["/Font"]
    embedded = []
    for ref in fonts.values():
        font = ref.get_object()
        for descendant in font.get("/DescendantFonts", [font]):
            descriptor = descendant.get_object().get("/FontDescriptor")
            if descriptor is not None:
                descriptor = descriptor.get_object()
                embedded.append(("/FontFile2" in descriptor, str(descriptor["/FontName"])))
    assert embedded and all(ok for ok, _name in embedded), embedded
    assert any("WenQuanYi" in name or "TCCJK" in name for _ok, name in embedded), embedded


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("resident", 200),  # the holder
        ("civility_staff", 200),  # staff of the issuing center
        ("admin", 200),  # the issuing center's subdistrict administrator
        ("volunteer", 404),
        ("incubator_staff", 404),
        ("outsider", 404),
        (None, 404),
    ],
)
def test_only_the_holder_and_the_issuing_staff_get_the_pdf(cert, client_for, persona, status):
    assert _get(client_for(persona), cert).status_code == status


def test_the_issuing_organisation_gets_the_pdf(world, personas, test_kind):
    cert = issue(world, personas, issuer_center=None, issuer_organisation=world["flower_shop"])
    assert cert.issuer_name == "瑾栩花店"
    employer = Client()
    employer.force_login(personas["employer"])
    assert _get(employer, cert).status_code == 200
    staff = Client()
    staff.force_login(personas["civility_staff"])
    assert _get(staff, cert).status_code == 404


def test_a_missing_font_is_a_clear_503_and_a_deploy_warning(cert, personas, settings):
    settings.CJK_FONT = "/nonexistent/font.ttc"
    client = Client()
    client.force_login(personas["resident"])
    response = _get(client, cert)
    assert response.status_code == 503 and "字体" in response.content.decode()
    ids = [m.id for m in run_checks(include_deployment_checks=True)]
    assert "threecenters.W101" in ids
    settings.CJK_FONT = FONT
    ids = [m.id for m in run_checks(include_deployment_checks=True)]
    assert "threecenters.W101" not in ids
