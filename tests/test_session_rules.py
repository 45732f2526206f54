"""SESSION grammar (meeting_nlp/rules/sessions.py): extents and attributes.

Sentences marked with a report number are quoted from corpus/raw (002-004
converted to simplified by hand, as the rules see them after normalization);
the others are written in the style of reports from other levels and
provinces. Each case lists every SESSION the text holds, in order, as
(span text, term, ordinal, meeting, expanded, body); body is the canonical
organ name of ANNOTATION.md, its place is checked separately.
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from meeting_nlp.rules.base import RuleMatch
from meeting_nlp.rules.sessions import find_sessions, parse_number, vocabulary

ROOT = Path(__file__).resolve().parents[1]
KINDS = {"plenary", "standing-committee", "congress", "executive", "other"}


def sessions(text, bodies=()):
    """(span text, term, ordinal, meeting, expanded, body) for each match."""
    out = []
    for m in find_sessions(text, bodies):
        a = m.attrs
        out.append((text[m.start : m.end], a["term"], a["ordinal"], a["meeting"], a["expanded"], a["body"]))
    return out


def body_at(text, name, occurrence=0):
    """A BODY RuleMatch over the ``occurrence``-th ``name`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(name, start + 1)
    return RuleMatch(start, start + len(name), "BODY", {})


# --------------------------------------------------------------------------
# ANNOTATION.md's SESSION row, one example each

SCHEME_ROW = [
    ("区委七届六次全体(扩大)会议举行", [("七届六次全体(扩大)会议", 7, 6, "plenary", True, "区委")]),
    ("深入学习贯彻党的二十届三中全会精神", [("二十届三中全会", 20, 3, "plenary", False, "党中央")]),
    ("全面落实省委十五届五次全会部署", [("十五届五次全会", 15, 5, "plenary", False, "省委")]),
    ("中共嘉定区第七届委员会第九次全体会议举行", [("第七届委员会第九次全体会议", 7, 9, "plenary", False, "区委")]),
    ("按照十二届市委六次全会部署要求", [("十二届市委六次全会", 12, 6, "plenary", False, "市委")]),
    ("认真落实市委十三届五次、六次全会部署", [("十三届五次、六次全会", 13, [5, 6], "plenary", False, "市委")]),
    ("县委十三届七次常委会议研究", [("十三届七次常委会议", 13, 7, "standing-committee", False, "县委常委会")]),
    ("县十七届人大二次会议开幕", [("十七届人大二次会议", 17, 2, "congress", False, "县人大")]),
    ("深入学习贯彻党的二十大精神", [("二十大", None, 20, "congress", False, "党中央")]),
    ("全区第五次党代会以来", [("第五次党代会", None, 5, "congress", False, None)]),
    ("二中全会精神", [("二中全会", None, 2, "plenary", False, "党中央")]),
    ("市政府第六次全体会议召开", [("第六次全体会议", None, 6, "plenary", False, "市政府")]),
]


@pytest.mark.parametrize("text,expected", SCHEME_ROW, ids=[c[0] for c in SCHEME_ROW])
def test_scheme_examples(text, expected):
    assert sessions(text) == expected


# --------------------------------------------------------------------------
# sentences quoted from the five reports

REPORTS = [
    # 000 (Luqiao, simplified)
    (
        "9月29日,区委七届六次全体(扩大)会议暨区政府全体会议举行。",
        [("七届六次全体(扩大)会议", 7, 6, "plenary", True, "区委")],
    ),
    (
        "全会深入学习贯彻党的二十届三中全会精神,全面落实省委十五届五次全会和市委六届六次全会系列决策部署,专题研究改革工作",
        [
            ("二十届三中全会", 20, 3, "plenary", False, "党中央"),
            ("十五届五次全会", 15, 5, "plenary", False, "省委"),
            ("六届六次全会", 6, 6, "plenary", False, "市委"),
        ],
    ),
    (
        "要深刻领会党的二十届三中全会和省委、市委全会的重大意义",
        [("二十届三中全会", 20, 3, "plenary", False, "党中央")],
    ),
    # 001 (Jindong, simplified)
    ("8月4日上午,区委五届四次全体会议举行。", [("五届四次全体会议", 5, 4, "plenary", False, "区委")]),
    (
        "深入学习贯彻党的二十大精神,全面学习贯彻习近平总书记重要指示精神,按照省委十五届三次全会和市委八届四次全会部署要求",
        [
            ("二十大", None, 20, "congress", False, "党中央"),
            ("十五届三次全会", 15, 3, "plenary", False, "省委"),
            ("八届四次全会", 8, 4, "plenary", False, "市委"),
        ],
    ),
    ("会议充分肯定了区委五届三次全会以来区委常委会的工作。", [("五届三次全会", 5, 3, "plenary", False, "区委")]),
    (
        # inside a DOCUMENT title: found here, the caller lets the DOCUMENT win
        "审议通过《中国共产党金华市金东区第五届委员会第四次全体会议关于的决议》",
        [("第五届委员会第四次全体会议", 5, 4, "plenary", False, "区委")],
    ),
    # 002 (Jiading, glossed traditional)
    (
        "近日,中共嘉定区第七届委员会第九次全体会议举行。会议全面贯彻落实党的二十大和二十届二中、三中全会精神",
        [
            ("第七届委员会第九次全体会议", 7, 9, "plenary", False, "区委"),
            ("二十大", None, 20, "congress", False, "党中央"),
            ("二十届二中、三中全会", 20, [2, 3], "plenary", False, "党中央"),
        ],
    ),
    (
        "区委副书记、区长高香传达十二届市委六次全会精神,总结部署全区经济社会发展工作。",
        [("十二届市委六次全会", 12, 6, "plenary", False, "市委")],
    ),
    (
        "全会审议通过《中国共产党上海市嘉定区第七届委员会第九次全体会议决议》。",
        [("第七届委员会第九次全体会议", 7, 9, "plenary", False, "区委")],
    ),
    # 003 (Binjiang, traditional)
    (
        "1月5日,区委六届五次全体(扩大)会议暨区委经济工作会议举行。出席这次会议的区委委员28名,候补委员6名。",
        [("六届五次全体(扩大)会议", 6, 5, "plenary", True, "区委")],
    ),
    (
        "全面贯彻落实中央和省委、市委经济工作会议精神,认真落实省委十五届四次全会和市委十三届五次、六次全会部署",
        [
            ("十五届四次全会", 15, 4, "plenary", False, "省委"),
            ("十三届五次、六次全会", 13, [5, 6], "plenary", False, "市委"),
        ],
    ),
    # 004 (Jinhua, glossed traditional)
    (
        "全面贯彻落实党的二十大精神和二十届二中全会精神,吹响“进”的号角",
        [
            ("二十大", None, 20, "congress", False, "党中央"),
            ("二十届二中全会", 20, 2, "plenary", False, "党中央"),
        ],
    ),
]


@pytest.mark.parametrize("text,expected", REPORTS, ids=[c[0][:20] for c in REPORTS])
def test_report_sentences(text, expected):
    assert sessions(text) == expected


# --------------------------------------------------------------------------
# other levels, provinces and kinds of body

OTHER = [
    # central committee, national congress
    (
        "中国共产党第二十届中央委员会第三次全体会议,于2024年7月15日至18日在北京举行。",
        [("第二十届中央委员会第三次全体会议", 20, 3, "plenary", False, "党中央")],
    ),
    (
        "中国共产党第二十次全国代表大会是在全党全国各族人民迈上新征程的关键时刻召开的大会",
        [("第二十次全国代表大会", None, 20, "congress", False, "党中央")],
    ),
    ("中共十九届四中全会审议通过了决定", [("十九届四中全会", 19, 4, "plenary", False, "党中央")]),
    (
        "党的十八大以来,以习近平同志为核心的党中央团结带领全党全国各族人民",
        [("十八大", None, 18, "congress", False, "党中央")],
    ),
    (
        "十九大以来,全市上下深入贯彻党的十八大、十九大和二十大精神",
        [
            ("十九大", None, 19, "congress", False, "党中央"),
            ("十八大", None, 18, "congress", False, "党中央"),
            ("十九大", None, 19, "congress", False, "党中央"),
            ("二十大", None, 20, "congress", False, "党中央"),
        ],
    ),
    (
        "学习贯彻十九届二中、三中、四中、五中、六中全会精神",
        [("十九届二中、三中、四中、五中、六中全会", 19, [2, 3, 4, 5, 6], "plenary", False, "党中央")],
    ),
    ("参观中共一大会址", [("一大", None, 1, "congress", False, "党中央")]),
    # provincial party committees and discipline commissions
    (
        "中共江苏省委十四届七次全会在南京举行",
        [("十四届七次全会", 14, 7, "plenary", False, "省委")],
    ),
    (
        "中国共产党四川省第十二届委员会第五次全体会议公报",
        [("第十二届委员会第五次全体会议", 12, 5, "plenary", False, "省委")],
    ),
    (
        "中国共产党广西壮族自治区第十二届委员会第八次全体会议在南宁召开",
        [("第十二届委员会第八次全体会议", 12, 8, "plenary", False, "自治区党委")],
    ),
    (
        "中共安吉县递铺镇第三届委员会第四次全体会议召开",
        [("第三届委员会第四次全体会议", 3, 4, "plenary", False, "镇党委")],
    ),
    ("十九届中央纪委四次全会工作报告", [("十九届中央纪委四次全会", 19, 4, "plenary", False, "中央纪委")]),
    ("省纪委十四届四次全会召开", [("十四届四次全会", 14, 4, "plenary", False, "省纪委")]),
    (
        "县委十四届五次全委(扩大)会议召开",
        [("十四届五次全委(扩大)会议", 14, 5, "plenary", True, "县委")],
    ),
    ("区委第7届第9次全体(扩大)会议", [("第7届第9次全体(扩大)会议", 7, 9, "plenary", True, "区委")]),
    ("区委第７届第９次全体会议", [("第７届第９次全体会议", 7, 9, "plenary", False, "区委")]),
    # party standing committees
    (
        "县委常委会2024年第8次会议研究部署防汛工作",
        [("第8次会议", None, 8, "standing-committee", False, "县委常委会")],
    ),
    (
        "十五届县委第120次常委会议传达学习省委全会精神",
        [("十五届县委第120次常委会议", 15, 120, "standing-committee", False, "县委常委会")],
    ),
    (
        "市委常委会召开第一百零五次(扩大)会议",
        [("第一百零五次(扩大)会议", None, 105, "standing-committee", True, "市委常委会")],
    ),
    # party congresses below the centre
    ("市第十三次党代会报告提出", [("第十三次党代会", None, 13, "congress", False, None)]),
    (
        "中国共产党杭州市第十三次代表大会胜利闭幕",
        [("第十三次代表大会", None, 13, "congress", False, "市委")],
    ),
    # people's congresses
    ("区十届人大三次会议隆重开幕", [("十届人大三次会议", 10, 3, "congress", False, "区人大")]),
    (
        "成都市第十八届人民代表大会第三次会议开幕",
        [("第十八届人民代表大会第三次会议", 18, 3, "congress", False, "市人大")],
    ),
    (
        "黔东南州十四届人大三次会议选举产生",
        [("十四届人大三次会议", 14, 3, "congress", False, "州人大")],
    ),
    ("十四届全国人大二次会议在人民大会堂开幕", [("十四届全国人大二次会议", 14, 2, "congress", False, "全国人大")]),
    (
        "第十四届全国人民代表大会第二次会议表决通过",
        [("第十四届全国人民代表大会第二次会议", 14, 2, "congress", False, "全国人大")],
    ),
    ("市人大十七届二次会议", [("十七届二次会议", 17, 2, "congress", False, "市人大")]),
    # people's congress standing committees
    (
        "十四届全国人大常委会第十次会议在北京闭幕",
        [("十四届全国人大常委会第十次会议", 14, 10, "standing-committee", False, "全国人大常委会")],
    ),
    (
        "湖南省第十四届人民代表大会常务委员会第十二次会议",
        [("第十四届人民代表大会常务委员会第十二次会议", 14, 12, "standing-committee", False, "省人大常委会")],
    ),
    (
        "市十六届人大常委会第二十次会议听取和审议了市政府关于的报告",
        [("十六届人大常委会第二十次会议", 16, 20, "standing-committee", False, "市人大常委会")],
    ),
    # the hard case: numbering split by a verb
    (
        "县人大常委会召开第十七次会议",
        [("第十七次会议", None, 17, "standing-committee", False, "县人大常委会")],
    ),
    ("区人大常委会第十九次会议表决通过", [("第十九次会议", None, 19, "standing-committee", False, "区人大常委会")]),
    ("常委会第十九次会议审议", [("第十九次会议", None, 19, "standing-committee", False, "常委会")]),
    # CPPCC
    ("政协十届三次会议胜利闭幕", [("十届三次会议", 10, 3, "plenary", False, "政协")]),
    ("区政协十届三次会议开幕", [("十届三次会议", 10, 3, "plenary", False, "区政协")]),
    ("全国政协十四届二次会议闭幕", [("十四届二次会议", 14, 2, "plenary", False, "全国政协")]),
    (
        "政协成都市第十五届委员会第三次会议开幕",
        [("第十五届委员会第三次会议", 15, 3, "plenary", False, "市政协")],
    ),
    (
        "中国人民政治协商会议第十四届全国委员会第二次会议",
        [("第十四届全国委员会第二次会议", 14, 2, "plenary", False, "全国政协")],
    ),
    (
        "政协浙江省第十三届委员会常务委员会第十九次会议",
        [("第十三届委员会常务委员会第十九次会议", 13, 19, "standing-committee", False, "省政协常委会")],
    ),
    # governments
    ("区政府第38次常务会议研究部署安全生产工作", [("第38次常务会议", None, 38, "executive", False, "区政府")]),
    ("市政府2024年第10次常务会议", [("第10次常务会议", None, 10, "executive", False, "市政府")]),
    ("国务院第一百次常务会议", [("第一百次常务会议", None, 100, "executive", False, "国务院")]),
    (
        "十六届市政府第38次常务会议",
        [("十六届市政府第38次常务会议", 16, 38, "executive", False, "市政府")],
    ),
    ("市政府召开第六次全体会议", [("第六次全体会议", None, 6, "plenary", False, "市政府")]),
    # chairs' and directors' meetings, commissions
    ("市人大常委会召开第38次主任会议", [("第38次主任会议", None, 38, "other", False, "市人大常委会")]),
    ("县政协召开十一届第15次主席会议", [("十一届第15次主席会议", 11, 15, "other", False, "县政协")]),
    (
        "市委全面深化改革委员会第五次会议",
        [("第五次会议", None, 5, "other", False, "市委全面深化改革委员会")],
    ),
    # coordinated ordinals without a term
    ("第五次、第六次全体会议", [("第五次、第六次全体会议", None, [5, 6], "plenary", False, None)]),
    ("二中和三中全会", [("二中和三中全会", None, [2, 3], "plenary", False, "党中央")]),
    # other organizations keep their own body
    ("共青团十九届二中全会", [("十九届二中全会", 19, 2, "plenary", False, "共青团")]),
    (
        "民盟第十三届中央委员会第二次全体会议",
        [("第十三届中央委员会第二次全体会议", 13, 2, "plenary", False, "民盟")],
    ),
    # web pages and county papers
    (
        "县委书记主持召开十二届县委常委会第57次会议",
        [("十二届县委常委会第57次会议", 12, 57, "standing-committee", False, "县委常委会")],
    ),
    (
        "县长主持召开十三届县委第32次常委会会议,传达学习中央政治局会议精神",
        [("十三届县委第32次常委会会议", 13, 32, "standing-committee", False, "县委常委会")],
    ),
    (
        "县委书记主持召开县委十六届第43次常委会议",
        [("十六届第43次常委会议", 16, 43, "standing-committee", False, "县委常委会")],
    ),
    (
        "市长主持召开市十八届人民政府第69次常务会议,研究经济运行工作",
        [("十八届人民政府第69次常务会议", 18, 69, "executive", False, "市政府")],
    ),
    (
        "已经二届市人民政府第93次常务会议通过",
        [("二届市人民政府第93次常务会议", 2, 93, "executive", False, "市政府")],
    ),
    (
        "研究了贯彻市人民政府第 41 次专题会议纪要精神",
        [("第 41 次专题会议", None, 41, "other", False, "市政府")],
    ),
    (
        "县政协十一届十八次常委会会议召开",
        [("十一届十八次常委会会议", 11, 18, "standing-committee", False, "县政协常委会")],
    ),
    (
        "关于召开政协第九届文成县委员会第三次会议的决定",
        [("第九届文成县委员会第三次会议", 9, 3, "plenary", False, "县政协")],
    ),
    (
        "中国人民政治协商会议松溪县第十一届委员会第五次会议",
        [("第十一届委员会第五次会议", 11, 5, "plenary", False, "县政协")],
    ),
    (
        "会议研究了县六次党代会有关情况,听取了县六届人大一次会议筹备工作情况汇报",
        [
            ("六次党代会", None, 6, "congress", False, None),
            ("六届人大一次会议", 6, 1, "congress", False, "县人大"),
        ],
    ),
    ("镇第十六次党代会隆重召开", [("第十六次党代会", None, 16, "congress", False, None)]),
    (
        "预祝中共玉屏镇第十六次代表大会圆满成功",
        [("第十六次代表大会", None, 16, "congress", False, "镇党委")],
    ),
    # 新一届 is not term 1
    (
        "新一届区委第一次全体会议选举产生区委常委",
        [("第一次全体会议", None, 1, "plenary", False, "区委")],
    ),
]


@pytest.mark.parametrize("text,expected", OTHER, ids=[c[0][:24] for c in OTHER])
def test_other_levels(text, expected):
    assert sessions(text) == expected


# --------------------------------------------------------------------------
# not sessions

NEGATIVES = [
    "第十七次",
    "这是第十七次提出这一要求",
    "先后三次深入基层调研",
    "召开三次会议专题研究",
    "深入实施后亚运“十大攀登行动”",  # 003
    "以八大商贸物流平台建设为切入",  # 000
    "坚定不移推动“七个方面工作”见行见效",  # 001
    "实施自贸试验区金义片区“六大提升”行动",  # 004
    "持续缩小“三大差距”",  # 004
    "为奋进“三大目标”谱写中国式现代化路桥篇章",  # 000
    "以三个“一号工程”为牵引,以“十个一”重大突破性项目为抓手",  # 001
    "2024年是新中国成立75周年,是实现“十四五”规划目标任务的关键一年",  # 002
    "高质量编制“十五五”规划是明年的一项重点工作",  # 002
    "系统性谋划了11项攻坚性改革、12个领域的重点改革任务",  # 000
    "这是我第一次来到嘉定",
    "全区第一次出现这种情况",
    "党的三大作风",
    "推进二十大重点项目建设",
    "打造十二大产业链",
    "第三届进博会",
    "第19届亚运会",
    "第七次全国人口普查",
    "第二次全国污染源普查",
    "四届区委",  # a term with no ordinal is a BODY
    "担任过区五届人大领导职务的在职领导同志",  # 000
    "省委、市委全会相继召开",  # 000: unnumbered
    "全会指出,今年以来",
    "暨区政府全体会议举行",  # 000: an unnumbered government plenary
    "传达学习全国两会精神",  # 004
    "攻坚三季度、冲刺四季度",  # 001
    "十九届历次全会",
    "第十十次会议",  # no number
    "先后召开了六次党代会",  # a count: no level before it
    "二〇二四届毕业生",
    "召开县委常委(扩大)会,传达省、市、县委常委会(扩大)会议精神",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_sessions(text):
    assert sessions(text) == []


# --------------------------------------------------------------------------
# extents in a longer text

def test_offsets_are_exact_and_ordered():
    text = "区委七届六次全体(扩大)会议暨区政府全体会议举行。全面落实省委十五届五次全会和市委六届六次全会部署。"
    found = find_sessions(text)
    assert [(m.start, m.end) for m in found] == [(2, 14), (31, 38), (41, 47)]
    assert [text[m.start : m.end] for m in found] == ["七届六次全体(扩大)会议", "十五届五次全会", "六届六次全会"]
    assert all(m.label == "SESSION" for m in found)
    assert all(set(m.attrs) == {"term", "ordinal", "meeting", "expanded", "body", "place"} for m in found)


def test_span_leaves_out_place_and_body_before_it():
    for text, span in [
        ("县十七届人大二次会议", "十七届人大二次会议"),
        ("区委七届六次全会", "七届六次全会"),
        ("中共嘉定区第七届委员会第九次全体会议", "第七届委员会第九次全体会议"),
        ("县人大常委会召开第十七次会议", "第十七次会议"),
        ("党的二十大", "二十大"),
    ]:
        (m,) = find_sessions(text)
        assert text[m.start : m.end] == span
        assert m.end == len(text)


def test_sessions_do_not_overlap():
    text = "十四届全国人大二次会议第二次全体会议"
    found = find_sessions(text)
    assert [text[m.start : m.end] for m in found] == ["十四届全国人大二次会议", "第二次全体会议"]
    assert found[0].end <= found[1].start


# --------------------------------------------------------------------------
# body with and without the caller's BODY matches

def test_body_from_bodies_wins_over_builtin_vocabulary():
    text = "嘉定区委七届六次全会"
    assert sessions(text)[0][5] == "区委"
    found = find_sessions(text, [body_at(text, "嘉定区委")])[0].attrs
    assert (found["body"], found["place"]) == ("区委", "嘉定区")


def test_body_only_the_caller_knows():
    text = "金华金义新区管委会第三次主任办公会议"
    assert sessions(text) == [("第三次主任办公会议", None, 3, "other", False, None)]
    assert sessions(text, [body_at(text, "金华金义新区管委会")]) == [
        ("第三次主任办公会议", None, 3, "other", False, "区管委会")
    ]
    assert find_sessions(text, [body_at(text, "金华金义新区管委会")])[0].attrs["place"] == "金华金义新区"


def test_body_across_verb_gap_from_bodies():
    text = "县人大常委会召开第十七次会议"
    assert sessions(text, [body_at(text, "县人大常委会")]) == [
        ("第十七次会议", None, 17, "standing-committee", False, "县人大常委会")
    ]


def test_party_prefix_body_combines_with_inner_committee():
    text = "近日,中共嘉定区第七届委员会第九次全体会议举行。"
    expected = [("第七届委员会第九次全体会议", 7, 9, "plenary", False, "区委")]
    assert sessions(text) == expected
    assert sessions(text, [body_at(text, "中共嘉定区")]) == expected


def test_non_adjacent_body_is_not_used():
    text = "区委书记指出,要深入学习十五届五次全会精神"
    assert sessions(text, [body_at(text, "区委")])[0][5] is None
    text = "市委召开全市领导干部会议,学习十五届五次全会精神"
    assert sessions(text, [body_at(text, "市委")])[0][5] is None


def test_central_session_takes_no_gap():
    text = "市委召开二十届三中全会精神宣讲会"
    assert sessions(text) == [("二十届三中全会", 20, 3, "plenary", False, "党中央")]
    assert sessions(text, [body_at(text, "市委")])[0][5] == "党中央"
    text = "区委召开七届六次全会"
    assert sessions(text)[0][5] == "区委"


def test_dang_de_is_not_a_gap():
    text = "区委党的二十大精神宣讲"
    assert sessions(text, [body_at(text, "区委")])[0][5] == "党中央"


def test_other_labels_in_bodies_are_ignored():
    text = "金华金义新区管委会第三次主任办公会议"
    title = RuleMatch(0, 9, "TITLE", {})
    assert sessions(text, [title])[0][5] is None


def test_bodies_in_the_seed_report_change_nothing_for_common_cases():
    text = "8月4日上午,区委五届四次全体会议举行。按照省委十五届三次全会和市委八届四次全会部署要求"
    bodies = [body_at(text, "区委"), body_at(text, "省委"), body_at(text, "市委")]
    assert sessions(text, bodies) == sessions(text)


# --------------------------------------------------------------------------
# numbers, vocabulary, speed

@pytest.mark.parametrize(
    "numeral,value",
    [
        ("二十", 20),
        ("十五", 15),
        ("两", 2),
        ("九十九", 99),
        ("一百零五", 105),
        ("7", 7),
        ("３８", 38),
        ("第七", 7),
        ("第 32 ", 32),
        ("十十", None),
    ],
)
def test_parse_number(numeral, value):
    assert parse_number(numeral) == value


def test_vocabulary_kinds_are_closed():
    voc = vocabulary()
    nouns = {k: v for k, v in voc["meeting_nouns"].items() if not k.startswith("_")}
    assert set(nouns.values()) <= KINDS | {"by-body"}
    assert {r["meeting"] for r in voc["meeting_by_body"]["rules"]} <= KINDS
    assert voc["meeting_by_body"]["default"] in KINDS


def test_fast_enough_for_thousands_of_reports():
    paragraph = (
        "全会深入学习贯彻党的二十届三中全会精神,全面落实省委十五届五次全会和市委六届六次全会系列决策部署,"
        "聚焦民营经济创新发展,以八大商贸物流平台建设为切入,推动“十大攀登行动”,2024年是“十四五”关键一年。"
    )
    text = (paragraph * (10_000 // len(paragraph) + 1))[:10_000]
    find_sessions(text)
    t0 = time.perf_counter()
    for _ in range(100):
        find_sessions(text)
    assert time.perf_counter() - t0 < 5.0  # 100 reports of 10k characters


# --------------------------------------------------------------------------
# the gold corpus: every gold SESSION, with its attributes

def _gold():
    from conftest import seed_gold

    return seed_gold()


@pytest.mark.parametrize("with_bodies", [False, True])
def test_gold_sessions(with_bodies):
    from meeting_nlp import normalize

    for report in _gold():
        norm = normalize(report["text"])
        text = norm.text
        span = lambda s: norm.normalized_span(s["start"], s["end"])  # noqa: E731
        gold = {span(s): s["attrs"] for s in report["spans"] if s["label"] == "SESSION"}
        documents = [span(s) for s in report["spans"] if s["label"] == "DOCUMENT"]
        bodies = [RuleMatch(*span(s), "BODY") for s in report["spans"] if s["label"] == "BODY"] if with_bodies else ()
        found = {(m.start, m.end): m.attrs for m in find_sessions(text, bodies)}
        for key, attrs in gold.items():
            got = {name: (found.get(key) or {}).get(name) for name in attrs}
            assert got == attrs, (report["id"], text[key[0] : key[1]])
        for key in set(found) - set(gold):  # only inside a DOCUMENT title, where the outer span wins
            assert any(a <= key[0] and key[1] <= b for a, b in documents), (report["id"], text[key[0] : key[1]])


def test_standing_committee_meeting_belongs_to_the_standing_committee():
    text = "市政协十届十六次常委会议召开"
    found = find_sessions(text)
    assert [m.attrs["body"] for m in found] == ["市政协常委会"]
    text = "十一届县委常委会第42次会议"
    assert [m.attrs["body"] for m in find_sessions(text)] == ["县委常委会"]
