from tests.access import LOGIN, Rule


def _profile_token(w, p):
    from threecenters.people.services import profile_of

    profile = profile_of(p["resident"])
    if profile.community_id is None:
        profile.community = w["communities"]["dajing"]
        profile.save()
    return {"token": profile.token}


RESIDENT_STAFF = {"admin": 200, "worker_jiaolong": 200, "worker_dajing": 200, "outsider": 200}
ACCOUNT_ADMINS = {"admin": 200, "security": 200, "outsider": 200}
SIGNED_IN_POST = Rule(405, anon=LOGIN)

RULES = {
    "people:signin-code": Rule(302, anon=200),
    "people:signin-2fa": Rule(LOGIN),
    "people:register": Rule(302, anon=200),
    "people:reset": Rule(200),
    "people:privacy": Rule(200),
    "people:profile": Rule(200, anon=LOGIN),
    "people:password": Rule(200, anon=LOGIN),
    "people:signout-everywhere": SIGNED_IN_POST,
    "people:consents": Rule(200, anon=LOGIN),
    "people:consent-withdraw": Rule(405, anon=LOGIN, kwargs=lambda w, p: {"pk": 999999}),
    "people:data": Rule(200, anon=LOGIN),
    "people:deletion": Rule(200, anon=LOGIN),
    "people:tokens": Rule(200, anon=LOGIN),
    "people:token-revoke": Rule(405, anon=LOGIN, kwargs=lambda w, p: {"pk": 999999}),
    "people:two-factor": Rule(200, anon=LOGIN),
    "people:staff-residents": Rule(403, anon=LOGIN, roles=RESIDENT_STAFF),
    "people:staff-import": Rule(403, anon=LOGIN, roles=RESIDENT_STAFF),
    "people:staff-import-confirm": Rule(405, anon=LOGIN, kwargs=lambda w, p: {"token": "nothing"}),
    "people:staff-resident": Rule(
        404,
        anon=LOGIN,
        roles={"admin": 200, "worker_dajing": 200},
        kwargs=_profile_token,
    ),
    "people:staff-resident-reveal": Rule(405, anon=LOGIN, kwargs=_profile_token),
    "people:staff-accounts": Rule(403, anon=LOGIN, roles=ACCOUNT_ADMINS),
    "people:staff-account": Rule(
        404,
        anon=LOGIN,
        roles={"admin": 200, "security": 200},
        kwargs=lambda w, p: {"number": p["resident"].public_number},
    ),
    "people:staff-role-remove": Rule(
        405, anon=LOGIN, kwargs=lambda w, p: {"number": p["resident"].public_number, "pk": 1}
    ),
    "people:staff-account-signout": Rule(
        405, anon=LOGIN, kwargs=lambda w, p: {"number": p["resident"].public_number}
    ),
    "people:staff-account-reset-2fa": Rule(
        405, anon=LOGIN, kwargs=lambda w, p: {"number": p["resident"].public_number}
    ),
    "people:staff-deletions": Rule(403, anon=LOGIN, roles={"admin": 200, "outsider": 200}),
    "people:staff-deletion-decide": Rule(405, anon=LOGIN, kwargs=lambda w, p: {"pk": 999999}),
    "people:staff-audit": Rule(403, anon=LOGIN, roles={"auditor": 200}),
    "people:staff-audit-export": Rule(403, anon=LOGIN, roles={"auditor": 200}),
    "api:me": Rule(200, anon=401),
    "api:resident": Rule(
        404, anon=401, roles={"admin": 200, "worker_dajing": 200}, kwargs=_profile_token
    ),
}
