"""Identity links across reports on the gold in corpus/people (issue 11)."""
import subprocess
import sys
from pathlib import Path

from meeting_nlp.cli.evaluate_people import load_gold, score
from meeting_nlp.people import link, parse_title

GOLD = Path(__file__).resolve().parent.parent / "corpus" / "people"


def gold_records():
    out = []
    for g in load_gold(GOLD):
        spans = [{"start": m["start"], "end": m["end"], "label": "PERSON", "text": m["name"], "norm": m["name"],
                  "attrs": {"titles": m["titles"]}} for m in g["mentions"]]
        out.append({"id": g["id"], "place": g["place"], "date": g["date"], "text": g["text"], "spans": spans})
    return out


def test_promotion_stays_one_person():
    linked = link(gold_records())
    ids = {m["person_id"] for m in linked.mentions if m["name"] == "黄茂军"}
    assert len(ids) == 1
    titles = set(linked.careers().query("name == '黄茂军'")["title"])
    assert "区长" in titles and "区委书记" in titles


def test_namesakes_in_two_places_kept_apart():
    recs = gold_records()
    other = {"id": "x", "place": "临河区", "date": "2024-01-05", "text": "王南",
             "spans": [{"start": 0, "end": 2, "label": "PERSON", "text": "王南", "norm": "王南", "attrs": {"titles": ["临河区委书记"]}}]}
    linked = link(recs + [other])
    assert len({m["person_id"] for m in linked.mentions if m["name"] == "王南"}) == 2


def test_gold_links_score_perfectly_from_gold_spans():
    s = score(load_gold(GOLD), link(gold_records()))
    assert s["pairwise"][2] == 1.0


def test_parse_title():
    assert parse_title("中共渝中区委书记") == {"organ": "区委", "place": "渝中区", "post": "书记"}


def test_cli_missing_folder_fails_clearly(tmp_path):
    r = subprocess.run([sys.executable, "-m", "meeting_nlp", "evaluate-people", str(tmp_path / "nope")],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "no such folder" in r.stderr
