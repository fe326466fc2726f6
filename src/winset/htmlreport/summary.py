"""A plain-language summary of an analysis: the one big issue, which deals can be ratified, who blocks; and the
caption of the BDM trajectories."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from winset.formatting import fmt_on_scale
from winset.scenario.schema import Scenario
from winset.services.report_types import BdmTrajectories


def names(sc: Scenario) -> dict[str, str]:
    """Readable names of actors, bodies, issues and deals by id."""
    out = {a.id: a.name for a in sc.actors}
    out.update({b.id: b.name for b in sc.bodies})
    out.update({i.id: i.name for i in sc.issues})
    out.update({d.id: d.name for d in sc.deals})
    return out


def describe_input(sc: Scenario, path: str) -> str:
    """A readable name for an uncertain input's dotted path (``actors.US.positions.control`` ->
    ``US position on De facto control ...``)."""
    parts = path.split(".")
    issues = {i.id: i.name for i in sc.issues}
    labels = {
        "capability": "capability",
        "risk": "risk attitude",
        "delay_cost_per_week": "delay cost per week",
        "discount_factor_per_week": "weekly discount factor",
    }
    try:
        if parts[0] == "actors":
            a, what = parts[1], parts[2]
            if what in ("positions", "salience"):
                word = "position on" if what == "positions" else "salience of"
                return f"{a} {word} {issues.get(parts[3], parts[3]).lower()}"
            return f"{a} {labels.get(what, what)}"
        if parts[0] == "bodies":
            body = sc.body(parts[1])
            if parts[2] == "members":
                member = next(m for m in body.members if m.id == parts[3])
                who = member.name or member.id
                if parts[4] == "weight":
                    return f"size of “{who}” ({body.name})"
                if parts[4] == "ideal":
                    return f"“{who}” ideal on {issues.get(parts[5], parts[5]).lower()}"
                if parts[4] == "salience":
                    return f"“{who}” salience of {issues.get(parts[5], parts[5]).lower()}"
                return f"“{who}” {parts[4].replace('_', ' ')} ({body.name})"
            if parts[2] == "quota":
                return f"{body.name} quota"
            if parts[2] == "salience":
                return f"{body.name} salience of {issues.get(parts[3], parts[3]).lower()}"
        if parts[0] == "reversion":
            return f"no-deal value of {issues.get(parts[1], parts[1]).lower()}"
        if parts[0] == "deals":
            return f"“{sc.deal(parts[1]).name}” term on {issues.get(parts[3], parts[3]).lower()}"
        if path == "cost_of_delay.horizon_weeks":
            return "weeks of delay priced into no deal"
    except (KeyError, IndexError, StopIteration):
        pass
    return path


def describe_bdm(sc: Scenario, t: BdmTrajectories) -> str:
    """What the "Bargaining dynamics" chart shows (BDM as specified by Scholz, Calbert & Smith 2011), with the
    rounds each issue took to settle."""
    stopped = ", ".join(f"{i.name}: {t.rounds_run[i.id]}" for i in sc.issues)
    return (
        "Bueno de Mesquita's expected-utility model (as specified by Scholz, Calbert & Smith 2011): each round "
        "every actor weighs challenging every other, accepts the best offer it gets (confrontation, compromise "
        "or capitulation) and moves; the dashed line is the median position, the model's forecast. "
        f"Rounds until no actor moves (at most {t.rounds}): {stopped}."
    )


def _join(items: list[str]) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def _on(sc: Scenario, issue: str) -> Callable[[float], str]:
    """Values of ``issue`` at its scale's precision (:func:`winset.formatting.fmt_on_scale`)."""
    s = sc.issue(issue).scale
    return lambda x: fmt_on_scale(x, s.min, s.max)


def summarize(sc: Scenario, res: dict[str, Any], sweep: dict[str, Any] | None = None) -> list[str]:
    """Short paragraphs for a reader who will not read the tables."""
    nm = names(sc)
    paras: list[str] = []
    sp = res["sticking_points"]
    deals = res["deals"]

    # the one big issue
    big = sp.get("one_big_issue")
    ref_name = nm.get(sp["reference"], sp["reference"].replace("_", " "))
    if big:
        top = next(p for p in sp["parties"] if p["issue"] == big)
        _fmt = _on(sc, big)
        if top["kind"] == "deadlock":
            a, b = top["binding"] or ("", "")
            paras.append(
                f"The one big issue is {nm[big].lower()}: even with every other issue at each veto player's best "
                f"attainable terms, no value of it satisfies every veto player. {nm.get(a, a)} needs at least one "
                f"end of the range and {nm.get(b, b)} the other; they are {_fmt(top['gap'])} points apart."
            )
        else:
            lo_hi = _join([f"{_fmt(x)}–{_fmt(y)}" for x, y in top["overlap"]])
            who = _join([nm.get(v, v) for v, _ in sorted(top["concessions"].items(), key=lambda kv: -kv[1])])
            paras.append(
                f"The one big issue is {nm[big].lower()}. Even with every other issue at each veto player's best "
                f"attainable terms, all of them accept only {lo_hi}: {who} must give up most here (weighted by "
                f"how much the veto players care), more than on any other issue. This does not depend on the "
                f"deals on the table."
            )
    elif sp.get("reference_ratifiable"):
        paras.append(f"There is no sticking point: every veto player accepts “{ref_name}”.")
    else:
        who = _join([nm.get(v, v) for v in sp.get("blocked_on_every_issue", [])]) or "some veto players"
        paras.append(
            f"No single issue is the sticking point: starting from “{ref_name}”, {who} cannot be "
            f"satisfied by moving any one issue alone; the package needs changes on several issues."
        )

    # which deals pass
    if not deals:
        paras.append("No deals are on the table in this scenario.")
    else:
        ok = [d for d in deals if d["ratifiable"]]
        if len(deals) == 1:
            verdict = f", “{ok[0]['name']}”, would be" if ok else " would not be"
            paras.append(f"The one deal on the table{verdict} ratified at home as it stands.")
        elif ok:
            paras.append(
                f"{len(ok)} of the {len(deals)} deals on the table would be ratified at home as "
                f"{'it stands' if len(ok) == 1 else 'they stand'}: {_join(['“' + d['name'] + '”' for d in ok])}."
            )
        else:
            paras.append(
                f"None of the {len(deals)} deals on the table would be ratified at home as they stand."
            )
        blocked = [d for d in deals if not d["ratifiable"]]
        if blocked:
            count = Counter(b for d in blocked for b in d["blockers"])
            bodies = {b.id for b in sc.bodies}
            if len(blocked) == 1:
                parts = [
                    f"the {nm.get(w, w)} would vote it down" if w in bodies else f"{nm.get(w, w)} rejects it"
                    for w in blocked[0]["blockers"]
                ]
                paras.append(f"“{blocked[0]['name']}” fails because {_join(parts)}.")
            else:
                parts = []
                for who, n in count.most_common(3):
                    k = f"all {n}" if n == len(blocked) else f"{n}"
                    parts.append(
                        f"the {nm.get(who, who)} blocks {k}"
                        if who in bodies
                        else f"{nm.get(who, who)} rejects {k}"
                    )
                paras.append(f"Of the {len(blocked)} that fail, {_join(parts)}.")
            # the closest miss at home: the failing body vote with the smallest shortfall
            misses = [
                (bv["margin"], d["name"], bv["name"], bv["yes_share"], bv["threshold"], bv["rule"])
                for d in blocked
                for bv in d["bodies"]
                if bv["applies"] and not bv["passed"]
            ]
            if misses:
                _m, dn, bn, ys, th, rule = max(misses)
                need = (
                    f"more than {th:.0%}"
                    if rule in ("majority", "referendum")
                    else "all of it"
                    if rule == "unanimity"
                    else f"at least {th:.0%}"
                )
                paras.append(
                    f"The closest miss at home is “{dn}” in the {bn}: {ys:.0%} would vote yes; it needs "
                    f"{need}."
                )

    # the forecast
    fc = res["forecast"]["compromise"]
    if big:
        paras.append(
            f"The compromise model (capability × salience weighted mean) puts the outcome on "
            f"{nm[big].lower()} at {_on(sc, big)(fc[big])} (no deal: {_on(sc, big)(sc.reversion[big].value)})."
        )

    # uncertainty
    if sweep and sweep.get("deals"):
        probs = sorted(((v["p_ratified"], k) for k, v in sweep["deals"].items()), reverse=True)
        p, best = probs[0]
        txt = f"Across {sweep['draws']:,} draws of the uncertain numbers (seed {sweep['seed']}), "
        if p > 0:
            txt += f"the deal most likely to be ratified is “{nm.get(best, best)}” (probability {p:.0%})."
            drv = sweep["sensitivity"]["drivers"].get(f"ratified.{best}", [])
            if drv and abs(drv[0]["rho"]) >= 0.1:
                txt += (
                    f" Its chances depend most on the {describe_input(sc, drv[0]['input'])} "
                    f"({'higher is better' if drv[0]['rho'] > 0 else 'higher is worse'} for the deal)."
                )
        else:
            txt += "no deal on the table is ratified in any draw."
        paras.append(txt)
    bi = (sweep or {}).get("one_big_issue")
    if bi and big:
        paras.append(
            f"How sure is the sticking point? On {bi['draws']:,} of those draws, {nm[big].lower()} is the one "
            f"big issue in {bi['p'].get(big, 0.0):.0%} of them."
        )
    return paras
