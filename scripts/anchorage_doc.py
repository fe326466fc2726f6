"""Regenerate docs/anchorage.md: the model's verdicts on ukraine-2025 beside what the parties did (issue 11).

The model columns come from ``winset.timeline("ukraine-2025", draws=DRAWS, seed=0)``, the same numbers as
``winset timeline ukraine-2025 --json``; the ground truth (who accepted or rejected each plan, with the source
ids of docs/research/ukraine-timeline.md) is written out below by hand, from that record, never from the
model.  The prose around the tables is in ``INTRO`` and ``WHY``.

    PYTHONPATH=src python scripts/anchorage_doc.py           # rewrite docs/anchorage.md
    PYTHONPATH=src python scripts/anchorage_doc.py --check   # exit 1 if the file is stale
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import winset

SCENARIO = "ukraine-2025"
DRAWS = 300  # the CLI's default (services._timeline.TIMELINE_DRAWS)
DOC = Path(__file__).resolve().parent.parent / "docs" / "anchorage.md"
ACTORS = ("US", "RU", "UA", "EU")
TERRITORY = {"control", "sovereignty"}  # the issue the parties named as blocking: territory (S01, S32, S65)

# What the parties did with each plan (docs/research/ukraine-timeline.md §7): who accepted it (or accepted it
# as a basis, or proposed it), who rejected it or answered with a counter-proposal.  Parties with no stated
# reaction are in neither set and are not scored.
TRUTH: dict[str, dict[str, Any]] = {
    "anchorage_formula": {
        "accepted": {"RU", "US"},
        "rejected": {"UA", "EU"},
        "did": "RU proposes; US relays and leans to it (S02, S08); UA rejects ceding Donetsk (S08, S84); "
        "EU: no reward for aggression (S06); RU still insists on it in Jan-Mar 2026 (S63-S67)",
    },
    "land_for_peace": {
        "accepted": set(),
        "rejected": {"RU"},
        "did": "RU rejects an immediate ceasefire on the line (S10) and demands Donbas (S01, S33)",
    },
    "plan28": {
        "accepted": {"RU", "US"},
        "rejected": {"UA", "EU"},
        "did": "US proposes; RU: 'could form the basis' (S16, S17); UA counters in Geneva (S26); "
        "EU counters with the E3 text (S21)",
    },
    "e3_counter": {
        "accepted": {"EU", "UA"},
        "rejected": {"RU"},
        "did": "EU proposes, UA supports; RU: 'unconstructive' (S31)",
    },
    "geneva19": {
        "accepted": {"US", "UA"},
        "rejected": {"RU"},
        "did": "US and UA agree (S26); RU: key points unacceptable (2 Dec, S34, S35)",
    },
    "plan20_kyiv": {
        "accepted": {"UA", "US", "EU"},
        "rejected": {"RU"},
        "did": "UA and US co-draft it, EU supports (S49, S56); RU insists on all of Donbas (S63-S67)",
    },
    "plan20_fez": {
        "accepted": {"US"},
        "rejected": {"UA", "RU"},
        "did": "US pushes it (S37); UA rejects a one-sided withdrawal (S37, S84); RU wants the land itself "
        "(S65, S85)",
    },
}
NOT_SCORED = {
    "lease": "A1's option; no party tabled it",
    "neutral_zone": "A1's option; no party tabled it",
    "conditional_recognition": "A1's option; no party tabled it",
    "minerals_deal": "A2's speculation; no party tabled it",
}

INTRO = """\
# Holding the model against what happened: the Ukraine negotiation, Aug 2025 – Apr 2026

Issue 11, item 4. For each dated snapshot of the default scenario `ukraine-2025`, what winset says (the
sticking point, the zone of agreement, each plan's verdict, chance of ratification and blockers) beside what
the parties then did, marked right or wrong. The record and every source id (S01–S96) are in
[research/ukraine-timeline.md](research/ukraine-timeline.md) (§7 there is the ground-truth table); the stored
reporting ends on **2026-04-10**, so this is the model "as reported up to 2026-04-10", not the present.

**Generated** by `scripts/anchorage_doc.py` from `winset.timeline("ukraine-2025", draws={draws}, seed=0)`
(the numbers of `winset timeline ukraine-2025 --json`); `python scripts/anchorage_doc.py --check` fails when
this file no longer matches the model (a test runs it). Edit the script, not this file.

**What counts as right.** No plan was ratified by all parties up to the last date covered. A plan's verdict is
*right* when the model says it is not ratifiable, names as blockers (a share of draws blocking it ≥ 50%) every
government that rejected or counter-proposed it, and names no government that accepted it (accepting "as a
basis" counts as accepting). The bodies (US Senate, referendum, EU Council) never voted on any plan; their
blocks are forecasts, not scored. The sticking point is right when the one big issue is territory (`control`
or `sovereignty`), the issue the parties said was blocking throughout (S01, S32, S65, S84).
"""

WHY = """\
## 3. Where the model is wrong, and why

1. **Every wrong plan verdict is one red line acting on plans nobody still tabled.** From 2026-02-05 Ukraine's
   red line on the Zaporizhzhia plant (`znpp ≤ 33`, Kyiv insisted on keeping it at Abu Dhabi, S71) makes the
   model name Ukraine as a blocker of the E3 text and of the Geneva revision, which Kyiv had backed in November
   2025: both gave Russia half the plant's output (`znpp` 50, from the 28-point text). The model is not wrong
   that Kyiv would by then refuse that split; it is wrong against the record, because by February nobody
   tabled either text and Kyiv never said it rejected them. A snapshot keeps every plan on the table until a
   change withdraws it; the scenario could withdraw the November texts once the 20-point framework replaced
   them (a judgement the research record does not settle: nobody announced their withdrawal).
2. **The bodies' blocks are forecasts, not scored.** The Senate, the referendum and the EU Council never voted.
   The model has the referendum block every plan that moves the line (`control` > 50) once the land-first
   bloc's red line (KIIS, S61, S69) is in: consistent with the polls, untested by a vote.
3. **Placement drives verdicts.** Terms a plan left open (Geneva's bracketed territory and NATO points, the
   army cap the US dropped) sit at the snapshot's status quo (nothing agreed now); terms no report gives are
   judgements marked as assumptions in the scenario. Geneva is right only because its bracketed terms are read
   as open: at the 28-point values (the draft's first encoding) the model had Kyiv rejecting its own text.
4. **The sticking point is territory throughout, as the parties said.** Before December the deadlock is
   Russia's Donbas condition (S01) against the referendum's land-first bloc; from 2 December 2025 the two
   governments' own red lines clash (RU `sovereignty ≥ 75` against UA `sovereignty < 75`, RU `army_cap ≤ 600`
   against UA `army_cap > 600`, from 11 December RU `control ≥ 73` against UA `control ≤ 55`), which proves
   the zone of agreement empty without a search. The record agrees that nothing was signed; it cannot show
   whether the zone was empty or unexplored, nor whether the secondary gaps (ZNPP, Western troops) would have
   mattered once territory was settled.
5. **Right is mostly consistency, not prediction.** The red lines and positions that decide the verdicts are
   sourced to the parties' own statements, often the very statements that reject a plan (Russia's Donbas
   condition, S01, S36; Kyiv's refusals, S36, S37). A verdict that a party blocks a plan it had already said it
   rejects checks that the scenario encodes the record faithfully, and that the two-level mechanics do not
   overturn it; it is not a forecast made before the fact. The verdicts on plans that came later than the red
   lines deciding them (the 20-point variants against Russia's December red lines, the referendum against the
   land-first bloc) are the nearer thing to a test.
"""


def _blockers(snap: dict[str, Any], deal: dict[str, Any]) -> list[str]:
    odds = snap["odds"].get(deal["id"])
    if odds:
        return [v for v, p in odds["p_blocked_by"].items() if p >= 0.5]
    return list(deal["blockers"])


def _mark(deal_id: str, ratifiable: bool, blockers: list[str]) -> str | None:
    t = TRUTH.get(deal_id)
    if t is None:
        return None
    gov = {b for b in blockers if b in ACTORS}
    right = not ratifiable and t["rejected"] <= gov and not (t["accepted"] & gov)
    return "right" if right else "wrong"


def _why_wrong(deal_id: str, blockers: list[str]) -> str:
    t = TRUTH[deal_id]
    gov = {b for b in blockers if b in ACTORS}
    bits = []
    if t["accepted"] & gov:
        bits.append("blocked by " + ", ".join(sorted(t["accepted"] & gov)) + ", which accepted it")
    if t["rejected"] - gov:
        bits.append("not blocked by " + ", ".join(sorted(t["rejected"] - gov)) + ", which rejected it")
    return "; ".join(bits)


def _sticking(snap: dict[str, Any]) -> tuple[str, bool]:
    sp = snap["sticking_points"]
    big = sp["one_big_issue"]
    if big is None:
        return "none named", False
    top = next(p for p in sp["parties"] if p["issue"] == big)
    if top["kind"] == "deadlock":
        why = " against ".join(top["red_line_clash"]) or " vs ".join(top["binding"] or [])
        text = f"`{big}`: deadlock, gap {top['gap']:g} ({why})"
    else:
        text = f"`{big}`: {top['kind']}"
    return text, big in TERRITORY


def render(res: dict[str, Any]) -> str:
    """Render docs/anchorage.md from a ``TimelineResult.to_dict()``."""
    snaps = res["snapshots"]
    lines = [INTRO.format(draws=res["draws"])]
    score = {"right": 0, "wrong": 0}
    per_deal: dict[str, list[tuple[str, str, str]]] = {}
    rows = []
    for s in snaps:
        sticking, sp_right = _sticking(s)
        score["right" if sp_right else "wrong"] += 1
        cells = []
        for d in s["deals"]:
            odds = s["odds"].get(d["id"])
            chance = f"{odds['p_ratified']:.0%}" if odds else ("✓" if d["ratifiable"] else "✗")
            bl = _blockers(s, d)
            mark = _mark(d["id"], d["ratifiable"], bl)
            if mark:
                score[mark] += 1
                per_deal.setdefault(d["id"], []).append((s["date"], mark, ", ".join(bl)))
            tag = {"right": " ✔", "wrong": " **✘**", None: ""}[mark]
            cells.append(f"`{d['id']}` {chance} [{', '.join(bl) or '—'}]{tag}")
        zopa = "empty" if not s["zopa"]["nonempty"] else "non-empty"
        zopa += " (exact)" if s["zopa"]["exact"] else " (sampled)"
        rows.append(
            f"| {s['date']} | {s['title']} | {sticking} {'✔' if sp_right else '**✘**'} | {zopa} | "
            + "<br>".join(cells)
            + " |"
        )
    total = score["right"] + score["wrong"]
    lines.append(
        f"**Score: {score['right']} right, {score['wrong']} wrong** out of {total} judgements "
        f"({len(snaps)} snapshots' sticking points and every scorable plan verdict at every snapshot it was on "
        f"the table).\n"
    )
    plans = {d: all(m == "right" for _, m, _ in seen) for d, seen in per_deal.items()}
    lines.append(
        f"Snapshots repeat a verdict until something changes, so the count above weighs long-lived plans more. "
        f"Per plan: {sum(plans.values())} of {len(plans)} scorable plans are right at every snapshot they were "
        f"on the table ({', '.join(f'`{d}`' for d, ok in plans.items() if ok)}); "
        f"{', '.join(f'`{d}`' for d, ok in plans.items() if not ok) or 'none'} go wrong at some snapshots (§3).\n"
    )
    lines.append("## 1. Plans: what the parties did, what the model said\n")
    lines.append(
        "Blockers are the veto players blocking the plan in at least half the draws. "
        "A = accepted, R = rejected or counter-proposed.\n"
    )
    lines.append(
        "| plan | what the parties did (sources) | A / R | model: blockers (first → last snapshot) | right? |"
    )
    lines.append("| --- | --- | --- | --- | --- |")
    for deal_id, t in TRUTH.items():
        seen = per_deal.get(deal_id)
        if not seen:
            continue
        right = sum(m == "right" for _, m, _ in seen)
        first, last = seen[0], seen[-1]
        model = f"{first[0]}: {first[2] or '—'}" + (
            f" → {last[0]}: {last[2] or '—'}" if last != first else ""
        )
        wrong = [(d, b) for d, m, b in seen if m == "wrong"]
        verdict = f"{right}/{len(seen)} snapshots right"
        if wrong:
            verdict += f"; wrong from {wrong[0][0]}: {_why_wrong(deal_id, wrong[0][1].split(', '))}"
        ar = f"A: {', '.join(sorted(t['accepted'])) or '—'}; R: {', '.join(sorted(t['rejected']))}"
        lines.append(f"| `{deal_id}` | {t['did']} | {ar} | {model} | {verdict} |")
    for deal_id, why in NOT_SCORED.items():
        lines.append(f"| `{deal_id}` | {why} | — | on the table until it was withdrawn | not scored |")
    lines.append("")
    lines.append("## 2. Per snapshot: sticking point, zone of agreement, every plan on the table\n")
    lines.append(
        f"Each plan: chance of ratification over {res['draws']} draws, [blockers], ✔/✘ against §1's record "
        "(no mark: not scored). The sticking point is the one big issue of `winset analyze` (the parties' "
        "ranges at their best terms; a red-line clash names both red lines).\n"
    )
    lines.append("| date | snapshot | sticking point (model) | ZOPA | plans |")
    lines.append("| --- | --- | --- | --- | --- |")
    lines.extend(rows)
    lines.append("")
    lines.append(WHY)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Write docs/anchorage.md, or with ``--check`` return 1 when it differs from what the model says now."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true", help="Exit 1 if docs/anchorage.md is stale.")
    ap.add_argument("-o", "--output", type=Path, default=DOC)
    a = ap.parse_args(argv)
    text = render(winset.timeline(SCENARIO, draws=DRAWS, seed=0).to_dict())
    if a.check:
        old = a.output.read_text(encoding="utf-8") if a.output.exists() else ""
        if old != text:
            print(f"{a.output} is stale: run python scripts/anchorage_doc.py", file=sys.stderr)
            return 1
        return 0
    a.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
