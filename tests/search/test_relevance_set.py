"""The relevance set: queries written from the demo content, with the results expected first.

The same expectations hold on SQLite (FTS5, bm25) and PostgreSQL (tsvector, ts_rank), so for
these queries the two databases return results in the same order. ``ordered`` lists must be the
exact head of the results; ``unordered`` lists must fill the first places in any order.
"""

from __future__ import annotations

import pytest

from threecenters.governance.demo_cases import CASES
from threecenters.search.selectors import search

TITLES = {case[0]: case[1] for case in CASES}

ORDERED = [
    ("社区小二", ["xiaoer"]),
    ("三融三建", ["sanrong"]),
    ("水韵江安", ["shuiyun"]),
    ("花漾通讲", ["shuiyun"]),
    ('"水韵江安·花漾通讲"', ["shuiyun"]),
    ("“社区小二”", ["xiaoer"]),
    ("疫情", ["xiaoer"]),
    ("张", ["xiaoer"]),
    ("二", ["xiaoer"]),
    ("党员志愿者", ["xiaoer"]),
    ("老旧小区改造", ["laojiu"]),
    ("加装电梯", ["laojiu"]),
    ("垃圾分类", ["lajifenlei"]),
    ("网格员", ["wangge", "kuaidi"]),
    ("微网实格", ["wangge"]),
    ("社区基金", ["jijin"]),
    ("智囊团", ["zhinang", "jijin"]),
    ("架空层", ["zhinang"]),
    ("长者食堂", ["shitang"]),
    ("老人 吃饭", ["shitang"]),
    ("四点半课堂", ["ertong"]),
    ("调解 纠纷", ["tiaojie"]),
    ("和事佬", ["tiaojie"]),
    ("院落自治", ["wuye"]),
    ("无物业", ["wuye"]),
    ("消防", ["xiaofang"]),
    ("招聘会", ["jiuye", "sanrong"]),
    ("茶艺", ["chaxiang"]),
    ("先进家庭", ["xianjin"]),
    ("口袋公园", ["qingnian"]),
    ("社区规划师", ["qingnian"]),
    ("志愿服务时长", ["zhiyuanjifen"]),
    ("花艺 创业", ["huahui"]),
    ("家庭医生", ["jiating"]),
    ("停车", ["tingche"]),
    ("亲子阅读", ["yuedu"]),
    ("外卖骑手", ["kuaidi"]),
    ("快递小哥", ["kuaidi"]),
    ("河长制", ["hepai"]),
    ("江安河", ["hepai", "shuiyun"]),
    ("Wi-Fi 驿站", ["kuaidi"]),
    ("ＷＩ－ＦＩ　驿站", ["kuaidi"]),
    ("党建引领 志愿服务", ["kuaidi", "xiaoer"]),
    ("蛟龙 就业", ["jiuye", "sanrong"]),
]

UNORDERED = [
    ("积分", {"lajifenlei", "zhiyuanjifen"}),
    ("石井社区", {"xiaoer", "shitang", "jiating"}),
]


def _keys(query: str, size: int) -> list[str]:
    by_title = {title: key for key, title in TITLES.items()}
    return [by_title.get(hit.title, hit.title) for hit in search(query=query, size=size).items]


def test_the_relevance_set_has_at_least_thirty_queries():
    assert len(ORDERED) + len(UNORDERED) >= 30


@pytest.mark.django_db
def test_each_query_puts_the_expected_cases_first(demo):
    failures = []
    for query, expected in ORDERED:
        got = _keys(query, len(expected) + 2)
        if got[: len(expected)] != expected:
            failures.append(f"{query!r}: expected {expected} first, got {got}")
    for query, expected in UNORDERED:
        got = _keys(query, len(expected) + 2)
        if set(got[: len(expected)]) != expected:
            failures.append(f"{query!r}: expected {sorted(expected)} first, got {got}")
    assert not failures, "\n".join(failures)
