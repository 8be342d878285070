from tests.access import Rule

RULES = {
    "search:search": Rule(200),
    "api:search": Rule(200),
}
