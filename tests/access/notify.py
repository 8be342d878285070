from tests.access import LOGIN, Rule

RULES = {
    "notify:inbox": Rule(200, anon=LOGIN),
    "notify:mark-read": Rule(405, anon=LOGIN),
    "api:my_notifications": Rule(200, anon=401),
}
