"""Link PERSON mentions across reports into people, with careers (issue 11; first cut).

``link(records_or_docs)`` takes records (``doc_to_record`` / ``meeting-nlp run`` JSONL) or Docs.
Mentions are blocked by normalized name (linear in corpus size); inside a block, mentions
join one person when their places agree (place from the titles, else the meeting's place);
central leaders (总书记, 国家主席, 总理 …) are one person everywhere. Each link keeps a confidence.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional

CENTRAL = ("总书记", "国家主席", "国务院总理", "中央政治局常委")
_PLACE = re.compile(r"([\u4e00-\u9fff]{1,6}?(?:省|自治区|市|区|县|镇|乡|街道))(?=委|人民政府|政府|人大|政协|区长|县长|市长|镇长)")
_ORGAN = re.compile(r"(党委|[省市区县镇乡]委|人大常委会|政协|人民政府|政府|纪委|监委)")


def parse_title(title: str) -> Dict[str, Optional[str]]:
    """(organ, place, post) of one title string, e.g. 渝中区委书记 → (区委, 渝中区, 书记)."""
    place = None
    bare = title[2:] if title.startswith("中共") else title
    m = _PLACE.match(bare)
    if m:
        place = m.group(1)
    organ = None
    om = _ORGAN.search(title)
    if om:
        organ = om.group(1)
        post = title[om.end():] or title
    else:
        post = title
    return {"organ": organ, "place": place, "post": post}


def _short_title(title: str, place: Optional[str]) -> str:
    """The title without its place prefix (中共渝中区委书记 → 区委书记), so one post is one row."""
    bare = title[2:] if title.startswith("中共") else title
    if place and bare.startswith(place):
        return place[-1] + bare[len(place):]
    return title


def _as_record(item: Any, i: int) -> Dict[str, Any]:
    if isinstance(item, dict):
        return item
    from .records import doc_to_record
    return doc_to_record(item, i)


@dataclass
class Linked:
    mentions: List[Dict[str, Any]] = field(default_factory=list)  # one per PERSON mention, with person_id, confidence

    def clusters(self) -> Dict[str, List[int]]:
        out: Dict[str, List[int]] = defaultdict(list)
        for i, m in enumerate(self.mentions):
            out[m["person_id"]].append(i)
        return dict(out)

    def careers(self):
        import pandas as pd
        rows: Dict[tuple, Dict[str, Any]] = {}
        for m in self.mentions:
            for t in m["titles"] or [""]:
                p = parse_title(t)
                t = _short_title(t, p["place"])
                key = (m["person_id"], t)
                r = rows.setdefault(key, {"person_id": m["person_id"], "name": m["name"], "title": t, "organ": p["organ"],
                                          "place": None if m["central"] else (p["place"] or m["place"]), "level": m.get("level"),
                                          "first_seen": m["date"], "last_seen": m["date"], "reports": set()})
                r["reports"].add(m["report"])
                if m["date"]:
                    r["first_seen"] = min(filter(None, [r["first_seen"], m["date"]]))
                    r["last_seen"] = max(filter(None, [r["last_seen"], m["date"]]))
        df = pd.DataFrame([{**r, "reports": ";".join(sorted(r["reports"]))} for r in rows.values()],
                          columns=["person_id", "name", "title", "organ", "place", "level", "first_seen", "last_seen", "reports"])
        return df.sort_values(["place", "person_id", "first_seen"], na_position="last").reset_index(drop=True)

    def people(self):
        import pandas as pd
        by: Dict[str, Dict[str, Any]] = {}
        for m in self.mentions:
            r = by.setdefault(m["person_id"], {"person_id": m["person_id"], "name": m["name"], "places": set(),
                                               "dates": [], "reports": set(), "roles": set()})
            if m["place"]:
                r["places"].add(m["place"])
            if m["date"]:
                r["dates"].append(m["date"])
            r["reports"].add(m["report"])
            if m.get("role"):
                r["roles"].add(m["role"])
        return pd.DataFrame([{"person_id": r["person_id"], "name": r["name"], "places": ";".join(sorted(r["places"])),
                              "first_seen": min(r["dates"]) if r["dates"] else None,
                              "last_seen": max(r["dates"]) if r["dates"] else None,
                              "n_reports": len(r["reports"]), "roles": ";".join(sorted(r["roles"]))} for r in by.values()])


def _title_text(t: Any, text: Optional[str]) -> str:
    if isinstance(t, str):
        return t
    if isinstance(t, dict):
        return t.get("text") or t.get("norm") or ""
    strs = [x for x in t if isinstance(x, str)]
    if strs:
        return strs[-1]
    if text is not None and len(t) >= 2:
        return text[t[0]:t[1]]
    return ""


def _mentions(records: Iterable[Any]) -> List[Dict[str, Any]]:
    out = []
    for i, item in enumerate(records):
        rec = _as_record(item, i)
        meeting = rec.get("meeting") or {}
        rplace = rec.get("place") or meeting.get("place")
        date = rec.get("date") or meeting.get("date")
        for s in rec.get("spans", []):
            if s.get("label") != "PERSON":
                continue
            attrs = s.get("attrs") or {}
            titles = [_title_text(t, rec.get("text")) for t in attrs.get("titles") or []]
            places = [parse_title(t)["place"] for t in titles]
            place = next((p for p in places if p), None) or rplace
            out.append({"report": rec.get("id", i), "start": s["start"], "end": s["end"], "name": s.get("norm") or s["text"],
                        "titles": titles, "place": place, "date": date, "role": attrs.get("role"),
                        "central": any(c in t for t in titles for c in CENTRAL) or s["text"] in ("习近平",)})
    return out


def link(records_or_docs: Iterable[Any]) -> Linked:
    """Group PERSON mentions into people (block by name, split by place; central leaders one person)."""
    ms = _mentions(records_or_docs)
    blocks: Dict[str, List[Dict[str, Any]]] = defaultdict(list)
    for m in ms:
        blocks[m["name"]].append(m)
    for name, group in blocks.items():
        if any(m["central"] for m in group):
            for m in group:
                m["person_id"], m["confidence"] = f"central:{name}", 0.99
            continue
        places = sorted({m["place"] for m in group if m["place"]})
        for m in group:
            if m["place"]:
                m["person_id"], m["confidence"] = f"{m['place']}:{name}", 0.9
            elif len(places) == 1:  # placeless mention joins the only place its name is seen in
                m["person_id"], m["confidence"] = f"{places[0]}:{name}", 0.7
            else:
                m["person_id"], m["confidence"] = f"?:{name}", 0.5
    return Linked(ms)


TOP_POSTS = ("书记", "副书记", "区长", "县长", "市长")


def draw_timeline(careers, place: str, path: str) -> str:
    """Per place, a timeline of who held the top posts (matplotlib, Agg); writes a PNG at ``path``."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    rows = careers[(careers["place"] == place) & careers["first_seen"].notna()]
    rows = rows[rows["title"].apply(lambda t: any(t.endswith(p) for p in TOP_POSTS))]
    import pandas as pd
    fig, ax = plt.subplots(figsize=(8, 0.5 + 0.4 * max(1, len(rows))))
    for i, r in enumerate(rows.itertuples()):
        a, b = pd.Timestamp(r.first_seen), pd.Timestamp(r.last_seen)
        ax.plot([a, b], [i, i], lw=6, solid_capstyle="butt")
        ax.text(b, i, f" {r.name} {r.title}", va="center", fontsize=8)
    ax.set_yticks([])
    ax.set_title(place)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
