"""The reported meeting (rules/meeting.py, rules/roles.py, meeting_eval.py) on real report text."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from meeting_nlp.meeting_eval import format_meeting_scores, score_meetings
from meeting_nlp.rules.roles import roles_in

DEV = Path(__file__).resolve().parents[1] / "corpus" / "dev"


def test_roles_in_gives_every_stated_role_in_order():
    assert roles_in("主持会议并讲话。") == ["presided", "spoke"]
    assert roles_in("代表区委常委会作工作报告并讲话") == ["reported", "spoke"]
    assert roles_in("讨论政府工作报告") == []  # 工作报告 is no 作报告
    assert roles_in("通报了全市经济运行情况") == ["reported"]
    assert roles_in("在主席台就座") == ["attended"]


def test_score_meetings_counts_fields_and_names():
    gold = [{"id": "a", "meeting": {"date": "2024-09-29", "body": "区委", "place": None, "type": "plenary",
                                    "session": {"term": 7, "ordinal": 6, "meeting": "plenary"},
                                    "presided": [], "reported": ["潘崇敏"], "spoke": ["牟傲野"], "attended": []}}]
    pred = [{"id": "a", "meeting": {"date": "2024-09-29", "body": "区委常委会", "place": None, "type": "plenary",
                                    "session": {"term": 7, "ordinal": 6, "meeting": "plenary", "expanded": True},
                                    "presided": [], "reported": [{"name": "潘 崇敏", "titles": []}],
                                    "spoke": [], "attended": [{"name": "王五", "titles": []}]}}]
    s = score_meetings(gold, pred)
    assert s["fields"]["date"]["accuracy"] == 1.0 and s["fields"]["session"]["accuracy"] == 1.0
    assert s["fields"]["body"]["accuracy"] == 0.0
    assert s["roles"]["reported"]["f1"] == 1.0
    assert s["roles"]["spoke"]["recall"] == 0.0 and s["roles"]["attended"]["precision"] == 0.0
    assert "reported" in format_meeting_scores(s)


def test_score_meetings_rejects_records_without_id():
    with pytest.raises(ValueError, match="id"):
        score_meetings([{"meeting": {}}], [])


@pytest.fixture(scope="module")
def nlp():
    import meeting_nlp

    return meeting_nlp.load()


def _gold(name):
    return json.loads((DEV / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("rid", ["luqiao-2024-09-29", "jindong-2023-08-04", "zhongyang-2023-04-28"])
def test_reported_meeting_of_real_reports(nlp, rid):
    gold = _gold(rid)
    m = nlp(gold["text"])._.meeting
    for field in ("body", "type", "date"):
        assert m[field] == gold["meeting"][field], field
    for role in ("presided", "reported", "spoke", "attended"):
        assert sorted(p["name"] for p in m[role]) == sorted(gold["meeting"][role]), role


def test_cited_meeting_is_not_the_reported_one(nlp):
    m = nlp("9月29日,区委常委会召开会议,传达学习省委十届六次全会精神。区委书记张三主持会议并讲话。")._.meeting
    assert m["body"] == "区委常委会" and m["session"] is None and m["type"] == "standing-committee"
    assert [p["name"] for p in m["presided"]] == ["张三"] and [p["name"] for p in m["spoke"]] == ["张三"]
