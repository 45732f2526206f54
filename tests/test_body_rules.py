"""BODY grammar (meeting_nlp.rules.bodies) on report sentences.

Sentences quoted from the five bundled reports are given here in simplified
script, converted by hand; the others are written in the style of reports
from other provinces and levels. Each case lists every body the function must
return, in text order, as (text, kind, level).
"""
from __future__ import annotations

import json
from importlib import resources

import pytest

from meeting_nlp.rules.base import RuleMatch
from meeting_nlp.rules.bodies import KINDS, LEVELS, find_bodies


def bodies(text):
    found = find_bodies(text)
    for m in found:
        assert isinstance(m, RuleMatch) and m.label == "BODY"
        assert set(m.attrs) == {"kind", "level", "canonical", "place"}
    return [(text[m.start : m.end], m.attrs["kind"], m.attrs["level"]) for m in found]


PC, PSC, GOV = "party-committee", "party-standing-committee", "government"
CON, CONSC, CPPCC = "congress", "congress-standing-committee", "cppcc"
DISC, SUP, PROC, COURT = "discipline", "supervision", "procuratorate", "court"
MIL, OFFICE, OTHER = "military", "party-office", "other"
C, P, M, CO, T = "central", "provincial", "municipal", "county", "township"


# ---------------------------------------------------------------- the scheme

SCHEME = [
    ("党中央", [("党中央", PC, C)]),
    ("省委", [("省委", PC, P)]),
    ("市委", [("市委", PC, M)]),
    ("区委", [("区委", PC, CO)]),
    ("区委常委会", [("区委常委会", PSC, CO)]),
    ("区政府", [("区政府", GOV, CO)]),
    ("区人大常委会", [("区人大常委会", CONSC, CO)]),
    ("区政协", [("区政协", CPPCC, CO)]),
    ("区纪委", [("区纪委", DISC, CO)]),
    ("区监委", [("区监委", SUP, CO)]),
    ("区人民检察院", [("区人民检察院", PROC, CO)]),
    ("区委办", [("区委办", OFFICE, CO)]),
    ("金华金义新区管委会", [("金华金义新区管委会", OTHER, None)]),
    # party-name prefixes are bodies; a place right after them belongs to them
    ("中共无锡市锡山区第十届委员会第五次全体会议", [("中共无锡市锡山区", PC, CO)]),
    ("中国共产党成立103周年", [("中国共产党", PC, "central")]),
    ("近日,中共嘉定区第七届委员会第九次全体会议举行。", [("中共嘉定区", PC, CO)]),
    # a term before a body belongs to it
    ("四届区委", [("四届区委", PC, CO)]),
    ("按照十二届市委六次全会部署要求", [("十二届市委", PC, M)]),
    # shared heads
    ("省市委", [("省市委", PC, None)]),
    ("省、市委全会相继召开", [("省、市委", PC, None)]),
    ("县人大、政协", [("县人大", CON, CO), ("政协", CPPCC, CO)]),
    # bodies inside meeting and room names
    ("全面落实中央经济工作会议精神", [("中央", PC, C)]),
    ("在区委常委会议室召开", [("区委", PC, CO)]),
    ("县委常委会议", [("县委", PC, CO)]),
]


@pytest.mark.parametrize("text,expected", SCHEME, ids=[t for t, _ in SCHEME])
def test_scheme_examples(text, expected):
    assert bodies(text) == expected


# --------------------------------------------------- the five bundled reports

REPORTS = [
    (
        "区委七届六次全体(扩大)会议暨区政府全体会议举行",
        [("区委", PC, CO), ("区政府", GOV, CO)],
    ),
    (
        "区委常委会主持会议。区委书记潘崇敏代表区委常委会向全会作报告。",
        [("区委常委会", PSC, CO), ("区委", PC, CO), ("区委常委会", PSC, CO)],
    ),
    (
        "全会指出,今年以来,区委常委会紧紧围绕党中央和省委、市委系列决策部署",
        [("区委常委会", PSC, CO), ("党中央", PC, C), ("省委", PC, P), ("市委", PC, M)],
    ),
    (
        "全面落实省委十五届五次全会和市委六届六次全会系列决策部署",
        [("省委", PC, P), ("市委", PC, M)],
    ),
    (
        "全区各级党组织和广大党员干部要深刻认识党的二十届三中全会的重大意义",
        [],
    ),
    (
        "区委委员;不是区委委员的区人大常委会、区政府、区政协领导班子成员,"
        "担任过区五届人大领导职务的在职领导同志,区人民检察院检察长;"
        "担任过区级领导的离退休干部;区纪委委员;区级机关各单位主要负责人;"
        "各镇(街道)党政主要负责人;区人大常委会各工委主任、专职委员,"
        "区政协各专委会主任、专职常委;区级各民主党派主要负责人;"
        "部分区党代会代表、区人大代表、区政协委员和企业代表等参加会议。",
        [
            ("区委", PC, CO), ("区委", PC, CO), ("区人大常委会", CONSC, CO),
            ("区政府", GOV, CO), ("区政协", CPPCC, CO), ("区五届人大", CON, CO),
            ("区人民检察院", PROC, CO), ("区纪委", DISC, CO), ("区人大常委会", CONSC, CO),
            ("区政协", CPPCC, CO), ("区党代会", OTHER, CO), ("区人大", CON, CO),
            ("区政协", CPPCC, CO),
        ],
    ),
    ("发布机构: 金东区人民政府", [("金东区人民政府", GOV, CO)]),
    (
        "审议通过《中国共产党金华市金东区第五届委员会第四次全体会议关于的决议》",
        [("中国共产党金华市金东区", PC, CO)],
    ),
    (
        "金华金义新区管委会主任、金东区委书记黄国钧讲话",
        [("金华金义新区管委会", OTHER, None), ("金东区委", PC, CO)],
    ),
    ("20年来,历届区委牢记习近平总书记的殷殷嘱托", [("区委", PC, CO)]),
    (
        "不是区委委员的副县级以上领导干部,区纪委委员、区监委委员,各乡镇(街道)党政主要负责人、"
        "纪(工)委书记,区直单位和在金省市属单位主要负责人,区级各民主党派、工商联负责人",
        [("区委", PC, CO), ("区纪委", DISC, CO), ("区监委", SUP, CO)],
    ),
    ("全会由区委常委会主持。", [("区委常委会", PSC, CO)]),
    ("全区上下坚决贯彻中央、市委决策部署", [("中央", PC, C), ("市委", PC, M)]),
    (
        "全会审议通过《中国共产党上海市嘉定区第七届委员会第九次全体会议决议》。",
        [("中国共产党上海市嘉定区", PC, CO)],
    ),
    (
        "一步一个脚印把党中央和省市区委作出的重大决策部署付诸行动",
        [("党中央", PC, C), ("省市区委", PC, None)],
    ),
    ("11月,市委市政府印发了实施意见", [("市委", PC, M), ("市政府", GOV, M)]),
    (
        "全面贯彻落实中央和省委、市委经济工作会议精神",
        [("中央", PC, C), ("省委", PC, P), ("市委", PC, M)],
    ),
    (
        "市委主题教育第五巡回督导组有关成员,区纪委委员、监委委员,区人武部部长",
        [
            ("市委主题教育第五巡回督导组", OTHER, M), ("区纪委", DISC, CO),
            ("监委", SUP, CO), ("区人武部", MIL, CO),
        ],
    ),
    ("来源/区委办", [("区委办", OFFICE, CO)]),
    ("3月12日下午,市委召开全市领导干部会议", [("市委", PC, M)]),
    ("要加强人大政协工作,进一步密切人大代表和政协委员与人民群众的联系", []),
    (
        "各县(市、区)党政主要负责人,金华开发区党工委主要负责人,市直属各单位主要负责人,"
        "各民主党派市委会、市工商联主要负责人",
        [("金华开发区党工委", PC, None)],
    ),
]


@pytest.mark.parametrize("text,expected", REPORTS, ids=[t[:16] for t, _ in REPORTS])
def test_report_sentences(text, expected):
    assert bodies(text) == expected


# ------------------------------------------------- other provinces and levels

ELSEWHERE = [
    # provincial: formal party name, autonomous regions, municipalities
    (
        "中国共产党云南省第十一届委员会第六次全体会议,于2024年7月30日在昆明举行。全会由省委常委会主持。",
        [("中国共产党云南省", PC, P), ("省委常委会", PSC, P)],
    ),
    ("广西壮族自治区党委书记", [("广西壮族自治区党委", PC, P)]),
    ("新疆维吾尔自治区党委常委会", [("新疆维吾尔自治区党委常委会", PSC, P)]),
    ("中共北京市委、北京市人民政府", [("中共北京市委", PC, P), ("北京市人民政府", GOV, P)]),
    ("中共重庆市璧山区委员会", [("中共重庆市璧山区委员会", PC, CO)]),
    ("中共天水市秦安县委", [("中共天水市秦安县委", PC, CO)]),
    ("湖南省长沙市委", [("湖南省长沙市委", PC, M)]),
    ("恩施州委、州政府", [("恩施州委", PC, M), ("州政府", GOV, M)]),
    ("锡林郭勒盟委", [("锡林郭勒盟委", PC, M)]),
    ("鄂托克旗委书记", [("鄂托克旗委", PC, CO)]),
    ("义乌市委", [("义乌市委", PC, CO)]),
    # two-character counties: only where the name is closed
    ("萧县县委主要负责同志", [("萧县县委", PC, CO)]),
    ("安徽省和县委", [("安徽省和县委", PC, CO)]),
    ("中共和县县委", [("中共和县县委", PC, CO)]),
    ("市委和县委", [("市委", PC, M), ("县委", PC, CO)]),
    ("新县委书记到任", [("县委", PC, CO)]),
    # congress and CPPCC
    ("县十八届人大常委会召开第十九次会议", [("县十八届人大常委会", CONSC, CO)]),
    ("县十七届人大二次会议", []),
    ("县人大常委会召开第十七次会议", [("县人大常委会", CONSC, CO)]),
    ("政协杭州市委员会", [("政协杭州市委员会", CPPCC, M)]),
    ("政协杭州市第十二届委员会第三次会议", [("政协杭州市", CPPCC, M)]),
    ("全国人大常委会、全国政协", [("全国人大常委会", CONSC, C), ("全国政协", CPPCC, C)]),
    ("镇人大主席团", [("镇人大主席团", CON, T)]),
    # discipline and supervision
    ("县纪委监委", [("县纪委", DISC, CO), ("监委", SUP, CO)]),
    ("市纪委常委会", [("市纪委常委会", DISC, M)]),
    ("中央纪委国家监委", [("中央纪委", DISC, C), ("国家监委", SUP, C)]),
    ("中共绍兴市第九届纪律检查委员会第四次全体会议", [("中共绍兴市", PC, M)]),
    # courts, procuratorates, the military
    ("市中级人民法院、市人民检察院", [("市中级人民法院", COURT, M), ("市人民检察院", PROC, M)]),
    ("省高院、县法院、县检察院", [("省高院", COURT, P), ("县法院", COURT, CO), ("县检察院", PROC, CO)]),
    ("最高人民法院、最高人民检察院", [("最高人民法院", COURT, C), ("最高人民检察院", PROC, C)]),
    ("金华军分区、县人武部", [("金华军分区", MIL, M), ("县人武部", MIL, CO)]),
    ("中央军委", [("中央军委", MIL, C)]),
    # central organs
    ("中共中央、国务院印发", [("中共中央", PC, C), ("国务院", GOV, C)]),
    ("中共中央办公厅、国务院办公厅", [("中共中央办公厅", OFFICE, C), ("国务院办公厅", OTHER, C)]),
    ("中央政治局常委会", [("中央政治局常委会", PSC, C)]),
    ("中央第三生态环境保护督察组", [("中央第三生态环境保护督察组", OTHER, C)]),
    ("省委第二巡视组", [("省委第二巡视组", OTHER, P)]),
    ("落实中央八项规定精神", [("中央", PC, C)]),
    # party offices and government departments
    ("县委组织部、县委宣传部、市委政法委", [("县委组织部", OFFICE, CO), ("县委宣传部", OFFICE, CO), ("市委政法委", OFFICE, M)]),
    ("区政府办公室、区发改局、区财政局", [("区政府办公室", OTHER, CO), ("区发改局", OTHER, CO), ("区财政局", OTHER, CO)]),
    # township level
    ("镇党委、镇政府", [("镇党委", PC, T), ("镇政府", GOV, T)]),
    ("中共城关镇委员会", [("中共城关镇委员会", PC, T)]),
    ("城关镇镇党委", [("城关镇镇党委", PC, T)]),
    ("拱宸桥街道党工委", [("拱宸桥街道党工委", PC, T)]),
    ("街道办事处", [("街道办事处", GOV, T)]),
    ("镇委书记", [("镇委", PC, T)]),
    # development zones
    ("杭州高新区管委会", [("杭州高新区管委会", OTHER, None)]),
    ("经开区党工委", [("经开区党工委", PC, None)]),
    # a committee of a party committee keeps only the party committee
    ("区委全面依法治区委员会", [("区委", PC, CO)]),
]


@pytest.mark.parametrize("text,expected", ELSEWHERE, ids=[t[:16] for t, _ in ELSEWHERE])
def test_other_provinces_and_levels(text, expected):
    assert bodies(text) == expected


# ------------------------------------------------------------------ negatives

NOT_BODIES = [
    "全区各级党组织",
    "各民主党派主要负责人",
    "各民主党派市委会",
    "市工商联",
    "全国两会",
    "党的二十大",
    "党的建设",
    "中共党员",
    "区四套班子领导",
    "高新区(滨江)坚定不移推动高质量创新驱动发展",
    "社区党委",
    "乡镇党委书记",
    "全市乡镇党委",
    "各区县政府",
    "学院党委书记、院长",
    "创新政府和社会资本合作模式",
    "中央商务区",
    "中央企业",
    "园区党委",
    "城乡融合",
    "全县上下",
]


@pytest.mark.parametrize("text", NOT_BODIES)
def test_generic_groups_are_not_bodies(text):
    assert bodies(text) == []


# ------------------------------------------------------------------- contract


def test_results_are_sorted_and_disjoint():
    text = "党中央和省委、市委,区委常委会,县人大、政协,中共无锡市锡山区委员会"
    found = find_bodies(text)
    assert found == sorted(found, key=lambda m: m.start)
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start


def test_attrs_use_the_closed_vocabularies():
    text = (
        "党中央、国务院、全国人大常委会、全国政协、中央纪委、国家监委、中央军委,"
        "省委、省政府、省人大常委会、省政协、省纪委、省监委、省高院、省人民检察院,"
        "市委常委会、市委办、市人武部、金华开发区党工委、街道党工委、镇人大"
    )
    found = find_bodies(text)
    assert len(found) >= 20
    for m in found:
        assert m.attrs["kind"] in KINDS
        assert m.attrs["level"] in LEVELS or m.attrs["level"] is None


def test_empty_and_plain_text():
    assert find_bodies("") == []
    assert find_bodies("会议强调,要坚持稳中求进工作总基调。") == []


def test_vocabulary_is_data():
    voc = json.loads(resources.files("meeting_nlp").joinpath("resources/bodies.json").read_text("utf-8"))
    for key in ("organs", "levels", "central", "party_prefixes", "places"):
        assert voc[key]
    assert set(voc["levels"].values()) <= set(LEVELS)
    assert {spec["kind"] for spec in voc["organs"].values()} <= set(KINDS)
    assert {spec["kind"] for spec in voc["central"].values()} <= set(KINDS)
    assert "金东区" in voc["places"]["county"] and "浙江省" in voc["places"]["provincial"]


def test_own_grammar():
    from meeting_nlp.rules.bodies import compile_grammar

    voc = json.loads(resources.files("meeting_nlp").joinpath("resources/bodies.json").read_text("utf-8"))
    voc["organs"]["委网络安全和信息化委员会办公室"] = {"kind": "party-office"}
    own = compile_grammar(voc)
    text = "区委网络安全和信息化委员会办公室"
    assert bodies(text) == [("区委", PC, CO)]
    assert [(m.start, m.end, m.attrs["kind"]) for m in find_bodies(text, own)] == [(0, len(text), OFFICE)]


def test_long_text_is_linear():
    """Thousands of reports: no per-character Python loops over the whole text."""
    import time

    text = ("区委书记潘崇敏代表区委常委会向全会作报告,党中央和省委、市委决策部署。" * 300)[:10000]
    find_bodies(text)
    start = time.perf_counter()
    for _ in range(5):
        find_bodies(text)
    assert (time.perf_counter() - start) / 5 < 0.2
