"""Canonical organ names (ANNOTATION.md "Canonical organ names"): what analysts group on."""
import pytest

from meeting_nlp.rules.organs import canonical_organ


@pytest.mark.parametrize(
    "text, expected",
    [
        # the scheme's own examples
        ("中共温州市委", ("市委", "温州市")),
        ("中共无锡市锡山区委", ("区委", "无锡市锡山区")),
        ("宜秀区委", ("区委", "宜秀区")),
        ("区委常委会", ("区委常委会", None)),
        ("全国人大常委会", ("全国人大常委会", None)),
        ("国务院", ("国务院", None)),
        ("中共中央政治局", ("中央政治局", None)),
        ("党中央", ("党中央", None)),
        ("中共中央", ("党中央", None)),
        ("中央", ("党中央", None)),
        ("市政协十二届常委会", ("市政协常委会", None)),
        ("中共张家镇第十五届委员会", ("镇党委", "张家镇")),
        ("市委办公厅", ("市委办公厅", None)),
        # formal names with the term inside, prefixes
        ("中共金华市委第九届委员会", ("市委", "金华市")),
        ("政协第十三届全国委员会常务委员会", ("全国政协常委会", None)),
        ("十四届全国人大常委会", ("全国人大常委会", None)),
        ("中华人民共和国中央军事委员会", ("中央军委", None)),
        ("四届区委", ("区委", None)),
        ("政协杭州市委员会", ("市政协", "杭州市")),
        ("中共嘉定区", ("区委", "嘉定区")),
        ("中国共产党", ("党中央", None)),
        # sub-organs keep their parent's canonical name
        ("县人大常委会主任会议", ("县人大常委会主任会议", None)),
        ("区政府党组", ("区政府党组", None)),
        ("全国人大常委会法制工作委员会", ("全国人大常委会法制工作委员会", None)),
        ("中共中央办公厅", ("中央办公厅", None)),
        # long forms of organ words
        ("金华市人民政府", ("市政府", "金华市")),
        ("县人民代表大会常务委员会", ("县人大常委会", None)),
        ("区纪律检查委员会", ("区纪委", None)),
        ("市政法委", ("市委政法委", None)),
        ("区党代会", ("区委", None)),
        # places written with their level word twice, autonomous areas, zones
        ("和县县委", ("县委", "和县")),
        ("浦东新区区委", ("区委", "浦东新区")),
        ("延边朝鲜族自治州委", ("州委", "延边朝鲜族自治州")),
        ("广西壮族自治区党委", ("自治区党委", "广西壮族自治区")),
        ("锡林郭勒盟委", ("盟委", "锡林郭勒盟")),
        ("阿巴嘎旗委", ("旗委", "阿巴嘎旗")),
        ("金华金义新区管委会", ("区管委会", "金华金义新区")),
        ("经开区党工委", ("区党工委", None)),
        ("某某街道党委", ("街道党工委", "某某街道")),
        # courts and procuratorates
        ("市中级人民法院", ("市中级人民法院", None)),
        ("县检察院", ("县人民检察院", None)),
        ("最高人民法院", ("最高人民法院", None)),
        # institutions: the institution is the place
        ("浙江大学党委", ("校党委", "浙江大学")),
        ("某某集团有限公司党委", ("集团党委", "某某集团有限公司")),
        ("中国科学院党组", ("院党组", "中国科学院")),
        # joint heads are counted as written
        ("省市委", ("省市委", None)),
    ],
)
def test_canonical_names(text, expected):
    assert canonical_organ(text) == expected


def test_nothing_named():
    assert canonical_organ("") == (None, None)
    assert canonical_organ("嘉定区") == (None, "嘉定区")


def test_spaces_from_web_pages_do_not_change_the_name():
    assert canonical_organ("区委 常委会") == ("区委常委会", None)


def test_linear_on_a_long_run():
    # a run of level characters is scanned once per position with bounded look-ups
    assert canonical_organ("某" * 20000 + "区委") == ("区委", "某" * 20000 + "区")
    # a run of level words before the organ is a joint head, kept as written
    assert canonical_organ("市" * 20000 + "委") == ("市" * 20000 + "委", None)
