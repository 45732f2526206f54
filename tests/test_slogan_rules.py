"""SLOGAN rules (meeting_nlp/rules/slogans.py): the lexicon and quoted formulas.

Sentences marked with a report number are quoted from corpus/raw (002-004
converted to simplified by hand, as the rules see them after normalization);
the others are written in the style of reports from other places and levels.
"""
from __future__ import annotations

import json
from collections import Counter

import pytest

from meeting_nlp.rules.base import RuleMatch
from meeting_nlp.rules.slogans import (
    CATEGORIES,
    SCOPES,
    LexiconError,
    find_quoted_formulas,
    is_formula_shape,
    lexicon_surfaces,
    load_lexicon,
)


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def quoted(text, known=None):
    """The canonical forms the pattern finds, in text order."""
    return [m.attrs["canonical"] for m in find_quoted_formulas(text, known)]


# --------------------------------------------------------------------------
# the shipped lexicon


def test_lexicon_size_and_closed_vocabularies(lexicon):
    assert len(lexicon) >= 300
    assert {e["category"] for e in lexicon} <= set(CATEGORIES)
    assert {e["scope"] for e in lexicon} <= set(SCOPES)
    # every category is used, and local formulas are well represented
    assert set(Counter(e["category"] for e in lexicon)) == set(CATEGORIES)
    assert sum(e["scope"] != "national" for e in lexicon) >= 80


def test_lexicon_surfaces_are_unique(lexicon):
    canonicals = [e["canonical"] for e in lexicon]
    assert len(canonicals) == len(set(canonicals))
    surfaces = [s for e in lexicon for s in [e["canonical"], *e["variants"]]]
    assert len(surfaces) == len(set(surfaces))


def test_lexicon_surfaces_are_normalized_simplified(lexicon):
    """Rules see normalized text, so a surface that normalization changes could never match."""
    from meeting_nlp import normalize

    for entry in lexicon:
        for surface in [entry["canonical"], *entry["variants"]]:
            assert normalize(surface).text == surface, surface
            assert not set(surface) & set("“”‘’\"'"), surface


def test_lexicon_file_is_plain_utf8_jsonl():
    from importlib import resources

    raw = resources.files("meeting_nlp").joinpath("resources/slogans.jsonl").read_text(encoding="utf-8")
    assert "\\u" not in raw  # ensure_ascii=False: the file stays readable
    for line in raw.splitlines():
        assert list(json.loads(line)) == ["canonical", "category", "variants", "scope", "note"]


POLICY_EXAMPLES = [
    "两个确立", "两个维护", "四个意识", "四个自信", "五位一体", "四个全面", "七优享", "一号工程",
    "八八战略", "习近平新时代中国特色社会主义思想", "习近平文化思想", "中国式现代化", "新质生产力",
    "全过程人民民主", "稳中求进工作总基调", "新发展格局", "一带一路", "十四五", "十五五",
    "创改开", "四千精神", "三管三必须", "民呼我为",
]


@pytest.mark.parametrize("canonical", POLICY_EXAMPLES)
def test_policy_examples_are_in_the_lexicon(lexicon, canonical):
    assert canonical in {e["canonical"] for e in lexicon}


@pytest.mark.parametrize(
    "word",
    ["发展", "改革", "高质量发展", "共同富裕", "营商环境", "乡村振兴", "全面深化改革",
     "科技创新", "党建引领", "腾笼换鸟", "亲清政商关系", "长三角一体化发展", "重要窗口"],
)
def test_ordinary_policy_nouns_are_not_in_the_lexicon(lexicon, word):
    """A lexicon surface matches anywhere, so ordinary nouns would be false positives."""
    assert word not in lexicon_surfaces(lexicon)


def test_variants_map_to_their_canonical(lexicon):
    table = lexicon_surfaces(lexicon)
    assert table["两山理念"] == "绿水青山就是金山银山"
    assert table["三个代表"] == "三个代表重要思想"
    assert table["千村示范、万村整治"] == "千万工程"
    assert table["两个确立"] == "两个确立"


# --------------------------------------------------------------------------
# validation errors name the file and line


GOOD = '{"canonical": "两个确立", "category": "political-line", "variants": [], "scope": "national", "note": "x"}'


@pytest.mark.parametrize(
    "second,message",
    [
        ('{"canonical": "两个确立", "category": "strategy", "variants": [], "scope": "national", "note": "x"}',
         "already belongs to '两个确立'"),
        ('{"canonical": "两个维护", "category": "slogan", "variants": [], "scope": "national", "note": "x"}',
         "category 'slogan'"),
        ('{"canonical": "两个维护", "category": "strategy", "variants": [], "scope": "county", "note": "x"}',
         "scope 'county'"),
        ('{"canonical": "两个维护", "category": "strategy", "variants": [], "scope": "national"}',
         "missing ['note']"),
        ('{"canonical": "“两个维护”", "category": "strategy", "variants": [], "scope": "national", "note": "x"}',
         "quote marks"),
        ('{"canonical": "两个维护", "category": "strategy", "variants": "两维", "scope": "national", "note": "x"}',
         "variants must be a list"),
        ('{"canonical": "两个维护", "category": "strategy", "variants": ["两个确立"], "scope": "national", "note": "x"}',
         "already belongs to '两个确立'"),
        ('{"canonical": "两个维护", ', "not valid JSON"),
    ],
)
def test_bad_lexicon_lines_are_reported(tmp_path, second, message):
    path = tmp_path / "slogans.jsonl"
    path.write_text(GOOD + "\n" + second + "\n", encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_lexicon(path)
    assert f"{path}:2" in str(err.value)
    assert message in str(err.value)


def test_a_valid_custom_lexicon_loads(tmp_path):
    path = tmp_path / "slogans.jsonl"
    path.write_text(GOOD + "\n\n", encoding="utf-8")
    assert [e["canonical"] for e in load_lexicon(path)] == ["两个确立"]


# --------------------------------------------------------------------------
# quoted formulas that the pattern finds

FOUND = [
    # 000
    ("以项目攻坚突破年“双提双进”行动为主抓手", ["双提双进"]),
    ("为奋进“三大目标”谱写中国式现代化路桥篇章提供强劲动力", ["三大目标"]),
    # 001
    ("以“十个一”重大突破性项目为抓手", ["十个一"]),
    ("坚定不移推动“七个方面工作”见行见效", ["七个方面工作"]),
    ("要突出“三条先行路径”抓落实", ["三条先行路径"]),
    ("回答好“发展四问”,新区别无选择、也没有捷径", ["发展四问"]),
    ("坚定不移奏响“大干快上、以干促上、实干至上”新区强音", ["大干快上、以干促上、实干至上"]),
    ("奋力谱写“打造浙中增长极、建设未来新中心”的精彩华章", ["打造浙中增长极、建设未来新中心"]),
    # 002
    ("“双引擎”建设持续高热度、快节奏推进", ["双引擎"]),
    ("深入践行人民城市和全过程人民民主“两大理念”,深化融合型党建、融合型网格、融合型服务“三个融合”,"
     "坚决守牢民生、安全和稳定“三条底线”", ["两大理念", "三个融合", "三条底线"]),
    # 003
    ("动员全区上下坚持“深化改革、强基固本”,持续推动高质量创新驱动发展", ["深化改革、强基固本"]),
    ("为“建设天堂硅谷、打造硅谷天堂”注入强劲动能", ["建设天堂硅谷、打造硅谷天堂"]),
    ("提出了“四个引领”的总体要求", ["四个引领"]),
    ("贯通用好“创新、改革、开放”的路径方法", ["创新、改革、开放"]),
    ("深入实施后亚运“十大攀登行动”", ["十大攀登行动"]),
    # 004
    ("全面加强“三支队伍”建设", ["三支队伍"]),
    ("实施自贸试验区金义片区“六大提升”行动", ["六大提升"]),
    ("持续缩小“三大差距”,不断增强群众获得感幸福感安全感", ["三大差距"]),
    ("深入开展平安建设基层基础提升“四基行动”", ["四基行动"]),
    # written in the style of other reports
    ("全面落实“8+4”经济政策体系,迭代完善“152”工作体系", ["8+4", "152"]),
    ("扎实推进“万企兴万村”行动,落实“一企一策”精准帮扶", ["万企兴万村", "一企一策"]),
    ("全面推行“一件事”集成改革", ["一件事"]),
    ("出台“科创十条”和“民营经济31条”", ["科创十条", "民营经济31条"]),
    ("深入实施“领雁工程”,打造“党建+”服务品牌", ["领雁工程", "党建+"]),
    ("县委提出“三抓三促”行动,推动“两带一区”建设提速", ["三抓三促", "两带一区"]),
    ('市委部署"六大行动",全力冲刺', ["六大行动"]),
    ("会议强调,要把“三高三新”战略部署落到实处", ["三高三新"]),
    ("践行“三立三进三突围”新时代发展路径", ["三立三进三突围"]),
]


@pytest.mark.parametrize("text,expected", FOUND, ids=[c[0][:16] for c in FOUND])
def test_quoted_formulas_are_found(text, expected):
    assert quoted(text) == expected


def test_nested_quotes_give_the_inner_formula():
    text = "会议要求“坚决落实‘三个一批’,确保见效”"
    assert quoted(text) == ["三个一批"]


def test_offsets_are_inside_the_quotes():
    text = "以“十个一”重大突破性项目为抓手,深化“四基行动”"
    matches = find_quoted_formulas(text)
    assert [m.text(text) for m in matches] == ["十个一", "四基行动"]
    for m in matches:
        assert isinstance(m, RuleMatch) and m.label == "SLOGAN"
        assert text[m.start - 1] == "“" and text[m.end] == "”"
        assert m.attrs == {"canonical": m.text(text), "source": "pattern"}


def test_lexicon_formulas_are_left_to_the_lexicon():
    text = "坚定捍卫“两个确立”、坚决做到“两个维护”,优化民生“七优享”制度体系,聚焦“创改开”"
    assert quoted(text) == []
    # with no lexicon the same quotes are judged by shape alone
    assert quoted(text, known=()) == ["两个确立", "两个维护", "七优享"]


# --------------------------------------------------------------------------
# quotes that are speech, metaphors, proverbs, descriptions

REJECTED = [
    # 000
    "为奋进“改革是航向标”,深刻认识到“改革是传家宝”“改革是路和桥”",
    "为我们提供了过河的“船”与“桥”",
    "吹响了以“浙江之窗”展现中国改革大美画卷的进军号",
    "全力构建“再突破、再提升、再上新台阶”的目标体系、工作体系",
    # 001
    "必须战略前瞻、放眼长远,涵养“示范引领”的胸怀;必须追求卓越、永争一流,树立“示范引领”的标准",
    "奋力夺取“全年红”“满堂红”",
    # 002
    "拿出“奋力一跳”的精气神,以“时时放心不下”的责任感和“时不我待、只争朝夕”的紧迫感",
    "围绕抓好“扩增量”“稳存量”“抓流量”,持续巩固扩大经济回升向好态势",
    # 003
    "以开放提升的更高标准实现“亚运核心”的“精彩蝶变”",
    "进一步强化“大局有良机、大业有根基”的导向",
    "推动城市建设“精明增长”、城市管养“精细治理”、城市文化“精彩纷呈”",
    "不断提升“春江水暖鸭先知”的洞察力、“快马加鞭未下鞍”的执行力、“不破楼兰终不还”的攻坚力",
    "保持“拼”的意识、“抢”的状态、“实”的作风",
    # 004
    "吹响“进”的号角、贯彻“实”的要求、坚持“严”的基调",
    "深入实施婺商“领头雁”培育提升行动",
    "保持“开局就奔跑、起步就跃进”劲头,奋力夺取一季度“开门红”",
    # written in the style of other reports
    "坚决防止“一刀切”和“层层加码”,避免“两张皮”",
    "提供“一条龙服务”,冲刺“四季度”,谋划“2035”远景目标,畅通“12345”热线和“110”报警",
    "书记说:“我们一定要把三大任务落实好。”",
    "村民笑言“三天两头往村里跑”",
    "正如诗中所写“两个黄鹂鸣翠柳”,又如“一年之计在于春”,浙江“七山一水两分田”",
    "五一假期前,“双十一”和“五一”消费火热",
    "要发扬“钉钉子”的作风,树牢“一盘棋”意识",
    "他用“Made in China”作比,又问“怎么办?”",
]


@pytest.mark.parametrize("text", REJECTED, ids=[t[:16] for t in REJECTED])
def test_speech_metaphors_and_proverbs_are_rejected(text):
    assert quoted(text) == []


@pytest.mark.parametrize(
    "inside,after,expected",
    [
        ("创新、改革、开放", "的路径方法", True),
        ("时不我待、只争朝夕", "的紧迫感", False),
        ("凤凰行动", "计划", True),
        ("敢为人先精神", "", True),
        ("干部敢为、地方敢闯、企业敢干、群众敢首创", "", True),  # the last member may be one longer
        ("再突破、再提升、再上新台阶", "", False),
        ("十四五", "", True),
        ("三三两两", "", False),
        ("双循环", "", True),
        ("三季度", "", False),
    ],
)
def test_shape_rules(inside, after, expected):
    assert is_formula_shape(inside, after) is expected


# --------------------------------------------------------------------------
# whole reports: exactly the coined formulas, and no metaphor or speech

REPORT_PATTERN_FINDS = {
    "000": ["三大目标", "双提双进", "三大目标"],
    "001": ["十个一", "七个方面工作", "三条先行路径", "发展四问",
            "大干快上、以干促上、实干至上", "打造浙中增长极、建设未来新中心"],
    "002": ["双引擎", "两大理念", "三个融合", "三条底线"],
    "003": ["深化改革、强基固本", "建设天堂硅谷、打造硅谷天堂", "四个引领", "创新、改革、开放", "十大攀登行动"],
    "004": ["三支队伍", "六大提升", "三大差距", "四基行动"],
}


@pytest.mark.parametrize("prefix", sorted(REPORT_PATTERN_FINDS))
def test_whole_reports(seeds, prefix):
    from meeting_nlp import normalize

    text = normalize(seeds[prefix]).text
    expected = REPORT_PATTERN_FINDS[prefix]
    assert sorted(quoted(text)) == sorted(expected)
