"""TITLE and PERSON grammar (meeting_nlp.rules.officials) on report sentences.

Sentences quoted from the five bundled reports are given in simplified script,
converted by hand (no-break spaces as plain spaces, as the normalized form
has them); the others are written in the style of reports from other
provinces and levels.

``officials(text)`` gives ``(titles, persons)``: TITLE strings in text order,
and for each PERSON ``(name, role, [title strings])``.
"""
from __future__ import annotations

import json
from importlib import resources

import pytest

from meeting_nlp.rules.base import RuleMatch
from meeting_nlp.rules.officials import ROLES, find_officials, find_persons, find_titles


def officials(text):
    titles = find_titles(text)
    persons = find_persons(text)
    for m in titles:
        assert isinstance(m, RuleMatch) and m.label == "TITLE" and m.attrs == {}
    title_spans = {(t.start, t.end) for t in titles}
    out = []
    for p in persons:
        assert p.label == "PERSON" and set(p.attrs) == {"titles", "role"}
        assert p.attrs["role"] in ROLES or p.attrs["role"] is None
        for start, end in p.attrs["titles"]:
            assert (start, end) in title_spans
        out.append((text[p.start : p.end], p.attrs["role"], [text[a:b] for a, b in p.attrs["titles"]]))
    return [text[t.start : t.end] for t in titles], out


# ---------------------------------------------------------------- the scheme


def test_title_then_name():
    assert officials("区委书记潘崇敏代表区委常委会向全会作报告。") == (
        ["区委书记"],
        [("潘崇敏", "reported", ["区委书记"])],
    )


def test_two_titles_joined_by_dunhao_are_two_spans():
    assert officials("区委副书记、代区长戴勇出席会议。") == (
        ["区委副书记", "代区长"],
        [("戴勇", "attended", ["区委副书记", "代区长"])],
    )


def test_titles_joined_by_jian_are_two_spans():
    assert officials("区委常委兼常务副区长陈刚主持会议。") == (
        ["区委常委", "常务副区长"],
        [("陈刚", "presided", ["区委常委", "常务副区长"])],
    )


def test_name_list_after_a_title_shares_title_and_role():
    text = "区委常委冯捷、顾惠文、姚卫华、陆祖芳、朱效洁、唐晓林、卞唯敏、魏化勇出席会议。"
    titles, persons = officials(text)
    assert titles == ["区委常委"]
    assert [p[0] for p in persons] == ["冯捷", "顾惠文", "姚卫华", "陆祖芳", "朱效洁", "唐晓林", "卞唯敏", "魏化勇"]
    assert all(p[1:] == ("attended", ["区委常委"]) for p in persons)


def test_name_then_title():
    assert officials("深入学习贯彻习近平总书记关于全面深化改革的一系列新思想") == (
        ["总书记"],
        [("习近平", None, ["总书记"])],
    )


def test_title_keeps_its_body_and_place():
    assert officials("秦安县委书记王某出席。")[0] == ["秦安县委书记"]
    assert officials("市人大常委会人事工作委员会原主任刘某列席。")[0] == ["市人大常委会人事工作委员会原主任"]
    assert officials("市委主题教育第五巡回督导组组长李磊到会指导。") == (
        ["市委主题教育第五巡回督导组组长"],
        [("李磊", "attended", ["市委主题教育第五巡回督导组组长"])],
    )
    assert officials("金华金义新区管委会主任、金东区委书记黄国钧讲话,区委副书记、区长毛世梁出席。") == (
        ["金华金义新区管委会主任", "金东区委书记", "区委副书记", "区长"],
        [
            ("黄国钧", "spoke", ["金华金义新区管委会主任", "金东区委书记"]),
            ("毛世梁", "attended", ["区委副书记", "区长"]),
        ],
    )


# ------------------------------------------------------------------- bylines


def test_byline_with_a_space_inside_the_name():
    assert officials("本报讯(全媒体记者 周 益)9月29日,区委七届六次全体(扩大)会议举行。") == (
        ["全媒体记者"],
        [("周 益", None, ["全媒体记者"])],
    )


def test_byline_with_two_reporters():
    assert officials("(记者 潘逸 陈阵)") == (["记者"], [("潘逸", None, ["记者"]), ("陈阵", None, ["记者"])])


def test_editor_after_a_colon():
    assert officials("2024-09-30 15:35:57 来源: 编辑:叶成") == (["编辑"], [("叶成", None, ["编辑"])])


def test_bylines_of_other_papers():
    assert officials("(通讯员 陈晨 记者 刘洁)") == (
        ["通讯员", "记者"],
        [("陈晨", None, ["通讯员"]), ("刘洁", None, ["记者"])],
    )
    assert officials("本报记者 张三 报道") == (["记者"], [("张三", None, ["记者"])])
    assert officials("首席记者 王晓东") == (["首席记者"], [("王晓东", None, ["首席记者"])])
    assert officials("责任编辑:王芳 审核:李娜") == (
        ["责任编辑", "审核"],
        [("王芳", None, ["责任编辑"]), ("李娜", None, ["审核"])],
    )


def test_reporter_in_running_text_is_no_byline():
    assert officials("会后,区委书记接受了记者采访。记者了解到,全区已完成目标。") == ([], [])
    assert officials("编辑部主任张三出席") == (["编辑部主任"], [("张三", "attended", ["编辑部主任"])])


# ---------------------------------------------- names with no title in sight


def test_subjects_of_meeting_verbs():
    text = "市委书记朱重烈讲话。张健主持。陈玲玲、宋志恒分别传达有关精神。蔡永波等出席。"
    assert officials(text) == (
        ["市委书记"],
        [
            ("朱重烈", "spoke", ["市委书记"]),
            ("张健", "presided", []),
            ("陈玲玲", "spoke", []),
            ("宋志恒", "spoke", []),
            ("蔡永波", "attended", []),
        ],
    )


def test_list_before_a_rank_grouping():
    text = "区委副书记、区长牟傲野部署工作。王先义、卢红菊等区四套班子领导出席会议。"
    assert officials(text)[1] == [
        ("牟傲野", "spoke", ["区委副书记", "区长"]),
        ("王先义", "attended", []),
        ("卢红菊", "attended", []),
    ]


def test_names_after_a_rank_grouping_have_no_title():
    assert officials("区领导王先义、卢红菊出席会议。") == (
        [],
        [("王先义", "attended", []), ("卢红菊", "attended", [])],
    )
    assert officials("出席会议的还有区领导张三、李四。") == (
        [],
        [("张三", "attended", []), ("李四", "attended", [])],
    )


def test_name_before_tongzhi():
    assert officials("团结在以习近平同志为核心的党中央周围") == ([], [("习近平", None, [])])
    assert officials("全区党员干部要向黄大年同志学习") == ([], [("黄大年", None, [])])


def test_a_name_found_once_is_a_name_everywhere():
    text = (
        "市委书记朱重烈讲话。朱重烈指出,这次全国两会是团结奋进的大会。"
        "朱重烈强调,全市上下要切实把学习成果转化为实际成效。"
    )
    assert officials(text)[1] == [
        ("朱重烈", "spoke", ["市委书记"]),
        ("朱重烈", "spoke", []),
        ("朱重烈", "spoke", []),
    ]


def test_repeated_name_takes_the_role_of_its_own_sentence():
    text = (
        "区委常委会主持 区委书记黄国钧讲话\n"
        "听取和讨论黄国钧受区委常委会委托作的工作报告。"
        "会议结束时,黄国钧就贯彻落实全会精神、做好当前工作作了讲话。"
    )
    assert officials(text)[1] == [
        ("黄国钧", "spoke", ["区委书记"]),
        ("黄国钧", "reported", []),
        ("黄国钧", "spoke", []),
    ]


def test_repeated_leader_name_is_found_before_tongzhi_and_not_inside_slogans():
    text = (
        "会议要求,要以习近平新时代中国特色社会主义思想为引领,深入学习贯彻习近平总书记关于全面深化改革的"
        "一系列新思想。全会号召,让我们更加紧密地团结在以习近平同志为核心的党中央周围。"
    )
    titles, persons = officials(text)
    assert titles == ["总书记"]
    assert persons == [("习近平", None, ["总书记"]), ("习近平", None, [])]
    assert find_persons(text)[0].start == text.index("贯彻习近平") + 2


# ----------------------------------------------------------------- roles


@pytest.mark.parametrize(
    "text,role",
    [
        ("区委书记陆方舟代表区委常委会作工作报告并讲话。", "reported"),
        ("会议由县委副书记、县长李明主持。", "presided"),
        ("县委书记张华强出席会议并讲话。", "spoke"),
        ("区委副书记、区长高香传达十二届市委六次全会精神,总结部署全区经济社会发展工作。", "spoke"),
        ("市委常委、常务副市长王建军通报了全市经济运行情况。", "reported"),  # ANNOTATION.md: 通报 → reported
        ("区委常委、组织部部长陈静宣读了表彰决定。", "spoke"),
        ("会上,县委书记王某某就抓好落实提出要求。", "spoke"),
        ("区委副书记吴杰出席会议。", "attended"),
        ("县纪委书记、县监委主任赵刚列席会议。", "attended"),
        ("县长李四作政府工作报告。", "reported"),
        ("区委副书记王五作关于《决议(草案)》的说明。", "reported"),
        ("区卫健局党委书记、局长陈某汇报了有关情况。", "reported"),
        ("市委书记陈小江主持会议并讲话。", "presided"),
        ("区委书记王某作重要讲话。", "spoke"),
        ("区委常委、常务副区长王某在会上作了动员讲话。", "spoke"),
        ("宿州市委常委、组织部部长李鹏宣布了省委的决定。", "spoke"),
        ("黄国钧同志代表区委常委会作报告。", "reported"),
        ("区委书记张某某一行到企业调研。", None),
    ],
)
def test_roles(text, role):
    persons = officials(text)[1]
    assert len(persons) == 1
    assert persons[0][1] == role


def test_roles_are_shared_across_dunhao_and_comma():
    text = "副县长赵明,县法院院长孙伟、县检察院检察长周涛列席会议。"
    assert officials(text)[1] == [
        ("赵明", "attended", ["副县长"]),
        ("孙伟", "attended", ["县法院院长"]),
        ("周涛", "attended", ["县检察院检察长"]),
    ]


def test_cited_leaders_take_no_role():
    assert officials("习近平总书记考察浙江并出席杭州亚运会开幕式。")[1] == [("习近平", None, ["总书记"])]
    assert officials("会议指出,习近平总书记强调,要坚持稳中求进。")[1] == [("习近平", None, ["总书记"])]
    text = "学习贯彻习近平总书记在全国两会期间的重要讲话精神。"
    assert officials(text)[1] == [("习近平", None, ["总书记"])]


def test_central_leaders_in_a_central_meeting():
    text = "中共中央总书记、国家主席、中央军委主席习近平出席会议并发表重要讲话。"
    assert officials(text) == (
        ["中共中央总书记", "国家主席", "中央军委主席"],
        [("习近平", "spoke", ["中共中央总书记", "国家主席", "中央军委主席"])],
    )


# ------------------------------------------------------ provinces and levels


def test_provincial_plenary():
    text = (
        "全会由省委常委会主持。省委书记王宁作了讲话。全会听取和讨论了王宁受省委常委会委托作的工作报告。"
        "出席全会的有省委委员55人,候补省委委员8人。省纪委常委和有关方面负责同志列席会议。"
    )
    assert officials(text) == (
        ["省委书记"],
        [("王宁", "spoke", ["省委书记"]), ("王宁", "reported", [])],
    )


def test_provincial_leaders_list():
    text = "省委书记、省人大常委会主任王宁主持会议并讲话。省委副书记、省长王予波,省政协主席刘晓凯出席。"
    assert officials(text) == (
        ["省委书记", "省人大常委会主任", "省委副书记", "省长", "省政协主席"],
        [
            ("王宁", "presided", ["省委书记", "省人大常委会主任"]),
            ("王予波", "attended", ["省委副书记", "省长"]),
            ("刘晓凯", "attended", ["省政协主席"]),
        ],
    )


def test_county_congress_standing_committee():
    text = (
        "县人大常委会主任李建国主持会议,副主任张红梅、刘志强、陈晓东,秘书长王丽出席会议。"
    )
    titles, persons = officials(text)
    assert titles == ["县人大常委会主任", "副主任", "秘书长"]
    assert persons == [
        ("李建国", "presided", ["县人大常委会主任"]),
        ("张红梅", "attended", ["副主任"]),
        ("刘志强", "attended", ["副主任"]),
        ("陈晓东", "attended", ["副主任"]),
        ("王丽", "attended", ["秘书长"]),
    ]


def test_township_meeting():
    text = (
        "镇党委书记陈志刚出席会议并讲话,镇党委副书记、镇长林海主持会议。"
        "镇人大主席团主席黄丽萍,镇党委委员、副镇长吴晓明等班子成员出席。"
        "会上,吴晓明宣读了表彰决定,林海作2023年度镇政府工作报告。"
    )
    assert officials(text) == (
        ["镇党委书记", "镇党委副书记", "镇长", "镇人大主席团主席", "镇党委委员", "副镇长"],
        [
            ("陈志刚", "spoke", ["镇党委书记"]),
            ("林海", "presided", ["镇党委副书记", "镇长"]),
            ("黄丽萍", "attended", ["镇人大主席团主席"]),
            ("吴晓明", "attended", ["镇党委委员", "副镇长"]),
            ("吴晓明", "spoke", []),
            ("林海", "reported", []),
        ],
    )


def test_guangdong_town_committee():
    text = "镇委书记黄伟明主持会议,镇委副书记、镇长梁志强作工作报告。镇领导谭永坚、何少芬、邓家豪出席会议。"
    assert officials(text)[1] == [
        ("黄伟明", "presided", ["镇委书记"]),
        ("梁志强", "reported", ["镇委副书记", "镇长"]),
        ("谭永坚", "attended", []),
        ("何少芬", "attended", []),
        ("邓家豪", "attended", []),
    ]


def test_discipline_commission_plenary():
    text = "市委常委、市纪委书记、市监委主任王五代表市纪委常委会作工作报告。市领导盛阅春、陈豪出席会议。"
    assert officials(text) == (
        ["市委常委", "市纪委书记", "市监委主任"],
        [
            ("王五", "reported", ["市委常委", "市纪委书记", "市监委主任"]),
            ("盛阅春", "attended", []),
            ("陈豪", "attended", []),
        ],
    )


def test_national_cppcc_list_with_ethnic_name():
    text = "全国政协主席王沪宁主持闭幕会。全国政协副主席石泰峰、帕巴拉·格列朗杰、何厚铧、咸辉、杨震和秘书长王东明出席会议。"
    titles, persons = officials(text)
    assert titles == ["全国政协主席", "全国政协副主席", "秘书长"]
    assert [p[0] for p in persons] == ["王沪宁", "石泰峰", "帕巴拉·格列朗杰", "何厚铧", "咸辉", "杨震", "王东明"]
    assert [p[1] for p in persons] == ["presided"] + ["attended"] * 6


def test_autonomous_region_chairman():
    assert officials("自治区党委副书记、自治区主席艾尔肯·吐尼亚孜出席。") == (
        ["自治区党委副书记", "自治区主席"],
        [("艾尔肯·吐尼亚孜", "attended", ["自治区党委副书记", "自治区主席"])],
    )


def test_central_titles():
    assert officials("中共中央政治局常委、国务院总理李强出席会议并讲话。")[0] == ["中共中央政治局常委", "国务院总理"]
    text = "中共中央政治局委员、中央书记处书记、中央组织部部长李干杰出席"
    assert officials(text)[0] == ["中共中央政治局委员", "中央书记处书记", "中央组织部部长"]
    assert officials("李强总理强调")[1] == [("李强", None, ["总理"])]


def test_units_and_departments_in_titles():
    assert officials("区委常委、宣传部部长王磊主持。")[0] == ["区委常委", "宣传部部长"]
    assert officials("区委常委、宣传部长王磊主持。")[0] == ["区委常委", "宣传部长"]
    assert officials("县委常委、县委办主任张某出席")[0] == ["县委常委", "县委办主任"]
    assert officials("县委常委、县人武部政委张伟出席。")[0] == ["县委常委", "县人武部政委"]
    assert officials("张家村党支部书记李大明发言。") == (["张家村党支部书记"], [("李大明", "spoke", ["张家村党支部书记"])])
    assert officials("金华市财政局局长王某出席")[0] == ["金华市财政局局长"]
    assert officials("区政府党组成员张某出席会议。")[0] == ["区政府党组成员"]
    assert officials("湖南省长沙市委书记吴桂英出席")[0] == ["湖南省长沙市委书记"]
    assert officials("原市委书记张三出席")[0] == ["原市委书记"]


def test_personnel_announcement():
    text = (
        "宿州市委常委、组织部部长李鹏宣布了省委关于萧县县委主要负责同志职务调整的决定:"
        "马锐同志任萧县县委委员、常委、书记。县委副书记、县长张建主持会议。新任县委书记马锐作表态发言。"
    )
    assert officials(text)[1] == [
        ("李鹏", "spoke", ["宿州市委常委", "组织部部长"]),
        ("马锐", None, []),
        ("张建", "presided", ["县委副书记", "县长"]),
        ("马锐", "spoke", ["县委书记"]),
    ]


# -------------------------------------------------------------- name shapes


def test_compound_surnames_and_name_lengths():
    assert officials("区委书记欧阳明高出席。市长司马南主持。区长上官云讲话。")[1] == [
        ("欧阳明高", "attended", ["区委书记"]),
        ("司马南", "presided", ["市长"]),
        ("上官云", "spoke", ["区长"]),
    ]
    # two- or three-character names are decided by what follows them
    assert [p[0] for p in officials("区委副书记、区长郑迪部署2024年经济工作,区委副书记沈波出席。")[1]] == ["郑迪", "沈波"]
    assert [p[0] for p in officials("区委副书记吴杰出席会议。区委书记章登峰代表区委常委会作工作报告。")[1]] == ["吴杰", "章登峰"]
    assert [p[0] for p in officials("区委书记王刚等出席。")[1]] == ["王刚"]


def test_names_that_are_also_words_after_a_title():
    assert officials("县委书记田野主持会议。")[1] == [("田野", "presided", ["县委书记"])]
    assert officials("市委书记温暖出席会议并讲话。")[1] == [("温暖", "spoke", ["市委书记"])]


# ------------------------------------------------------------------ negatives


@pytest.mark.parametrize(
    "text",
    [
        "区领导出席会议。",
        "出席这次全会的区委委员25名、候补委员5名。",
        "区委委员出席。",
        "各街道正职领导干部、纪工委书记,市驻区各单位主要负责人列席会议。",
        "各乡镇(街道)党政主要负责人、纪(工)委书记,区直单位主要负责人参加会议。",
        "金华职业技术学院、义乌工商职业技术学院党委书记、院长,各县(市、区)党政主要负责人参加会议。",
        "区人民检察院检察长;担任过区级领导的离退休干部参加会议。",
        "今年6月11日,总书记对“八八战略”实施20周年作出重要指示。",
        "坚定不移沿着总书记指引的道路奋勇前进。",
        "全会强调,广大干部群众必须大力弘扬改革开放精神。",
        "会议指出,要坚持高位推动、周密部署、严格落实。",
        "市委书记在讲话中强调,要高度重视安全生产。",
        "区委书记强调,要全面部署明年工作。",
        "杨梅、枇杷等特色农产品销售火爆,吸引游客参加采摘。",
        "农民代表、企业代表、武警代表出席会议。",
        "各乡镇党委书记参加会议。",
        "县委书记、县长在会上讲话。",
        "湖北省长江经济带发展取得新成效。",
        "要加快推进项目建设,强化要素保障,安排部署下一阶段工作。",
    ],
)
def test_no_official_without_a_name(text):
    assert officials(text) == ([], [])


def test_words_that_look_like_names_never_become_persons():
    text = "全区上下要深刻领会全会精神。会议强调,市委、区长、同志们要统一思想。全会指出,要坚持稳中求进。"
    assert officials(text) == ([], [])


# ------------------------------------------------------------------- contract


def test_find_officials_returns_both_labels_in_order():
    text = "区委书记潘崇敏代表区委常委会向全会作报告。(记者 潘逸 陈阵)"
    found = find_officials(text)
    assert [m.label for m in found] == ["TITLE", "PERSON", "TITLE", "PERSON", "PERSON"]
    assert found == sorted(found, key=lambda m: (m.start, m.end))


def test_find_persons_links_to_titles_it_is_given():
    text = "区委副书记、代区长戴勇出席会议。"
    titles = find_titles(text)
    only_second = [t for t in titles if text[t.start : t.end] == "代区长"]
    persons = find_persons(text, titles=only_second)
    assert [(text[p.start : p.end], p.attrs["titles"]) for p in persons] == [
        ("戴勇", [[only_second[0].start, only_second[0].end]])
    ]
    assert find_persons(text, titles=[]) == []


def test_precomputed_bodies_and_own_grammar():
    from meeting_nlp.rules import officials as module
    from meeting_nlp.rules.bodies import find_bodies

    text = "金华金义新区管委会主任、金东区委书记黄国钧讲话。"
    bodies = find_bodies(text)
    assert find_titles(text, bodies=bodies) == find_titles(text)
    # without the bodies, the title falls back to what a post and its units show
    titles = find_titles(text, bodies=[])
    assert [text[t.start : t.end] for t in titles][-1] == "金东区委书记"

    voc = json.loads(resources.files("meeting_nlp").joinpath("resources/titles.json").read_text("utf-8"))
    voc["byline_roles"] = voc["byline_roles"] + ["主播"]
    surnames = resources.files("meeting_nlp").joinpath("resources/surnames.txt").read_text("utf-8")
    own = module.compile_grammar(voc, surnames)
    assert officials("主播 李娜")[1] == []
    persons = find_persons("主播 李娜", grammar=own)
    assert [(p.start, p.end) for p in persons] == [(3, 5)]


def test_surnames_decide_where_a_list_stops():
    # 咸 and 卞 are surnames; a word after the last name ends the list
    assert [p[0] for p in officials("区委常委咸辉、卞唯敏出席。")[1]] == ["咸辉", "卞唯敏"]


def test_vocabulary_is_data():
    voc = json.loads(resources.files("meeting_nlp").joinpath("resources/titles.json").read_text("utf-8"))
    for key in ("posts", "modifiers", "byline_roles", "roles"):
        assert voc[key]
    assert set(voc["roles"]) == set(ROLES)
    surnames = resources.files("meeting_nlp").joinpath("resources/surnames.txt").read_text("utf-8").split()
    for name in ("王", "李", "欧阳", "司马", "上官", "诸葛", "卞", "牟", "习", "温", "傅"):
        assert name in surnames


def test_long_text_is_fast():
    import time

    from meeting_nlp.rules import officials as module

    text = ("区委书记潘崇敏代表区委常委会向全会作报告。王先义、卢红菊等区四套班子领导出席会议。" * 250)[:10000]
    module._analyze(text)
    start = time.perf_counter()
    for _ in range(3):
        module._analyze(text)
    assert (time.perf_counter() - start) / 3 < 0.5


def test_long_lists_are_found_whole_and_in_linear_time():
    import time

    from meeting_nlp.rules.officials import find_officials as find

    given = "明华强军伟平东峰勇刚"
    names = [f"{'王李张刘陈杨黄赵吴周'[i % 10]}{given[i % 10]}{given[(i // 10) % 10]}" for i in range(60)]
    text = "、".join(names) + "等同志出席会议。"
    found = [text[m.start : m.end] for m in find(text) if m.label == "PERSON"]
    assert found[:60] == names
    text = "出席会议的有" + "、".join(names[:3]) + "等同志。"
    assert [text[m.start : m.end] for m in find(text) if m.label == "PERSON"] == names[:3]
    # pathological runs cost time proportional to their length
    timings = []
    for n in (20_000, 80_000):
        run = "市" * n + "、王明" * (n // 10)
        start = time.perf_counter()
        find(run)
        timings.append(time.perf_counter() - start)
    assert timings[1] < 12 * max(timings[0], 1e-3)


def test_appointment_credit_and_dotted_names():
    from meeting_nlp.rules.officials import find_officials as find

    def persons(text):
        return [text[m.start : m.end] for m in find(text) if m.label == "PERSON"]

    assert persons("会议经表决,任命郭振华为全国人大常委会副秘书长。") == ["郭振华"]
    assert persons("王五、赵六等15位同志辞去市人大代表职务。") == ["王五", "赵六"]
    assert persons("新华社记者 张领 摄") == ["张领"]
    assert persons("本网讯(刘明)近日,区委召开会议。") == ["刘明"]
    assert persons("会议由买买提·艾力主持。") == ["买买提·艾力"]
    assert persons("全国人大常委会副委员长武维华、铁凝、白玛赤林、巴特尔出席会议。") == ["武维华", "铁凝", "白玛赤林", "巴特尔"]
