from tests.access import LOGIN, SIGNED_IN, Rule, Write


def _profile_token(w, p):
    from threecenters.people.services import profile_of

    profile = profile_of(p["resident"])
    if profile.community_id is None:
        profile.community = w["communities"]["dajing"]
        profile.save()
    return {"token": profile.token}


def _residents_role(w, p):
    resident = p["resident"]
    return {"number": resident.public_number, "pk": resident.roles.get().pk}


def _make_volunteer(w, p):
    return {"role": "volunteer", "area": w["communities"]["dajing"].pk}


RESIDENT_STAFF = {"admin": 200, "worker_jiaolong": 200, "worker_dajing": 200, "outsider": 200}
ACCOUNT_ADMINS = {"admin": 200, "security": 200, "outsider": 200}
# the resident's account: their subdistrict's administrator and security administrator
RESIDENT_ACCOUNT = ["admin", "security"]
SELF_FORM = Write(200, anon=LOGIN)  # one's own page; an empty form comes back with its errors

RULES = {
    # sign-in flows: an empty form comes back to the signed-out visitor, the signed-in are sent on
    "people:signin": Rule(302, anon=200, post=Write(302, anon=200)),
    "people:signin-code": Rule(302, anon=200, post=Write(302, anon=200)),
    "people:signin-2fa": Rule(LOGIN, post=Write(LOGIN)),
    "people:register": Rule(302, anon=200, post=Write(302, anon=200)),
    "people:reset": Rule(200, post=Write(200)),
    "people:privacy": Rule(200),
    "people:profile": Rule(
        200,
        anon=LOGIN,
        post=Write(
            302, anon=LOGIN, data=lambda w, p: {"display_name": "改个名字"}, changes=SIGNED_IN
        ),
    ),
    "people:password": Rule(200, anon=LOGIN, post=SELF_FORM),
    "people:signout-everywhere": Rule(405, anon=LOGIN, post=Write(LOGIN, changes=SIGNED_IN)),
    "people:consents": Rule(200, anon=LOGIN, post=Write(302, anon=LOGIN)),
    "people:consent-withdraw": Rule(
        405, anon=LOGIN, kwargs=lambda w, p: {"pk": 999999}, post=Write(404, anon=LOGIN)
    ),
    "people:data": Rule(200, anon=LOGIN),
    "people:deletion": Rule(
        200,
        anon=LOGIN,
        post=Write(302, anon=LOGIN, data=lambda w, p: {"reason": "不再使用"}, changes=SIGNED_IN),
    ),
    # an empty form comes back with its errors as 422 (the password is asked for)
    "people:tokens": Rule(200, anon=LOGIN, post=Write(422, anon=LOGIN)),
    "people:token-revoke": Rule(
        405, anon=LOGIN, kwargs=lambda w, p: {"pk": 999999}, post=Write(404, anon=LOGIN)
    ),
    # an empty form starts setting up an authenticator (a secret waiting for its first code)
    "people:two-factor": Rule(200, anon=LOGIN, post=Write(200, anon=LOGIN, changes=SIGNED_IN)),
    "people:staff-residents": Rule(403, anon=LOGIN, roles=RESIDENT_STAFF),
    "people:staff-import": Rule(
        403, anon=LOGIN, roles=RESIDENT_STAFF, post=Write(403, anon=LOGIN, roles=RESIDENT_STAFF)
    ),
    "people:staff-import-confirm": Rule(
        405, anon=LOGIN, kwargs=lambda w, p: {"token": "nothing"}, post=Write(404, anon=LOGIN)
    ),
    "people:staff-resident": Rule(
        404,
        anon=LOGIN,
        roles={"admin": 200, "worker_dajing": 200},
        kwargs=_profile_token,
        post=Write(404, anon=LOGIN, roles={"admin": 200, "worker_dajing": 200}),
    ),
    # a reveal needs a reason: the empty form is refused (422) by those who may reveal
    "people:staff-resident-reveal": Rule(
        405,
        anon=LOGIN,
        kwargs=_profile_token,
        post=Write(404, anon=LOGIN, roles={"admin": 422, "worker_dajing": 422}),
    ),
    "people:staff-accounts": Rule(403, anon=LOGIN, roles=ACCOUNT_ADMINS),
    "people:staff-account": Rule(
        404,
        anon=LOGIN,
        roles={"admin": 200, "security": 200},
        kwargs=lambda w, p: {"number": p["resident"].public_number},
        post=Write(
            404,
            anon=LOGIN,
            roles=dict.fromkeys(RESIDENT_ACCOUNT, 302),
            data=_make_volunteer,
            changes=RESIDENT_ACCOUNT,
        ),
    ),
    "people:staff-role-remove": Rule(
        405,
        anon=LOGIN,
        kwargs=_residents_role,
        post=Write(
            404, anon=LOGIN, roles=dict.fromkeys(RESIDENT_ACCOUNT, 302), changes=RESIDENT_ACCOUNT
        ),
    ),
    "people:staff-account-signout": Rule(
        405,
        anon=LOGIN,
        kwargs=lambda w, p: {"number": p["resident"].public_number},
        post=Write(
            404, anon=LOGIN, roles=dict.fromkeys(RESIDENT_ACCOUNT, 302), changes=RESIDENT_ACCOUNT
        ),
    ),
    "people:staff-account-reset-2fa": Rule(
        405,
        anon=LOGIN,
        kwargs=lambda w, p: {"number": p["resident"].public_number},
        post=Write(
            404, anon=LOGIN, roles=dict.fromkeys(RESIDENT_ACCOUNT, 302), changes=RESIDENT_ACCOUNT
        ),
    ),
    "people:staff-deletions": Rule(403, anon=LOGIN, roles={"admin": 200, "outsider": 200}),
    "people:staff-deletion-decide": Rule(
        405, anon=LOGIN, kwargs=lambda w, p: {"pk": 999999}, post=Write(404, anon=LOGIN)
    ),
    "people:staff-audit": Rule(403, anon=LOGIN, roles={"auditor": 200}),
    "people:staff-audit-export": Rule(403, anon=LOGIN, roles={"auditor": 200}),
    "api:me": Rule(200, anon=401),
    "api:resident": Rule(
        404, anon=401, roles={"admin": 200, "worker_dajing": 200}, kwargs=_profile_token
    ),
}
