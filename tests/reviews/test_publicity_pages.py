"""The public 公示 pages and the staff page: masked, objection form for signed-in visitors, a
phone screenshot of the public page."""

import pytest

from tests.conftest import ARTIFACTS, PHONE
from tests.reviews.kinds import KEY, in_publicity
from threecenters.reviews.models import Objection

pytestmark = pytest.mark.usefixtures("family_kind")


@pytest.mark.django_db
def test_the_public_pages_show_masked_items_and_ask_to_sign_in(client, personas):
    _app, publicity = in_publicity(personas)
    listing = client.get(f"/publicity/{KEY}/")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert publicity.title in body and "resident" not in body
    item = client.get(f"/publicity/{publicity.token}/").content.decode()
    assert "登录后提出异议" in item
    response = client.post(f"/publicity/{publicity.token}/", {"text": "匿名的异议内容。"})
    assert response.status_code == 302 and "/accounts/signin/" in response["Location"]
    assert not Objection.objects.exists()


@pytest.mark.django_db
def test_a_signed_in_visitor_objects_and_staff_answer(client_for, personas):
    _app, publicity = in_publicity(personas)
    volunteer = client_for("volunteer")
    url = f"/publicity/{publicity.token}/"
    short = volunteer.post(url, {"text": "短"})
    assert short.status_code == 422
    response = volunteer.post(url, {"text": "候选家庭的事迹需要核实。"}, follow=True)
    assert "您的异议已提交" in response.content.decode()
    objection = Objection.objects.get()
    staff = client_for("admin")
    page = staff.get("/staff/publicity/").content.decode()
    assert "候选家庭的事迹需要核实。" in page and "v********" in page
    assert client_for("resident").get("/staff/publicity/").status_code == 403
    staff.post(
        f"/staff/publicity/objections/{objection.pk}/handle/",
        {"outcome": "dismissed", "response": "已核实。"},
    )
    objection.refresh_from_db()
    assert objection.status == "dismissed"
    mine = volunteer.get(url).content.decode()
    assert "已核实。" in mine


@pytest.mark.django_db(transaction=True)
def test_the_public_page_on_a_phone(browser, live, personas):
    _app, publicity = in_publicity(personas)
    context = browser.new_context(locale="zh-CN", **PHONE)
    page = context.new_page()
    page.goto(f"{live.url}/publicity/{publicity.token}/")
    assert page.get_by_role("heading", name=publicity.title).is_visible()
    assert page.get_by_role("link", name="登录后提出异议").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / "publicity_item_phone.png"), full_page=True)
    page.goto(f"{live.url}/publicity/{KEY}/")
    page.screenshot(path=str(ARTIFACTS / "publicity_list_phone.png"), full_page=True)
    context.close()
