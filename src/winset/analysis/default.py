"""The default analysis of a scenario as one JSON-ready dictionary (used by the CLI, reports and web app)."""

from __future__ import annotations

from typing import Any

import numpy as np

from winset.analysis.deals import (
    blocking_red_lines,
    closest_deal,
    evaluate_deals,
    red_lines_broken,
    resolve_reference,
    sticking_points,
)
from winset.analysis.pareto import bargaining_parties, dominates
from winset.analysis.parties import one_big_issue, party_sticking_points
from winset.analysis.routes import route_json, route_taken
from winset.models import forecasts
from winset.ratify import EPS, REASONS, Vote
from winset.scenario.compiled import CompiledBody, compile_scenario
from winset.scenario.schema import Scenario


def _r(x: Any, nd: int = 4) -> float:
    return round(float(x), nd)


def _turnout_and_blocs(sc: Scenario, b: CompiledBody, vt: Vote, j: int) -> dict[str, Any]:
    """Turnout, approval, the quorums, the reason the vote passes or fails, and the vote of every bloc."""
    assert vt.turnout is not None and vt.approval is not None and vt.reason is not None
    assert vt.bloc_yes is not None and vt.bloc_turnout is not None
    body = sc.body(b.id)
    w = np.asarray(b.weights, dtype=float)
    community = {m.id: m.community for m in body.members}
    return {
        "turnout": _r(vt.turnout),
        "approval": _r(vt.approval[j]),
        "turnout_quorum": None if b.turnout_quorum is None else _r(b.turnout_quorum),
        "approval_quorum": None if b.approval_quorum is None else _r(b.approval_quorum),
        "concurrent": bool(b.communities),
        "reason": REASONS[int(vt.reason[j])],
        "blocs": [
            {
                "id": m,
                "community": community[m],
                "share": _r(w[n] / w.sum()),
                "prefers_deal": bool(vt.yes[j, n]),
                "yes_share": _r(vt.bloc_yes[j, n]),
                "turnout": _r(vt.bloc_turnout[n]),
            }
            for n, m in enumerate(b.member_ids)
        ],
    }


def _closest(
    c: Any, ev: Any, deals: list[dict[str, Any]], reference: str, sp: list[Any]
) -> dict[str, Any] | None:
    """The deal nearest to agreement (:func:`closest_deal`) and what it misses: its blockers (with the red lines
    that block) and the issues where it lies outside what every veto player accepts, the rest held at it."""
    j = closest_deal(ev, bargaining_parties(c))
    if j is None:
        return None
    d = deals[j]
    if reference != d["id"]:
        sp = sticking_points(c, c.deals[j], c.instruments[j])
    misses = [
        {
            "issue": a.issue,
            "kind": a.kind,
            "value": _r(a.reference_value, 2),
            "move": _r(a.move, 2),
            "gap": _r(a.gap, 2),
            "overlap": [[_r(x, 2), _r(y, 2)] for x, y in a.overlap],
        }
        for a in sp
        if a.kind in ("deadlock", "fixable")
    ]
    return {
        "id": d["id"],
        "name": d["name"],
        "ratifiable": d["ratifiable"],
        "blockers": d["blockers"],
        "blocking_red_lines": d["blocking_red_lines"],
        "misses": misses,
    }


def analyze(sc: Scenario, reference: str = "auto") -> dict[str, Any]:
    """Forecast, deal evaluation and sticking points for one scenario.

    "The one big issue" comes from the parties, not from the deals (:mod:`winset.analysis.parties`): it does not
    change when a deal is added or removed.  ``sticking_points.closest_deal`` names the deal nearest to agreement
    and what it misses.  ``reference`` names the package the other issues are held at in the per-issue table
    (``sticking_points.issues``): ``auto`` (the deal nearest to agreement, see :func:`closest_deal`; the compromise forecast
    when there are no deals), a forecast model (``compromise``, ``weighted_median``) or a deal id.
    """
    c = compile_scenario(sc)
    fc = forecasts(c)
    iids = c.issue_ids
    out: dict[str, Any] = {
        "scenario": {"id": sc.id, "title": sc.title},
        "forecast": {m: {i: _r(v[k], 2) for k, i in enumerate(iids)} for m, v in fc.items()},
    }
    ev = evaluate_deals(c)
    dom = dominates(ev.utility[:, None, :], ev.utility[None, :, :], tol=EPS)  # dom[i, j]: i dominates j
    deals = []
    for j, d in enumerate(sc.deals):
        broken = red_lines_broken(c, c.deals[j])
        bodies = []
        for b in c.bodies:
            vt = ev.votes[b.id]
            bodies.append(
                {
                    "id": b.id,
                    "name": b.name,
                    "actor": b.actor,
                    "rule": b.rule,
                    "applies": bool(vt.applies[j]),
                    "yes_weight": _r(float((vt.yes[j] * b.weights).sum())),
                    "total_weight": _r(float(b.weights.sum())),
                    "yes_share": _r(vt.yes_share[j]),
                    "threshold": _r(vt.threshold),
                    "margin": _r(vt.margin[j]),
                    "passed": bool(vt.passed[j]),
                    "yes": [m for m, y in zip(b.member_ids, vt.yes[j], strict=True) if y],
                    "no": [m for m, y in zip(b.member_ids, vt.yes[j], strict=True) if not y],
                    **_turnout_and_blocs(sc, b, vt, j),
                    "red_lines": {m: broken[f"{b.id}/{m}"] for m in b.member_ids if f"{b.id}/{m}" in broken},
                }
            )
        sellable = {}
        for a in c.actor_ids:
            own = [x for x in bodies if x["actor"] == a and x["applies"]]
            sellable[a] = all(x["passed"] for x in own)
        deals.append(
            {
                "id": d.id,
                "name": d.name,
                "instrument": d.instrument,
                "terms": {i: _r(c.deals[j, k], 2) for k, i in enumerate(iids)},
                "utility": {a: _r(ev.utility[j, n]) for n, a in enumerate(c.actor_ids)},
                "no_deal_utility": {a: _r(ev.no_deal[n]) for n, a in enumerate(c.actor_ids)},
                "accepts": {a: bool(ev.accepts[j, n]) for n, a in enumerate(c.actor_ids)},
                "bodies": bodies,
                "sellable_at_home": sellable,
                "blockers": ev.blockers(j),
                "red_lines": {a: broken[a] for a in c.actor_ids if a in broken},
                "blocking_red_lines": blocking_red_lines(c, c.deals[j], ev.blockers(j), c.instruments[j]),
                "ratifiable": bool(ev.ratifiable[j]),
                "pareto_dominated_by": [sc.deals[i].id for i in range(len(sc.deals)) if dom[i, j]],
            }
        )
        if ev.routes:  # ratification routes (winset.analysis.routes): each route's outcome and the one taken
            deals[-1]["routes"] = [route_json(r) for r in ev.routes[j]]
            deals[-1]["route"] = route_taken(ev.routes[j])
            if ev.ratifiable[j]:
                deals[-1]["blockers"] = []
                deals[-1]["blocking_red_lines"] = {}
    out["deals"] = deals
    reference = resolve_reference(c, reference, ev)
    if reference in fc:
        ref, instrument = fc[reference], "treaty"  # a forecast has no instrument: judge it as a treaty
    else:
        j = c.deal_ids.index(reference)
        ref, instrument = c.deals[j], c.instruments[j]
    sp = sticking_points(c, ref, instrument)
    out["sticking_points"] = {
        "reference": reference,
        "instrument": instrument,
        "reference_package": {i: _r(ref[k], 2) for k, i in enumerate(iids)},
        "issues": [
            {
                "issue": a.issue,
                "name": sc.issue(a.issue).name,
                "kind": a.kind,
                "reference_value": _r(a.reference_value, 2),
                "move": _r(a.move, 2),
                "gap": _r(a.gap, 2),
                "gap_share": _r(a.gap_share),
                "salience": _r(a.salience),
                "score": _r(a.score),
                "binding": list(a.binding) if a.binding else None,
                "blocked_by": a.blocked_by,
                "overlap": [[_r(x, 2), _r(y, 2)] for x, y in a.overlap],
                "ranges": {v: [[_r(x, 2), _r(y, 2)] for x, y in rg] for v, rg in a.ranges.items()},
            }
            for a in sp
        ],
    }
    parties = party_sticking_points(c)
    out["sticking_points"]["one_big_issue"] = one_big_issue(parties)
    out["sticking_points"]["parties"] = [
        {
            "issue": a.issue,
            "name": sc.issue(a.issue).name,
            "kind": a.kind,
            "score": _r(a.score),
            "gap": _r(a.gap, 2),
            "salience": _r(a.salience),
            "binding": list(a.binding) if a.binding else None,
            "accepts_nothing": a.accepts_nothing,
            "red_line_clash": a.red_line_clash,
            "overlap": [[_r(x, 2), _r(y, 2)] for x, y in a.overlap],
            "best": {v: _r(x, 2) for v, x in a.best.items()},
            "concessions": {v: _r(x, 2) for v, x in a.concessions.items() if x > EPS},
            "ranges": {v: [[_r(x, 2), _r(y, 2)] for x, y in rg] for v, rg in a.ranges.items()},
        }
        for a in parties
    ]
    out["sticking_points"]["closest_deal"] = _closest(c, ev, deals, reference, sp)
    ok_ref = evaluate_deals(c, ref[None, :], [instrument]).ratifiable[0]
    out["sticking_points"]["reference_ratifiable"] = bool(ok_ref)
    out["sticking_points"]["blocked_on_every_issue"] = (
        sorted(set.intersection(*[set(a.blocked_by) for a in sp])) if sp else []
    )
    out["veto_players"] = list(c.veto_players)
    return out
