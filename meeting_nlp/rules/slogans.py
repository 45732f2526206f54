"""SLOGAN rules: the lexicon of political formulas, and quoted coined formulas.

Two sources feed the SLOGAN label (ANNOTATION.md):

* :func:`load_lexicon` reads ``meeting_nlp/resources/slogans.jsonl``, the
  curated list of attested formulas (两个确立, 八八战略, 十四五 ...), each with
  one canonical key and its alternative surface forms. A matcher may find
  these anywhere, quoted or not (resources/slogans.md says how entries are
  chosen).
* :func:`find_quoted_formulas` discovers the coined formulas that a report
  puts in quotes and that no lexicon can list ahead of time (“三大目标”,
  “双提双进”, “发展四问”). It decides from the *shape* of the quoted text,
  following how such formulas are built, not from a list of them.

Both are pure functions over normalized simplified text (the ``.text`` of
:func:`meeting_nlp.normalize`); no spaCy.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Collection, Dict, Iterator, List, Optional, Tuple, Union

from .base import RuleMatch

__all__ = [
    "CATEGORIES",
    "SCOPES",
    "LexiconError",
    "load_lexicon",
    "parse_lexicon",
    "lexicon_surfaces",
    "find_quoted_formulas",
    "is_formula_shape",
]

#: the closed category list; one line each in resources/slogans.md
CATEGORIES = (
    "party-theory",
    "political-line",
    "strategy",
    "economy",
    "governance",
    "ecology",
    "social",
    "party-building",
    "spirit",
    "campaign",
    "regional",
    "diplomacy",
    "plan-period",
)
#: who issued or promotes the formula; Beijing, Shanghai, Tianjin and Chongqing are provincial
SCOPES = ("national", "provincial", "municipal")

_FIELDS = ("canonical", "category", "variants", "scope", "note")
_QUOTE_MARKS = "“”‘’\"'「」『』"


class LexiconError(ValueError):
    """The slogan lexicon file is malformed; the message names file and line."""


# --------------------------------------------------------------------------
# the lexicon


def _default_path():
    """The JSONL shipped inside the package, wherever it is installed."""
    return resources.files("meeting_nlp").joinpath("resources/slogans.jsonl")


def load_lexicon(path: Union[str, Path, None] = None) -> List[Dict]:
    """Read and validate the slogan lexicon, one dict per formula, in file order.

    Validates so that a bad edit fails loudly at load time rather than as a
    silent miss at match time: every line is a JSON object with exactly the
    fields canonical, category, variants, scope, note; category and scope are
    from the closed lists; surfaces are non-empty, trimmed and free of quote
    marks; and no surface (canonical or variant) appears twice in the file,
    so each surface maps to exactly one canonical key.
    """
    source = Path(path) if path is not None else _default_path()
    name = str(path) if path is not None else "meeting_nlp/resources/slogans.jsonl"
    return parse_lexicon(source.read_text(encoding="utf-8"), name)


def parse_lexicon(text: str, name: str = "slogans.jsonl") -> List[Dict]:
    """Validate lexicon JSONL ``text`` (as :func:`load_lexicon` does) and return its entries."""
    entries: List[Dict] = []
    owner: Dict[str, Tuple[str, int]] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        entry = _parse_line(line, where)
        for surface in [entry["canonical"], *entry["variants"]]:
            if surface in owner:
                other, other_line = owner[surface]
                raise LexiconError(
                    f"{where}: surface {surface!r} already belongs to {other!r} "
                    f"(line {other_line}); each surface must map to one canonical key"
                )
            owner[surface] = (entry["canonical"], lineno)
        entries.append(entry)
    if not entries:
        raise LexiconError(f"{name}: the lexicon is empty")
    return entries


def _parse_line(line: str, where: str) -> Dict:
    """One validated entry from one JSONL line."""
    try:
        entry = json.loads(line)
    except json.JSONDecodeError as err:
        raise LexiconError(f"{where}: not valid JSON ({err.msg} at column {err.colno})") from None
    if not isinstance(entry, dict):
        raise LexiconError(f"{where}: expected a JSON object, got {type(entry).__name__}")
    missing = [f for f in _FIELDS if f not in entry]
    extra = sorted(set(entry) - set(_FIELDS))
    if missing or extra:
        raise LexiconError(f"{where}: fields must be exactly {list(_FIELDS)}; missing {missing}, unexpected {extra}")
    _check_surface(entry["canonical"], where, "canonical")
    if entry["category"] not in CATEGORIES:
        raise LexiconError(f"{where}: category {entry['category']!r} is not one of {list(CATEGORIES)}")
    if entry["scope"] not in SCOPES:
        raise LexiconError(f"{where}: scope {entry['scope']!r} is not one of {list(SCOPES)}")
    if not isinstance(entry["variants"], list):
        raise LexiconError(f"{where}: variants must be a list of strings (may be empty)")
    for variant in entry["variants"]:
        _check_surface(variant, where, "variant")
    if len(set(entry["variants"])) != len(entry["variants"]) or entry["canonical"] in entry["variants"]:
        raise LexiconError(f"{where}: variants repeat each other or the canonical form")
    if not isinstance(entry["note"], str) or not entry["note"].strip():
        raise LexiconError(f"{where}: note must be a short non-empty gloss")
    return entry


def _check_surface(value: object, where: str, what: str) -> None:
    """A surface form a matcher can use as is: a trimmed string with no quote marks."""
    if not isinstance(value, str) or not value:
        raise LexiconError(f"{where}: {what} must be a non-empty string, got {value!r}")
    if value != value.strip():
        raise LexiconError(f"{where}: {what} {value!r} has leading or trailing whitespace")
    bad = [c for c in value if c in _QUOTE_MARKS]
    if bad:
        raise LexiconError(f"{where}: {what} {value!r} contains quote marks {bad}; store the formula without them")


def lexicon_surfaces(entries: Optional[List[Dict]] = None) -> Dict[str, str]:
    """Map every surface form (canonical and variants) to its canonical key."""
    entries = load_lexicon() if entries is None else entries
    table: Dict[str, str] = {}
    for entry in entries:
        for surface in [entry["canonical"], *entry["variants"]]:
            table[surface] = entry["canonical"]
    return table


@lru_cache(maxsize=1)
def _shipped_surfaces() -> frozenset:
    """Surfaces of the shipped lexicon, read once: quotes equal to one are the lexicon's."""
    return frozenset(lexicon_surfaces())


# --------------------------------------------------------------------------
# shape grammar of quoted formulas

#: counting numerals; 一 and 百/千/万 also mean "whole/once" and "many", so they are weaker evidence
_NUM = "一二三四五六七八九十百千万两双"
#: numerals that in a quote can only be counting the parts of a formula
_SMALL = "二三四五六七八九十两双"
#: classifiers and counted heads that follow the numeral of a numbered formula
_CLASSIFIERS = "个大项条支张类种重批号位级化型篇场件链业期新"
#: a numeral followed by these is a time or a quantity (“三季度”, “五年”), not a formula
_UNITS = "年月日天周季岁元亿米吨亩倍秒"
_UNIT_WORDS = ("小时", "分钟", "公里", "平方")
#: function words, particles and pronouns that mark a clause or speech, never a formula
_CLAUSE_MARKERS = set("的了着吗呢吧啊呀嘛哦是就都也才说们你您他她咱")
#: in a list of clauses 有 is a predicate (“大局有良机”), so it marks a sentence there
_LIST_MARKERS = _CLAUSE_MARKERS | {"有"}
#: heads that name a programme or a doctrine (“凤凰行动”, “领雁工程”, “浙江经验”)
_HEADS = ("行动", "工程", "战略", "精神", "计划", "经验", "模式", "理念", "方略", "攻坚战", "保卫战", "清单")
#: nouns after a quote that make it describe a manner, not name a formula (“奋力一跳”的精气神)
_ATTITUDE = re.compile(
    r"^的?(?:精气神|精神状态|责任感|紧迫感|使命感|危机感|劲头|干劲|冲劲|韧劲|状态|作风|意识|导向|"
    r"决心|勇气|气魄|魄力|担当|姿态|氛围|洞察力|执行力|攻坚力|战斗力|定力|信心|劲儿)"
)
#: speech is introduced by a colon or a verb of saying right before the quote
_SPEECH_BEFORE = re.compile(r"(?:[:：]|说|道|问|称|表示|指出|强调|认为|坦言|笑言)\s*$")
_PLAN_PERIOD = re.compile(r"^十[一二三四五六七八九]五$")
_CODE = re.compile(r"^(?:\d+(?:\+[0-9A-Za-z]+)+|\d{3,4}[A-Z]?)$")
_CJK_PLUS = re.compile(r"^[\u4e00-\u9fff]{2,6}\+$")
_MIDDLE_NUMERAL = re.compile(r"^([\u4e00-\u9fff]{2,5}?)([%s0-9][%s0-9]*)([\u4e00-\u9fff])$" % (_SMALL, _NUM))

#: numeral idioms, colloquial metaphors and event names: numbered in shape, yet no formula
_NUMERAL_IDIOMS = frozenset(
    """
    一刀切 一把手 一盘棋 一言堂 一阵风 一窝蜂 一锅粥 一条龙 一揽子 一站式 一张白纸 一条心 一股劲
    一以贯之 一鼓作气 一马当先 一往无前 一丝不苟 一如既往 一视同仁 一脉相承 一针见血 一目了然
    一帆风顺 一劳永逸 一举两得 一石二鸟 一箭双雕 一呼百应 一声令下 一技之长 一席之地 一清二楚
    一穷二白 一干二净 一本万利 一日千里 一字千金 一诺千金 一落千丈 一波三折 一言九鼎 一暴十寒
    一心一意 一点一滴 一言一行 一草一木 一砖一瓦 一朝一夕 一丝一毫 一针一线 一举一动 一张一弛
    一唱一和 一板一眼 一生一世 一模一样 一年四季 一步一个脚印 一竿子插到底 一张蓝图 一分为二
    两张皮 两面人 两面派 两全其美 两袖清风 两面三刀 两肋插刀 两手空空 两条腿走路 双刃剑 双管齐下
    双喜临门 三板斧 三心二意 三令五申 三番五次 三五成群 三思而行 三顾茅庐 三长两短 三言两语
    三天两头 三教九流 三头六臂 三足鼎立 三生有幸 三天打鱼两天晒网 三分部署七分落实
    四面八方 四平八稳 四分五裂 四通八达 四海为家 四面楚歌 五花八门 五湖四海 五颜六色 五光十色
    五体投地 五彩缤纷 五谷丰登 五脏六腑 六神无主 六亲不认 七上八下 七嘴八舌 七零八落 七拼八凑
    七手八脚 七情六欲 八仙过海 八面玲珑 八面威风 九牛一毛 九死一生 九霄云外 十全十美 十拿九稳
    十万火急 十面埋伏 十年磨一剑 百花齐放 百家争鸣 百尺竿头 百折不挠 百舸争流 百炼成钢 百废待兴
    千方百计 千家万户 千军万马 千辛万苦 千山万水 千言万语 千变万化 千姿百态 千头万绪 千钧一发
    千载难逢 千锤百炼 千里之行 万无一失 万众一心 万紫千红 万象更新 万马奔腾 万家灯火 万事开头难
    三十而立 四梁八柱 四小龙 六小龙 三剑客 七山一水两分田 两会 两委
    """.split()
)


def _starts_with_idiom(text: str) -> bool:
    """An idiom, or a phrase built on one (“一条龙服务”, “三天两头往村里跑”)."""
    return any(text.startswith(idiom) for idiom in _NUMERAL_IDIOMS)


def _is_cjk(text: str) -> bool:
    """Only CJK ideographs: quotes with punctuation, latin or spaces are not one name."""
    return bool(text) and all("\u4e00" <= c <= "\u9fff" or c == "〇" for c in text)


def _numeral_run(text: str) -> Tuple[str, str]:
    """Split a leading run of counting numerals from the rest."""
    i = 0
    while i < len(text) and text[i] in _NUM:
        i += 1
    return text[:i], text[i:]


def _is_numbered(text: str) -> bool:
    """A numbered formula: N + counted parts, the commonest shape of PRC formulas.

    - a small numeral (二…十, 两, 双) starts it: “三大目标”, “七优享”, “双提双进”;
    - 一/百/千/万 start it only with a classifier (“一号工程”, “一个中心”) or a
      second numeral (parallel numbering: “一带一路”, “一老一小”, “万企兴万村”);
    - numerals alone are a formula only as a plan period (“十四五”), not as a
      date or count (“五一”, “双十一”, “三三两两”);
    - a numeral followed by a unit is a time or quantity (“三季度”, “五年”).
    """
    run, rest = _numeral_run(text)
    if not run:
        return False
    if not rest:
        return bool(_PLAN_PERIOD.match(run))
    if rest[0] in _UNITS or rest.startswith(_UNIT_WORDS):
        return False
    if run[0] in _SMALL:
        return True
    if rest[0] in _CLASSIFIERS and len(rest) >= 2:
        return True
    return _counts_in_parallel(text)


def _counts_in_parallel(text: str) -> bool:
    """Parallel numbering (“三立三进三突围”, “一带一路”): a numeral starts it and recurs."""
    run, rest = _numeral_run(text)
    return bool(run) and any(c in _NUM for c in rest)


def _is_middle_numbered(text: str) -> bool:
    """Topic + small numeral + one counted head: “发展四问”, “科创十条”, “民营经济31条”.

    The numeral must count (二…十, 两, 双 or digits): with 一 the shape is an
    ordinary phrase (“奋力一跳”, “更进一步”).
    """
    m = _MIDDLE_NUMERAL.match(text)
    if not m or any(c in _NUM for c in m.group(1)):
        return False
    return m.group(3) not in _UNITS


def _is_headed_coinage(text: str) -> bool:
    """A coined name ending in a programme or doctrine head: “凤凰行动”, “浙江经验”."""
    for head in _HEADS:
        if text.endswith(head) and len(text) - len(head) >= 2:
            return True
    return False


def _is_parallel_list(text: str) -> bool:
    """A slogan of parallel clauses joined by 、: “深化改革、强基固本”, “创新、改革、开放”.

    Parallelism is what makes a list a slogan: 2-6 members of 2-8 characters,
    all of one length, except that the last may be one longer (the common
    closing extension, as in 群众敢首创). Members must be clause-free
    (no 的/是/就/有 …): “大局有良机、大业有根基” and “开局就奔跑、起步就跃进”
    are sentences; “再突破、再提升、再上新台阶” is not parallel.
    """
    parts = text.split("、")
    if not 2 <= len(parts) <= 6:
        return False
    for part in parts:
        if not (_is_cjk(part) and 2 <= len(part) <= 8) or _LIST_MARKERS.intersection(part):
            return False
    size = len(parts[0])
    if any(len(p) != size for p in parts[1:-1]):
        return False
    return len(parts[-1]) in (size, size + 1)


def _is_code_formula(text: str) -> bool:
    """Arabic-numeral formulas: “8+4”, “1+N+X”, “152”, “315”, and “党建+”.

    A bare 3-4 digit string is a formula unless it reads as a year (19xx, 20xx)
    or a service number (11x, 12x such as 110, 120).
    """
    if _CJK_PLUS.match(text):
        return True
    if not _CODE.match(text):
        return False
    digits = text.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    if "+" in text:
        return True
    if len(digits) == 4 and digits[:2] in ("19", "20"):
        return False
    return not (len(digits) == 3 and digits[:2] in ("11", "12"))


def is_formula_shape(inside: str, after: str = "") -> bool:
    """Decide whether the text inside a pair of quotes is a coined formula.

    ``after`` is the text right after the closing quote (a few characters are
    enough); it tells a name from a description of manner. Rules, in order:

    1. 、-lists are slogans only when parallel (:func:`_is_parallel_list`); so
       are lists of three or more clauses joined by commas.
    2. Arabic-numeral codes (:func:`_is_code_formula`).
    3. Otherwise only 2-8 CJK characters: punctuation or latin means speech.
    4. Clause markers (的 了 是 就 说 你 们 …) mean a sentence: “改革是航向标”.
    5. Numeral idioms and colloquialisms, and phrases built on them, are not
       formulas: “一刀切”, “三心二意”, “一条龙服务”.
    6. A line of 7 ideographs is verse (“春江水暖鸭先知”, “两个黄鹂鸣翠柳”)
       unless it names a programme or counts in parallel (“三立三进三突围”).
    7. Numbered formulas (:func:`_is_numbered`) and topic+numeral formulas
       (:func:`_is_middle_numbered`) are accepted.
    8. Coined names ending in a programme or doctrine head are accepted
       (:func:`_is_headed_coinage`).
    9. Nothing else: a quoted ordinary phrase or metaphor (“示范引领”, “领头雁”,
       “开门红”, “扩增量”) carries no formula shape.
    A quote followed by an attitude noun (的精气神, 的紧迫感, 劲头, 的导向)
    describes a manner and is rejected under rules 1 and 8.
    """
    manner = bool(_ATTITUDE.match(after))
    if "、" in inside:
        return not manner and _is_parallel_list(inside)
    if "," in inside:
        # “净化政治生态,实现弊革风清,重塑山西形象,促进富民强省”: three or more parallel
        # clauses; two joined by a comma are as often a sentence (“既要…,又要…”)
        return not manner and inside.count(",") >= 2 and _is_parallel_list(inside.replace(",", "、"))
    if _is_code_formula(inside):
        return True
    if not _MIDDLE_NUMERAL.match(inside) and not (_is_cjk(inside) and 2 <= len(inside) <= 8):
        return False
    if _CLAUSE_MARKERS.intersection(inside) or _starts_with_idiom(inside):
        return False
    if len(inside) == 7 and _is_cjk(inside) and not (_is_headed_coinage(inside) or _counts_in_parallel(inside)):
        return False
    if _is_numbered(inside) or _is_middle_numbered(inside):
        return True
    return not manner and _is_headed_coinage(inside)


# --------------------------------------------------------------------------
# finding quotes

_QUOTES = (
    re.compile(r"“([^“”\n]{1,40})”"),
    re.compile(r"‘([^‘’\n]{1,40})’"),
    re.compile(r'"([^"\n]{1,40})"'),
)
#: how much context around a quote the shape rules look at
_CONTEXT = 8


def _quoted(text: str) -> Iterator[Tuple[int, int]]:
    """(start, end) of the inside of every “…”, ‘…’ and "…" pair, nested ones too."""
    for pattern in _QUOTES:
        for m in pattern.finditer(text):
            yield m.start(1), m.end(1)


def find_quoted_formulas(text: str, known: Optional[Collection[str]] = None) -> List[RuleMatch]:
    """SLOGAN matches for quoted coined formulas that the lexicon does not list.

    Offsets are inside the quotes (ANNOTATION.md keeps quote marks out of the
    span); ``canonical`` is the quoted text itself. Quotes whose text is a
    lexicon surface are left to the lexicon matcher, so the two sources never
    report the same span twice: ``known`` is that set of surfaces (default:
    the shipped lexicon). Quotes introduced as speech (after a colon or a
    verb of saying) are skipped.
    """
    surfaces = _shipped_surfaces() if known is None else known
    found = []
    for start, end in sorted(set(_quoted(text))):
        inside = text[start:end]
        if inside in surfaces:
            continue
        if _SPEECH_BEFORE.search(text[max(0, start - 1 - _CONTEXT) : start - 1]):
            continue
        if is_formula_shape(inside, text[end + 1 : end + 1 + _CONTEXT]):
            found.append(RuleMatch(start, end, "SLOGAN", {"canonical": inside, "source": "pattern"}))
    return found
