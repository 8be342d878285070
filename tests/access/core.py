from tests.access import LOGIN, Rule, Write

STAFF_OK = {
    "admin": 200,
    "incubator_staff": 200,
    "civility_staff": 200,
    "governance_staff": 200,
    "worker_jiaolong": 200,
    "worker_dajing": 200,
    "outsider": 200,
}
CENTER_STAFF = ["incubator_staff", "civility_staff", "governance_staff"]
# who manages the 蛟龙 flower shop: the subdistrict's administrator, the staff of its centers
# and 蛟龙's community worker — not 大井's worker, not another subdistrict's administrator
SHOP_MANAGERS = ["admin", *CENTER_STAFF, "worker_jiaolong"]


def an_article(world, personas):
    """A draft article of 蛟龙社区 (no center): its community's worker and the subdistrict's
    administrator manage it."""
    if "article" not in world:
        from threecenters.core.services import article_create

        world["article"] = article_create(
            actor=personas["worker_jiaolong"],
            subdistrict=world["subdistrict"],
            community=world["communities"]["jiaolong"],
            title="访问矩阵新闻",
            body="<p>正文</p>",
        )
    return world["article"]


def _article(w, p):
    return {"pk": an_article(w, p).pk}


def _article_body(w, p):
    return {
        "title": "改过的标题",
        "body": "<p>正文</p>",
        "community": w["communities"]["jiaolong"].pk,
    }


def _shop(w, p):
    return {"pk": w["flower_shop"].pk}


def _shop_body(w, p):
    """A valid edit of the flower shop that also asks to reject its verification."""
    return {
        "name": "瑾栩花店",
        "kind": "enterprise",
        "community": w["communities"]["jiaolong"].pk,
        "intro": "访问矩阵改过的简介",
        "verification": "rejected",
    }


def _new_organisation(w, p):
    """A new organisation in 蛟龙社区: a 大井 worker may not record it."""
    return {
        "name": "新登记的组织",
        "kind": "social",
        "community": w["communities"]["jiaolong"].pk,
        "verification": "unverified",
    }


def _center_body(w, p):
    return {"name": "治理中心", "tagline": "访问矩阵", "description": "<p>介绍</p>"}


RULES = {
    "core:home": Rule(200),
    "core:center": Rule(200, kwargs=lambda w, p: {"pk": w["centers"]["governance"].pk}),
    "core:community": Rule(200, kwargs=lambda w, p: {"slug": "jiaolong"}),
    "core:news": Rule(200),
    "core:news-detail": Rule(404, kwargs=lambda w, p: {"pk": 999999}),
    # a display preference in a cookie, for anyone
    "core:elder-toggle": Rule(405, post=Write(302)),
    "core:signout": Rule(405, post=Write(302)),
    "core:mine": Rule(200, anon=LOGIN, post=Write(200, anon=LOGIN)),
    "core:healthz": Rule(200),
    "core:readyz": Rule(200),
    "core:workspace": Rule(403, anon=LOGIN, roles=STAFF_OK),
    "core:staff-news": Rule(403, anon=LOGIN, roles=STAFF_OK),
    "core:staff-news-new": Rule(
        403, anon=LOGIN, roles=STAFF_OK, post=Write(403, anon=LOGIN, roles=STAFF_OK)
    ),
    "core:staff-news-edit": Rule(
        404,
        anon=LOGIN,
        roles={"admin": 200, "worker_jiaolong": 200},
        kwargs=_article,
        post=Write(
            404,
            anon=LOGIN,
            roles={"admin": 302, "worker_jiaolong": 302},
            data=_article_body,
            changes=["admin", "worker_jiaolong"],
        ),
    ),
    "core:staff-center-edit": Rule(
        404,
        anon=LOGIN,
        roles={"admin": 200, "governance_staff": 200},
        kwargs=lambda w, p: {"pk": w["centers"]["governance"].pk},
        post=Write(
            404,
            anon=LOGIN,
            roles={"admin": 302, "governance_staff": 302},
            data=_center_body,
            changes=["admin", "governance_staff"],
        ),
    ),
    "core:staff-organisations": Rule(403, anon=LOGIN, roles=STAFF_OK),
    "core:staff-organisation-new": Rule(
        403,
        anon=LOGIN,
        roles=STAFF_OK,
        post=Write(
            403,
            anon=LOGIN,
            # 大井's worker and the other subdistrict's administrator get the form back (蛟龙
            # is not theirs to choose)
            roles={**dict.fromkeys(STAFF_OK, 302), "worker_dajing": 200, "outsider": 200},
            data=_new_organisation,
            changes=["admin", *CENTER_STAFF, "worker_jiaolong"],
        ),
    ),
    # issue 12: a 大井 worker changed a 蛟龙 organisation's verification state
    "core:staff-organisation-edit": Rule(
        404,
        anon=LOGIN,
        roles=dict.fromkeys(SHOP_MANAGERS, 200),
        kwargs=_shop,
        post=Write(
            404,
            anon=LOGIN,
            roles=dict.fromkeys(SHOP_MANAGERS, 302),
            data=_shop_body,
            changes=SHOP_MANAGERS,
        ),
    ),
    "core:staff-task-failures": Rule(
        403, anon=LOGIN, roles={"admin": 200, "sysadmin": 200, "outsider": 200}
    ),
    "set_language": Rule(302, post=Write(302)),
    # uploaded files: an unknown one is a 404 for everyone (tests/test_private_files.py checks
    # each kind of file for each kind of reader)
    "core:file": Rule(
        404,
        kwargs=lambda w, p: {"key": "core.center.cover", "pk": 999999, "signature": "x"},
        post=Write(405),
    ),
    # API (ninja names its views by function name inside the "api" namespace); its root and
    # schema views answer every method alike
    "api:api-root": Rule(404, post=Write(404), patch=Write(404), delete=Write(404)),
    "api:openapi-json": Rule(200, post=Write(200), patch=Write(200), delete=Write(200)),
    "api:openapi-view": Rule(200, post=Write(200), patch=Write(200), delete=Write(200)),
    "api:list_communities": Rule(200),
    "api:list_centers": Rule(200),
}
