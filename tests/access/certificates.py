from tests.access import LOGIN, Rule, Write

# The certificate below: issued by the civility center to the resident persona.
ISSUING_STAFF = {"civility_staff": 200, "admin": 200}


def a_certificate(world, personas):
    if "certificate" not in world:
        from threecenters.certificates.services import certificate_issue
        from threecenters.events.completion import KIND

        world["certificate"] = certificate_issue(
            actor=personas["civility_staff"],
            kind=KIND,
            holder=personas["resident"],
            subject="完成“社区志愿者培训”课程学习",
            issuer_center=world["centers"]["civility"],
        )
    return world["certificate"]


def token(world, personas):
    return {"token": a_certificate(world, personas).token}


RULES = {
    "certificates:mine": Rule(200, anon=LOGIN),
    "certificates:verify": Rule(200, kwargs=token),
    "certificates:pdf": Rule(404, roles={"resident": 200, **ISSUING_STAFF}, kwargs=token),
    # an empty reason is refused with a message on the certificate's page
    "certificates:revoke": Rule(
        405,
        kwargs=token,
        post=Write(404, anon=LOGIN, roles={"civility_staff": 302, "admin": 302}),
    ),
    "api:verify_certificate": Rule(200, kwargs=token),
    "api:my_certificates": Rule(200, anon=401),
}
