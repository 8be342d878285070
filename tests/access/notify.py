from tests.access import LOGIN, SIGNED_IN, Rule, Write


def _unread_for_everyone(w, p):
    """Everyone holds an unread notification, so marking them read changes each one's own."""
    from threecenters.notify.services import notification_send

    for user in p.values():
        notification_send(user=user, kind="test", title="访问矩阵通知", body="")
    return {}


RULES = {
    "notify:inbox": Rule(200, anon=LOGIN),
    "notify:mark-read": Rule(
        405, anon=LOGIN, kwargs=_unread_for_everyone, post=Write(302, anon=LOGIN, changes=SIGNED_IN)
    ),
    "api:my_notifications": Rule(200, anon=401),
    # the system administrator and whoever has the audit trail or account management
    "notify:staff-sms-log": Rule(
        403,
        anon=LOGIN,
        roles={"sysadmin": 200, "auditor": 200, "security": 200, "admin": 200, "outsider": 200},
    ),
}
