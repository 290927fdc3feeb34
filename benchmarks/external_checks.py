"""Out-of-domain checks on public labelled corpora in ../shared/data/external (measured, never shipped).

    .venv/bin/python benchmarks/external_checks.py [--limit N]

None of these corpora labels the four styles; each check below follows the mapping in the corpus's
README. Rows are sampled deterministically (every k-th row) up to --limit per group.
"""

from __future__ import annotations

import csv
import gzip
import sys
from pathlib import Path

from voice_coach.analysis import Analyzer, Response
from voice_coach.analysis.textform import to_recognizer_form

EXT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "external"
csv.field_size_limit(10_000_000)


def sample(rows: list, limit: int) -> list:
    step = max(1, len(rows) // limit)
    return rows[::step][:limit]


def run(analyzer: Analyzer, texts: list[str]):
    texts = [t for t in texts if t and t.strip()]
    return list(analyzer.analyze_many(Response(t) for t in texts))


def rate(results, test) -> float:
    return sum(1 for r in results if test(r)) / len(results) if results else float("nan")


def hostile(r) -> bool:
    return r.style in ("aggressive", "passive_aggressive")


def has_marker(*cats):
    return lambda r: any(m.category in cats for m in r.markers)


def line(name: str, n: int, value: float, note: str = "") -> None:
    print(f"  {name:58} n={n:<5} {value:6.3f}  {note}")


def swda(a: Analyzer, limit: int) -> None:
    print("SwDA (spoken telephone English, in recogniser form)")
    with open(EXT / "swda-dialog-acts" / "swda_focus_acts.tsv", encoding="utf-8") as f:
        focus = list(csv.DictReader(f, delimiter="\t"))
    by_act: dict[str, list[str]] = {}
    for row in focus:
        by_act.setdefault(row["act"], []).append(to_recognizer_form(row["text"]))
    res = run(a, sample(by_act["fa"], limit))
    line("apology act (fa): apology marker recall", len(res), rate(res, has_marker("apology")))
    res = run(a, sample(by_act["ad"], limit))
    line("action-directive (ad): request element recall", len(res), rate(res, lambda r: r.elements["request"]))
    res = run(a, sample(by_act["h"], limit))
    line("hedge act (h): hedge/filler marker recall", len(res), rate(res, has_marker("hedge", "filler")))
    with gzip.open(EXT / "swda-dialog-acts" / "swda_full_set.tsv.gz", "rt", encoding="utf-8") as f:
        plain = [r["text"] for r in csv.DictReader(f, delimiter="\t") if r["act"] in ("sd", "sv", "aa")]
    res = run(a, [to_recognizer_form(t) for t in sample(plain, limit)])
    res = [r for r in res if r.transcript.strip()]
    line("statements/agreement (sd, sv, aa): called aggressive or p-a", len(res), rate(res, hostile), "(false alarms; lower is better)")


def olid(a: Analyzer, limit: int) -> None:
    print("OLID (tweets)")
    d = EXT / "olid-offenseval2019"
    with open(d / "testset-levela.tsv", encoding="utf-8") as f:
        tweets = {r["id"]: r["tweet"].replace("@USER", "").replace("URL", "") for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)}
    with open(d / "labels-levela.csv", encoding="utf-8") as f:
        labels = dict(csv.reader(f))
    for lab, note in (("OFF", "(higher is better)"), ("NOT", "(false alarms; lower is better)")):
        res = run(a, sample([t for i, t in tweets.items() if labels.get(i) == lab], limit))
        line(f"{lab}: called aggressive or passive-aggressive", len(res), rate(res, hostile), note)
    with open(d / "olid-training-v1.0.tsv", encoding="utf-8") as f:
        ind = [r["tweet"].replace("@USER", "").replace("URL", "") for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
               if r["subtask_c"] == "IND"]
    res = run(a, sample(ind, limit))
    line("targeted insult/threat at a person (TIN/IND): insult/threat/blame marker", len(res),
         rate(res, has_marker("insult", "threat", "blame", "profanity")))


def trac(a: Analyzer, limit: int) -> None:
    print("TRAC-1 (Facebook, gold test)")
    with open(EXT / "trac1-aggression" / "agr_en_fb_gold.csv", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    for lab, note in (("OAG", "(overt: higher is better)"), ("CAG", "(covert)"), ("NAG", "(false alarms; lower is better)")):
        res = run(a, sample([r[1] for r in rows if len(r) >= 3 and r[2] == lab], limit))
        line(f"{lab}: called aggressive or passive-aggressive", len(res), rate(res, hostile), note)


def politeness(a: Analyzer, limit: int) -> None:
    print("Stanford politeness (Wikipedia requests)")
    with open(EXT / "stanford-politeness" / "wikipedia.annotated.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rude = [r["Request"] for r in rows if float(r["Normalized Score"]) <= -0.443]
    polite = [r["Request"] for r in rows if float(r["Normalized Score"]) >= 0.514]
    r_rude, r_polite = run(a, sample(rude, limit)), run(a, sample(polite, limit))
    line("bottom quartile (impolite): called aggressive or p-a", len(r_rude), rate(r_rude, hostile))
    line("top quartile (polite): called aggressive or p-a", len(r_polite), rate(r_polite, hostile), "(lower is better)")
    both = r_rude + r_polite
    line("all (every item is a request): request element recall", len(both), rate(both, lambda r: r.elements["request"]))
    line("top quartile: hedge or apology marker", len(r_polite), rate(r_polite, has_marker("hedge", "apology")))
    line("bottom quartile: hedge or apology marker", len(r_rude), rate(r_rude, has_marker("hedge", "apology")))


def ucc(a: Analyzer, limit: int) -> None:
    print("Unhealthy Comments Corpus (news comments, test)")
    with open(EXT / "ucc-unhealthy-comments" / "test.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    flag = lambda r, k: r[k] == "1"  # noqa: E731
    agg = [r["comment"] for r in rows if flag(r, "hostile") or flag(r, "antagonize")]
    pa = [r["comment"] for r in rows if (flag(r, "condescending") or flag(r, "sarcastic") or flag(r, "dismissive"))
          and not (flag(r, "hostile") or flag(r, "antagonize"))]
    clean = [r["comment"] for r in rows if r["healthy"] == "1" and not any(
        flag(r, k) for k in ("antagonize", "condescending", "dismissive", "generalisation", "hostile", "sarcastic"))]
    res = run(a, sample(agg, limit))
    line("hostile or antagonize: called aggressive or p-a", len(res), rate(res, hostile), "(higher is better)")
    res = run(a, sample(pa, limit))
    line("condescending/sarcastic/dismissive: called aggressive or p-a", len(res), rate(res, hostile))
    res = run(a, sample(clean, limit))
    line("clean healthy comments: called aggressive or p-a", len(res), rate(res, hostile), "(false alarms; lower is better)")


def main(argv: list[str]) -> int:
    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else 400
    if not EXT.exists():
        print(f"external corpora not found at {EXT}", file=sys.stderr)
        return 1
    a = Analyzer()
    for check in (swda, olid, trac, politeness, ucc):
        check(a, limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
