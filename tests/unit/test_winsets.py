"""Exact win-sets (1-D order statistics, 2-D Tukey depth) and the ZOPA, checked against ratify.vote, hand
examples and brute-force re-implementations written here."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import actor, scenario
from winset.analysis.winsets import (
    Interval,
    body_grid_2d,
    body_winset_1d,
    contains_any,
    max_arc_coverage,
    max_open_halfplane,
    member_regions_2d,
    quota_winset_1d,
    region_candidates_2d,
    tukey_depth,
    winset_empty_2d,
    winset_empty_2d_batch,
    zopa,
)
from winset.ratify import vote
from winset.scenario import compile_scenario


def one_body(
    issues,
    ideals,
    weights,
    rule="majority",
    quota=None,
    reversion=None,
    utility="quadratic",
    saliences=None,
    costs=None,
    applies=None,
):
    members = []
    for j, (p, w) in enumerate(zip(ideals, weights, strict=True)):
        m = {"id": f"m{j}", "weight": w, "ideal": dict(zip(issues, map(float, p), strict=True))}
        if saliences is not None:
            m["salience"] = dict(zip(issues, map(float, saliences[j]), strict=True))
        if costs is not None and costs[j] > 0:
            m["no_deal_cost"] = float(costs[j])
        members.append(m)
    body = {"id": "b", "name": "B", "rule": rule, "members": members, "utility": utility}
    if quota is not None:
        body["quota"] = quota
    if applies is not None:
        body["applies_when"] = applies
    rev = reversion if reversion is not None else {i: 50.0 for i in issues}
    sc = scenario(
        issues,
        [actor("A", {i: 50.0 for i in issues}), actor("B", {i: 50.0 for i in issues})],
        rev,
        bodies=[body],
        veto=["b"],
    )
    return compile_scenario(sc)


# ------------------------------------------------------------------------------------------------------
# 1-D
# ------------------------------------------------------------------------------------------------------
def test_sweep_hand_example():
    # intervals (0,2), (1,3), (2,4): two cover (1,2) and (2,3); at 2 only (1,3) covers (open ends)
    w = quota_winset_1d(np.array([0.0, 1, 2]), np.array([2.0, 3, 4]), np.ones(3), "majority", 0.5)
    assert w == [Interval(1, 2), Interval(2, 3)]
    assert quota_winset_1d(np.array([0.0, 1, 2]), np.array([2.0, 3, 4]), np.ones(3), "unanimity", 1.0) == []
    # a member accepting everything plus one on (1,3), quota 2/3 of 3 -> needs both; nan member accepts nothing
    w = quota_winset_1d(
        np.array([-np.inf, 1, np.nan]), np.array([np.inf, 3, np.nan]), np.ones(3), "quota", 2 / 3, 0, 10
    )
    assert w == [Interval(1, 3)]


def test_black_median_and_quota():
    """Five Euclidean voters at 10..50 (Black 1948): the median 30 beats everything; from r = 35 the majority
    win-set is (25, 35) by hand (voters 10, 20, 30 prefer x iff |x-p| < |35-p|); a 2/3 quota needs 4 voters,
    which no point has, so it is empty; from r = 60 four voters prefer (20, 60)."""
    ideals = [[10], [20], [30], [40], [50]]
    c = one_body(["x"], ideals, [1] * 5, reversion={"x": 30})
    assert body_winset_1d(c, c.bodies[0], "x").passes == []
    c = one_body(["x"], ideals, [1] * 5, reversion={"x": 35})
    assert body_winset_1d(c, c.bodies[0], "x").passes == [Interval(25, 35)]
    c = one_body(["x"], ideals, [1] * 5, rule="quota", quota=0.6667, reversion={"x": 35})
    assert body_winset_1d(c, c.bodies[0], "x").passes == []
    c = one_body(["x"], ideals, [1] * 5, rule="quota", quota=0.6667, reversion={"x": 60})
    assert body_winset_1d(c, c.bodies[0], "x").passes == [Interval(20, 60)]


def test_applicability_in_1d():
    """A body needed only when x > 40 lets everything up to 40 through (closed at 40)."""
    c = one_body(
        ["x"],
        [[10], [20], [30]],
        [1] * 3,
        reversion={"x": 100},
        applies={"any_of": [{"issue": "x", "op": "gt", "value": 40}]},
    )
    ws = body_winset_1d(c, c.bodies[0], "x")
    # majority (voters 10, 20 suffice) prefer x within (-60, 100) and (-40, 100): win-set (0 closed, 100 open)
    assert ws.passes == [Interval(0, 100, lo_closed=True)]
    assert ws.lets_through == [Interval(0, 100, lo_closed=True)]
    c = one_body(
        ["x"],
        [[90], [95], [99]],
        [1] * 3,
        reversion={"x": 0},
        rule="unanimity",
        applies={"any_of": [{"issue": "x", "op": "gt", "value": 40}]},
    )
    ws = body_winset_1d(c, c.bodies[0], "x")
    # unanimity: the narrowest interval is voter 90's (0, 180) -> within the scale (0, 100]
    assert ws.passes == [Interval(0, 100, hi_closed=True)]
    assert ws.lets_through == [Interval(0, 100, lo_closed=True, hi_closed=True)]


rules = st.sampled_from(
    [
        ("majority", None),
        ("referendum", None),
        ("unanimity", None),
        ("quota", 0.6667),
        ("quota", 0.6),
        ("quota", 0.75),
    ]
)


TIE = 1e-10  # utility units: exact gains this close to 0 (but not 0) are where vote's EPS tie rule may differ


def exact_yes(c, body, packages):
    """Independent check in exact rational arithmetic (fractions.Fraction of the float inputs): member m votes
    yes iff L_m(r) + c_m - L_m(x) > 0 with L_m the salience-weighted city-block / quadratic loss.  Returns the
    yes-weight shares as Fractions and a mask of packages where some member's exact gain is a near-tie
    (0 < |gain| <= TIE) -- the only points where float rounding and vote's EPS may legitimately differ."""
    from fractions import Fraction as F

    e = int(body.shape)
    span = [F(float(v)) for v in c.span]
    rev = [F(float(v)) for v in c.reversion]
    shares, tie = [], []
    for x in np.atleast_2d(packages):
        xs = [F(float(v)) for v in x]
        yes_w, near = F(0), False
        for m in range(len(body.weights)):
            sal = [F(float(v)) for v in body.salience[m]]
            tot = sum(sal)
            p = [F(float(v)) for v in body.ideal[m]]

            def L(pt, sal=sal, tot=tot, p=p):
                return sum(sj / tot * (abs(pt[j] - p[j]) / span[j]) ** e for j, sj in enumerate(sal))

            g = L(rev) + F(float(body.no_deal_cost[m])) - L(xs)
            near |= 0 < abs(g) <= TIE
            if g > 0:
                yes_w += F(float(body.weights[m]))
        shares.append(yes_w / sum(F(float(w)) for w in body.weights))
        tie.append(near)
    return shares, np.array(tie)


def exact_passes(share, rule, threshold):
    from fractions import Fraction as F

    if rule in ("majority", "referendum"):
        return share > F(1, 2)
    if rule == "unanimity":
        return share == 1
    return share >= F(float(threshold))


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    m=st.integers(1, 7),
    data=st.data(),
    rule=rules,
    utility=st.sampled_from(["linear", "quadratic"]),
    k=st.integers(1, 3),
    at_r=st.booleans(),
)
def test_1d_winset_agrees_with_exact_arithmetic_and_vote(m, data, rule, utility, k, at_r):
    """Property: membership of x in the exact 1-D win-set equals the exact-rational verdict of exact_yes (and
    ratify.vote's) at x, other issues at r or at a random reference.  No points are dropped near the members'
    interval ends; only exact near-ties (0 < |gain| <= 1e-10) are skipped.  The test points include r, every
    member's ideal and its mirror 2p - r, every reported end and the ulp-neighbours of r (where the old code
    reported slivers).  Ideals/r on a 0.01 lattice so that ties with r occur."""
    issues = ["x", "y", "z"][:k]
    num = st.integers(0, 10_000).map(lambda i: i / 100)
    ideals = [[data.draw(num) for _ in issues] for _ in range(m)]
    weights = [data.draw(st.integers(1, 9)) for _ in range(m)]
    sal = [[data.draw(st.floats(0.05, 1)) for _ in issues] for _ in range(m)]
    costs = [data.draw(st.sampled_from([0.0, 0.0, 0.05, 0.2])) for _ in range(m)]
    rev = {i: data.draw(num) for i in issues}
    c = one_body(
        issues,
        ideals,
        weights,
        rule=rule[0],
        quota=rule[1],
        reversion=rev,
        utility=utility,
        saliences=sal,
        costs=costs,
    )
    ref = c.reversion.copy() if at_r else np.array([data.draw(num) for _ in issues])
    issue = data.draw(st.integers(0, k - 1))
    ws = body_winset_1d(c, c.bodies[0], issue, reference=ref)
    r = float(c.reversion[issue])
    xs = [data.draw(num) for _ in range(10)] + [r, np.nextafter(r, -np.inf), np.nextafter(r, np.inf)]
    xs += [p[issue] for p in ideals] + [2 * p[issue] - r for p in ideals]
    for iv in ws.passes:
        xs += [iv.lo, iv.hi, (iv.lo + iv.hi) / 2]
    xs = np.clip(np.array([x for x in xs if np.isfinite(x)]), 0, 100)
    pk = np.repeat(ref[None, :], len(xs), axis=0)
    pk[:, issue] = xs
    shares, tie = exact_yes(c, c.bodies[0], pk)
    want = np.array([exact_passes(s_, rule[0], c.bodies[0].threshold) for s_ in shares])
    got = contains_any(ws.passes, xs)
    assert np.array_equal(got[~tie], want[~tie]), (xs[~tie][got[~tie] != want[~tie]], ws.passes)
    v = vote(c.bodies[0], pk, c.reversion, c.span)
    assert np.array_equal(got[~tie], v.passed[~tie])
    # every reported interval has a passing interior: its midpoint passes the vote
    for iv in ws.passes:
        mid = np.array([(iv.lo + iv.hi) / 2])
        pm = ref.copy()
        pm[issue] = mid[0]
        assert iv.lo < iv.hi and vote(c.bodies[0], pm[None, :], c.reversion, c.span).passed[0], iv


def _expected_local_1d(ideals, weights, r, rule, q, lo=0.0, hi=100.0):
    """Independent by-hand win-set for symmetric single-peaked preferences along one line with no costs and the
    other issues at r: member p prefers x to r iff |x - p| < |r - p|, so x > r wins iff the members with
    p > (x + r)/2 pass the rule.  With t* the largest ideal > r whose upper set {p >= t*} passes, the right part
    is (r, 2 t* - r), or (r, hi] when 2 t* - r lies beyond the scale; the left part mirrors it."""
    from fractions import Fraction as F

    tot = sum(weights)

    def ok(wsum):
        if rule in ("majority", "referendum"):
            return 2 * wsum > tot
        if rule == "unanimity":
            return wsum == tot
        return F(wsum, tot) >= F(q)

    out = []
    left = [
        p for p in ideals if p < r and ok(sum(w for pp, w in zip(ideals, weights, strict=True) if pp <= p))
    ]
    right = [
        p for p in ideals if p > r and ok(sum(w for pp, w in zip(ideals, weights, strict=True) if pp >= p))
    ]
    if left:
        end = 2 * min(left) - r
        out.append(Interval(lo, r, lo_closed=True) if end < lo else Interval(end, r))
    if right:
        end = 2 * max(right) - r
        out.append(Interval(r, hi, hi_closed=True) if end > hi else Interval(r, end))
    return out


@settings(max_examples=200, deadline=None)
@given(
    m=st.integers(1, 9),
    data=st.data(),
    rule=rules,
    utility=st.sampled_from(["linear", "quadratic"]),
    k=st.integers(1, 2),
    median=st.booleans(),
)
def test_1d_local_winset_equals_order_statistics(m, data, rule, utility, k, median):
    """Property (Black 1948 and its quota version): with no costs and the other issues at r, the exact win-set
    is the by-hand order-statistic answer of _expected_local_1d, ends at r exactly r.  With r the weighted
    median and majority rule it is empty (Black's median voter theorem) -- also for a second issue weighted
    differently by each member, since other issues at r cancel."""
    num = st.integers(0, 10_000).map(lambda i: i / 100)
    xs = [data.draw(num) for _ in range(m)]
    weights = [data.draw(st.integers(1, 9)) for _ in range(m)]
    if median:
        rule = ("majority", None)
        order = sorted(range(m), key=lambda j: xs[j])
        cum = np.cumsum([weights[j] for j in order])
        r = xs[order[int(np.searchsorted(cum, sum(weights) / 2))]]  # first ideal with weight <= it >= half
    else:
        r = data.draw(num)
    issues = ["x", "y"][:k]
    ideals = [[x] + [data.draw(num)] * (k - 1) for x in xs]
    sal = [[1.0] + [data.draw(st.floats(0.05, 1))] * (k - 1) for _ in range(m)]
    rev = {"x": r, "y": data.draw(num)} if k == 2 else {"x": r}
    c = one_body(
        issues, ideals, weights, rule=rule[0], quota=rule[1], reversion=rev, utility=utility, saliences=sal
    )
    ws = body_winset_1d(c, c.bodies[0], "x")
    want = _expected_local_1d(xs, weights, r, rule[0], rule[1])
    if median:
        assert want == [] and ws.passes == [] and ws.lets_through == []
    assert len(ws.passes) == len(want)
    for got, exp in zip(ws.passes, want, strict=True):
        assert (got.lo_closed, got.hi_closed) == (exp.lo_closed, exp.hi_closed)
        assert got.lo == pytest.approx(exp.lo, abs=1e-12) and got.hi == pytest.approx(exp.hi, abs=1e-12)
        assert r in (got.lo, got.hi)  # the end at the reversion point is exactly r


def test_black_three_voters_no_sliver_at_r():
    """The reviewer's case (/tmp/review4/black.yaml): voters 4.45, 27.69, 97.83, r = 27.69 = the median, linear
    loss.  Black: the majority win-set is empty.  The old code reported (27.69 - 3.6e-15, 27.69)."""
    c = one_body(["x"], [[4.45], [27.69], [97.83]], [1, 1, 1], reversion={"x": 27.69}, utility="linear")
    ws = body_winset_1d(c, c.bodies[0], "x")
    assert ws.passes == [] and ws.lets_through == []
    assert ws.member_intervals["m0"][1] == 27.69 and ws.member_intervals["m2"][0] == 27.69


def test_panama_payments_winset_is_one_interval():
    """Panama Senate, payments, r = 2.3 and quota 2/3 (the other issues at r): by hand, x > 2.3 wins iff the
    senators with ideal p > (x + 2.3)/2 hold 2/3; t* = the largest ideal whose upper set holds 2/3, the win-set is
    (2.3, 2 t* - 2.3) -- one interval, not the old '(2.3, 2.3) U (2.3, 57.7)'."""
    from winset.scenario import load

    c = compile_scenario(load("panama-canal-1978"))
    b = next(x for x in c.bodies if x.id == "us_senate")
    k = c.issue_index("payments")
    ps, ws_ = b.ideal[:, k], b.weights
    ok = [p for p in ps if p > 2.3 and ws_[ps >= p].sum() * 3 >= 2 * ws_.sum() - 1e-9]
    t = max(ok)
    w = body_winset_1d(c, b, "payments")
    assert w.passes == [Interval(2.3, pytest.approx(2 * t - 2.3))]
    assert w.passes[0].lo == 2.3 and str(w.passes[0]) == "(2.3, 57.7)"


@pytest.mark.slow
def test_1d_lets_through_matches_vote_on_anchorage(anchorage):
    """Every body and issue of the Anchorage scenario: 'lets through' = not needed or passes, as ratify.vote with
    applicability says, on 1,001 points per issue plus every member interval end and r; only points where some
    member's exact-rational gain is a near-tie (0 < |gain| <= 1e-10, see exact_yes) are skipped."""
    c = compile_scenario(anchorage)
    for b in c.bodies:
        for k, issue in enumerate(c.issue_ids):
            ws = body_winset_1d(c, b, issue)
            ends = [e for ab in ws.member_intervals.values() for e in ab if np.isfinite(e)] + [40.0, 50.0]
            xs = np.concatenate([np.linspace(c.lo[k], c.hi[k], 1001), ends, [c.reversion[k]]])
            xs = xs[(xs >= c.lo[k]) & (xs <= c.hi[k])]
            pk = np.repeat(c.reversion[None, :], len(xs), axis=0)
            pk[:, k] = xs
            tie = exact_yes(c, b, pk)[1]
            xs, pk = xs[~tie], pk[~tie]
            v = vote(b, pk, c.reversion, c.span, "treaty", c.issue_ids)
            assert np.array_equal(contains_any(ws.passes, xs), v.passed), (b.id, issue)
            assert np.array_equal(contains_any(ws.lets_through, xs), ~v.applies | v.passed), (b.id, issue)
    # the exact condition boundaries: control = 50 is 'not needed' for the referendum (needs control > 50)
    ua = next(b for b in c.bodies if b.id == "ua_referendum")
    assert contains_any(body_winset_1d(c, ua, "control").lets_through, 50.0)


# ------------------------------------------------------------------------------------------------------
# 2-D: depth
# ------------------------------------------------------------------------------------------------------
def brute_depth(points, weights, center):
    """Independent check: closed half-plane weights over a fine direction scan plus every critical normal
    (perpendicular to each point, rotated by +-1e-7)."""
    p = np.asarray(points, float) - np.asarray(center, float)
    w = np.asarray(weights, float)
    angles = list(np.linspace(0, 2 * math.pi, 7200, endpoint=False))
    for q in p:
        if abs(q).sum() > 0:
            a = math.atan2(q[1], q[0])
            for s in (math.pi / 2, -math.pi / 2):
                angles += [a + s + 1e-7, a + s - 1e-7, a + s]
    best = float("inf")
    for a in angles:
        u = (math.cos(a), math.sin(a))
        tot = 0.0
        for q, wi in zip(p, w, strict=True):
            if u[0] * q[0] + u[1] * q[1] >= -1e-12:
                tot += wi
        best = min(best, tot)
    return best


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(
    pts=st.lists(st.tuples(st.integers(-5, 5), st.integers(-5, 5)), min_size=1, max_size=12),
    ws=st.lists(st.integers(1, 5), min_size=12, max_size=12),
)
def test_tukey_depth_matches_brute_force(pts, ws):
    w = ws[: len(pts)]
    assert tukey_depth(np.array(pts, float), np.array(w, float)) == pytest.approx(brute_depth(pts, w, (0, 0)))


@settings(max_examples=60, deadline=None)
@given(pts=st.lists(st.tuples(st.integers(-5, 5), st.integers(-5, 5)), min_size=1, max_size=12))
def test_semicircle_arcs_equal_open_halfplane(pts):
    """The arc sweep with half-circles reproduces the heaviest open half-plane (= total - Tukey depth)."""
    v = np.array(pts, float)
    w = np.ones(len(v))
    nz = np.abs(v).sum(1) > 0
    phi = np.where(nz, np.arctan2(v[:, 1], v[:, 0]), np.nan)
    best, _ = max_arc_coverage(phi, np.where(nz, np.pi / 2, 0.0), w)
    assert best == pytest.approx(max_open_halfplane(v, w))


def test_feasible_arc_restricts_directions():
    # arcs around 0 (right) and pi (left), half-width pi/2: alone each reaches weight 1 (2 for the heavy one)
    phi, h, w = np.array([0.0, np.pi]), np.array([np.pi / 2, np.pi / 2]), np.array([1.0, 2.0])
    assert max_arc_coverage(phi, h, w)[0] == 2.0
    best, d = max_arc_coverage(phi, h, w, feasible=(-np.pi / 4, np.pi / 2))  # only rightward directions
    assert best == 1.0 and abs(np.sin(d)) < np.sin(np.pi / 4) + 1e-9 and np.cos(d) > 0
    # the closed end of a feasible arc counts: up only (pi/2) is covered by neither open arc
    assert max_arc_coverage(phi, h, w, feasible=(np.pi / 2, 0.0))[0] == 0.0


def test_hand_depths():
    sq = np.array([[1, 0], [0, 1], [-1, 0], [0, -1]], float)
    assert tukey_depth(sq, np.ones(4)) == 2  # centre of a symmetric square: every closed half-plane holds 2
    tri = np.array([[0, 0], [4, 0], [0, 4]], float)
    assert tukey_depth(tri, np.ones(3), (1, 1)) == 1  # interior point of a triangle
    assert tukey_depth(tri, np.ones(3), (5, 5)) == 0  # outside the hull
    assert tukey_depth(tri, np.ones(3), (0, 0)) == 1  # at a vertex: the vertex itself


def verdict(ideals, weights, rule, r, quota=None, utility="quadratic", saliences=None):
    c = one_body(
        ["x", "y"],
        ideals,
        weights,
        rule=rule,
        quota=quota,
        reversion={"x": r[0], "y": r[1]},
        utility=utility,
        saliences=saliences,
    )
    return c, winset_empty_2d(c, c.bodies[0], ["x", "y"])


def test_three_voters_majority_never_stable():
    """McKelvey/Plott: three voters in general position leave every point beatable by majority, even a
    voter's ideal point or the centroid; three collinear voters make the median voter's ideal unbeatable."""
    tri = [[20, 20], [80, 30], [40, 90]]
    for r in ([50, 50], [20, 20], [46.67, 46.67], [0, 100]):
        assert not verdict(tri, [1, 1, 1], "majority", r)[1].empty
    line = [[20, 20], [50, 50], [80, 80]]
    assert verdict(line, [1, 1, 1], "majority", [50, 50])[1].empty


def test_symmetric_configurations():
    sq = [[30, 50], [70, 50], [50, 30], [50, 70]]
    v = verdict(sq, [1] * 4, "majority", [50, 50])[1]
    assert v.empty and v.exact and v.depth_share == 0.5  # depth 1/2: majority needs more than 1/2
    assert not verdict(sq, [1] * 4, "quota", [50, 50], quota=0.5)[1].empty  # two of four suffice at q = 1/2
    tri = [[20, 20], [80, 20], [50, 80]]
    assert verdict(tri, [1] * 3, "unanimity", [50, 40])[1].empty  # inside the hull: Pareto optimal
    assert not verdict(tri, [1] * 3, "unanimity", [50, 5])[1].empty  # outside: all gain moving up


def _confirm(c, v, r, rng):
    """Brute force with ratify.vote: non-empty -> some r + t*dir passes; empty -> no random point passes."""
    b = c.bodies[0]
    if not v.empty:
        d = np.array(v.direction)
        ts = np.geomspace(1e-6, 50, 200)
        pk = r[None, :] + ts[:, None] * d[None, :]
        ok = vote(b, pk, c.reversion, c.span).passed
        inside = ((pk >= -1e-9) & (pk <= 100 + 1e-9)).all(1)  # the direction found stays in the issue box
        return bool((ok & inside).any())
    pk = np.concatenate(
        [rng.uniform(0, 100, (4000, 2)), r + rng.normal(0, 1e-3, (1000, 2)), r + rng.normal(0, 1, (1000, 2))]
    )
    return not bool(vote(b, np.clip(pk, 0, 100), c.reversion, c.span).passed.any())


@settings(max_examples=80, deadline=None)
@given(
    m=st.integers(1, 6),
    data=st.data(),
    rule=rules,
    utility=st.sampled_from(["linear", "quadratic"]),
    common=st.booleans(),
)
def test_2d_verdict_matches_vote(m, data, rule, utility, common):
    """Property: the exact verdict agrees with a brute-force search that uses ratify.vote itself (ideal points on
    a coarse integer lattice so that ties with r happen)."""
    lat = st.integers(0, 10).map(lambda i: 10.0 * i)
    ideals = [[data.draw(lat), data.draw(lat)] for _ in range(m)]
    weights = [data.draw(st.integers(1, 5)) for _ in range(m)]
    sal = None if common else [[data.draw(st.floats(0.1, 1)), data.draw(st.floats(0.1, 1))] for _ in range(m)]
    r = np.array([data.draw(lat), data.draw(lat)])
    c, v = verdict(ideals, weights, rule[0], r, quota=rule[1], utility=utility, saliences=sal)
    assert v.exact
    assert _confirm(c, v, r, np.random.default_rng(0))


def test_batch_verdicts_equal_single_draws(anchorage):
    """Monte Carlo draws of Anchorage (Senate bloc weights and reversion uncertain): the batched exact test
    agrees draw by draw with the single-draw test, and with the Panama Senate (both loss shapes)."""
    from dataclasses import replace

    from winset.uncertainty import sample

    cb = sample(anchorage, 200, seed=3)
    for b in (cb.bodies[0], cb.bodies[2]):  # us_senate, eu_council: no member no-deal costs
        empty, best = winset_empty_2d_batch(cb, b, ["control", "sovereignty"])
        assert empty.shape == (200,)
        for i in range(0, 200, 20):
            ci = replace(
                cb,
                positions=cb.positions[i],
                salience=cb.salience[i],
                capability=cb.capability[i],
                reversion=cb.reversion[i],
                batch_shape=(),
                bodies=tuple(
                    replace(
                        x,
                        weights=x.weights[i],
                        ideal=x.ideal[i],
                        salience=x.salience[i],
                        threshold=x.threshold[i],
                        no_deal_cost=x.no_deal_cost[i],
                    )
                    for x in cb.bodies
                ),
            )
            bi = next(x for x in ci.bodies if x.id == b.id)
            v = winset_empty_2d(ci, bi, ["control", "sovereignty"])
            assert v.exact and v.empty == bool(empty[i]) and v.best_share == pytest.approx(best[i])


@settings(max_examples=60, deadline=None)
@given(m=st.integers(1, 6), data=st.data(), rule=rules, utility=st.sampled_from(["linear", "quadratic"]))
def test_batch_equals_single_on_random_bodies(m, data, rule, utility):
    lat = st.integers(0, 10).map(lambda i: 10.0 * i)
    ideals = [[data.draw(lat), data.draw(lat)] for _ in range(m)]
    weights = [data.draw(st.integers(1, 5)) for _ in range(m)]
    r = np.array([data.draw(lat), data.draw(lat)])
    c, v = verdict(ideals, weights, rule[0], r, quota=rule[1], utility=utility)
    empty, best = winset_empty_2d_batch(c, c.bodies[0], ["x", "y"])
    assert bool(empty) == v.empty and float(best) == pytest.approx(v.best_share)


def test_grid_only_for_plots_agrees_with_vote():
    c, _ = verdict([[20, 20], [80, 30], [40, 90]], [1, 1, 1], "majority", [50, 50])
    xs, ys, ok = body_grid_2d(c, c.bodies[0], ["x", "y"], n=11)
    gx, gy = np.meshgrid(xs, ys)
    v = vote(c.bodies[0], np.stack([gx.ravel(), gy.ravel()], -1), c.reversion, c.span)
    assert np.array_equal(ok.ravel(), v.passed) and ok.any() and not ok.all()


# ------------------------------------------------------------------------------------------------------
# 2-D in general (no-deal costs, other issues away from r): exact region test vs independent brute force
# ------------------------------------------------------------------------------------------------------
def plane_regions(c, body, ix, iy, ref):
    """Independent re-derivation in exact rationals (Fractions of the float inputs) of each member's region on the
    plane, other issues at ``ref``: ``(px, py, a, b, R)`` with member m gaining exactly (gain > 0) at (x, y) iff
    ``a|x - px|^e + b|y - py|^e < R``: R = L(r) + c - (loss on the other issues at ref)."""
    from fractions import Fraction as F

    e = int(body.shape)
    span = [F(float(v)) for v in c.span]
    rev = [F(float(v)) for v in c.reversion]
    rf = [F(float(v)) for v in ref]
    out = []
    for m in range(len(body.weights)):
        sal = [F(float(v)) for v in body.salience[m]]
        tot = sum(sal)
        wn = [s_ / tot if tot else F(0) for s_ in sal]
        p = [F(float(v)) for v in body.ideal[m]]
        Lr = sum(wn[j] * (abs(rev[j] - p[j]) / span[j]) ** e for j in range(len(p)))
        K = sum(wn[j] * (abs(rf[j] - p[j]) / span[j]) ** e for j in range(len(p)) if j not in (ix, iy))
        out.append(
            (
                p[ix],
                p[iy],
                wn[ix] / span[ix] ** e,
                wn[iy] / span[iy] ** e,
                Lr + F(float(body.no_deal_cost[m])) - K,
            )
        )
    return out


def minimal_passing(body):
    """The minimal coalitions (of positive-weight members) whose weight passes the rule, exactly."""
    from fractions import Fraction as F
    from itertools import combinations

    w = [F(float(x)) for x in body.weights]
    tot = sum(w)
    live = [i for i, x in enumerate(w) if x > 0]
    out: list[tuple[int, ...]] = []
    for k in range(1, len(live) + 1):
        for S in combinations(live, k):
            if exact_passes(sum(w[i] for i in S) / tot, body.rule, body.threshold) and not any(
                set(T) <= set(S) for T in out
            ):
                out.append(S)
    return out


def rhombi_meet_exact(regs, S, lo, hi, shrink):
    """Exact (Fractions): do the open rhombi ``a|x-px| + b|y-py| < R - shrink`` of coalition S meet in the closed box?
    Each rhombus is 4 open half-planes; the closed polygon's vertices are the feasible pairwise line crossings,
    and the open set is non-empty iff the centroid of those vertices (a relative-interior point) is strictly inside
    every member half-plane."""
    from fractions import Fraction as F
    from itertools import combinations

    cons = []  # (u, v, rhs, strict): u x + v y (<|<=) rhs
    for m in S:
        px, py, a, b, R = regs[m]
        R = R - shrink
        if R <= 0:
            return False
        for sx in (1, -1):
            for sy in (1, -1):
                cons.append((sx * a, sy * b, R + sx * a * px + sy * b * py, True))
    lo0, lo1, hi0, hi1 = (F(float(v)) for v in (lo[0], lo[1], hi[0], hi[1]))
    cons += [
        (F(1), F(0), hi0, False),
        (F(-1), F(0), -lo0, False),
        (F(0), F(1), hi1, False),
        (F(0), F(-1), -lo1, False),
    ]
    verts = []
    for (u1, v1, r1, _), (u2, v2, r2, _) in combinations(cons, 2):
        det = u1 * v2 - u2 * v1
        if det == 0:
            continue
        x, y = (r1 * v2 - r2 * v1) / det, (u1 * r2 - u2 * r1) / det
        if all(u * x + v * y <= r for u, v, r, _ in cons):
            verts.append((x, y))
    if not verts:
        return False
    cx, cy = sum(x for x, _ in verts) / len(verts), sum(y for _, y in verts) / len(verts)
    return all(u * cx + v * cy < r for u, v, r, strict in cons if strict)


def max_common_slack(regs, S, lo, hi, shape):
    """Float convex program, independent of the candidate points: max s s.t. a|dx|^e + b|dy|^e + s <= R for every m in
    S, (x, y) in the box (an LP for rhombi, SLSQP from several starts for ellipses).  s > 0 iff the regions meet."""
    from scipy.optimize import linprog, minimize

    rg = [tuple(float(v) for v in regs[m]) for m in S]
    if shape == 1:
        A, rhs = [], []
        for px, py, a, b, R in rg:
            for sx in (1, -1):
                for sy in (1, -1):
                    A.append([sx * a, sy * b, 1.0])
                    rhs.append(R + sx * a * px + sy * b * py)
        res = linprog(
            [0, 0, -1], A_ub=A, b_ub=rhs, bounds=[(lo[0], hi[0]), (lo[1], hi[1]), (-10, 10)], method="highs"
        )
        return -res.fun
    cons = [
        {
            "type": "ineq",
            "fun": (lambda z, q=q: q[4] - q[2] * (z[0] - q[0]) ** 2 - q[3] * (z[1] - q[1]) ** 2 - z[2]),
            "jac": (lambda z, q=q: np.array([-2 * q[2] * (z[0] - q[0]), -2 * q[3] * (z[1] - q[1]), -1.0])),
        }
        for q in rg
    ]
    best = -np.inf
    starts = [((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2)] + [
        (np.clip(q[0], lo[0], hi[0]), np.clip(q[1], lo[1], hi[1])) for q in rg
    ]
    for x0 in starts:
        s0 = min(q[4] - q[2] * (x0[0] - q[0]) ** 2 - q[3] * (x0[1] - q[1]) ** 2 for q in rg)
        res = minimize(
            lambda z: -z[2],
            [x0[0], x0[1], s0],
            jac=lambda z: np.array([0, 0, -1.0]),
            method="SLSQP",
            constraints=cons,
            bounds=[(lo[0], hi[0]), (lo[1], hi[1]), (None, None)],
            options={"ftol": 1e-15, "maxiter": 500},
        )
        z = res.x
        feas = min(
            q[4] - q[2] * (z[0] - q[0]) ** 2 - q[3] * (z[1] - q[1]) ** 2 for q in rg
        )  # true slack at z
        best = max(best, feas)
    return best


def random_plane_body(rng, utility=None, local=False, hard=False):
    """A random body on issues x, y (plus z held at a reference): lattice or continuous ideal points, zero
    saliences (strips) now and then, no-deal costs, every rule.  ``hard``: unanimity or a 3/4 quota and small costs,
    so that about half the win-sets are empty and the regions barely meet or miss."""
    m = int(rng.integers(1, 8))
    lattice = rng.random() < 0.5
    pt = (
        (lambda: float(10 * rng.integers(0, 11)))
        if lattice
        else (lambda: float(np.round(rng.uniform(0, 100), 2)))
    )
    ideals = [[pt(), pt(), pt()] for _ in range(m)]
    sal = []
    for _ in range(m):
        s_ = [float(np.round(rng.uniform(0.05, 1), 3)) for _ in range(3)]
        if rng.random() < 0.15:
            s_[int(rng.integers(0, 2))] = 0.0
        sal.append(s_)
    cost_levels = [0.0, 0.002, 0.01] if hard else [0.0, 0.0, 0.0, 0.005, 0.02, 0.05, 0.15]
    costs = [0.0] * m if local else [float(rng.choice(cost_levels)) for _ in range(m)]
    rule = [
        ("majority", None),
        ("referendum", None),
        ("unanimity", None),
        ("quota", 0.6667),
        ("quota", 0.6),
        ("quota", 0.75),
        ("unanimity", None),
        ("quota", 0.75),
    ][int(rng.integers(6 if hard else 0, 8))]
    utility = utility or ["linear", "quadratic"][int(rng.integers(0, 2))]
    r = {"x": pt(), "y": pt(), "z": pt()}
    c = one_body(
        ["x", "y", "z"],
        ideals,
        [int(rng.integers(1, 6)) for _ in range(m)],
        rule=rule[0],
        quota=rule[1],
        reversion=r,
        utility=utility,
        saliences=sal,
        costs=costs,
    )
    ref = c.reversion.copy()
    if not local and rng.random() < 0.5:
        ref[2] = pt()
    return c, ref


def point_search(c, body, ref, extra, rng, n=201, k=20_000):
    """Brute force with ratify.vote: a fine grid, uniform draws and ``extra`` points; True if any passes."""
    g = np.linspace(0, 100, n)
    gx, gy = np.meshgrid(g, g)
    pts = np.concatenate(
        [np.stack([gx.ravel(), gy.ravel()], -1), rng.uniform(0, 100, (k, 2)), extra.reshape(-1, 2)]
    )
    pk = np.repeat(ref[None, :], len(pts), axis=0)
    pk[:, :2] = pts
    return bool(vote(body, pk, c.reversion, c.span).passed.any())


def _check_instance(c, ref, rng, exact_rhombi):
    """Compare the region verdict with the independent brute force; returns 'empty' / 'non-empty' (agreeing),
    'undecided' (the independent decision is a near-tie) or raises."""
    from fractions import Fraction as F

    b = c.bodies[0]
    v = winset_empty_2d(c, b, ["x", "y"], reference=ref, method="regions")
    assert v.exact, v.note
    if not v.empty:  # a witness is a proof: it must pass ratify.vote
        pk = ref.copy()
        pk[:2] = v.witness
        assert vote(b, pk[None, :], c.reversion, c.span).passed[0], v
    reg = member_regions_2d(c, b, ["x", "y"], ref)
    found = point_search(c, b, ref, region_candidates_2d(reg, c.lo[:2], c.hi[:2]), rng)
    assert not (found and v.empty), "point search found a passing point in an 'empty' win-set"
    regs = plane_regions(c, b, 0, 1, ref)
    coals = minimal_passing(b)
    if exact_rhombi:
        meet0 = any(rhombi_meet_exact(regs, S, c.lo, c.hi, F(0)) for S in coals)
        meet1 = any(rhombi_meet_exact(regs, S, c.lo, c.hi, F(1, 10**10)) for S in coals)
        if meet0 != meet1:
            return "undecided"
        assert meet0 == (not v.empty), (meet0, v)
        return "empty" if v.empty else "non-empty"
    s = max((max_common_slack(regs, S, c.lo, c.hi, int(b.shape)) for S in coals), default=-1.0)
    if abs(s) <= 1e-9:
        return "undecided"
    assert (s > 0) == (not v.empty), (s, v)
    return "empty" if v.empty else "non-empty"


@pytest.mark.slow
def test_region_test_agrees_with_exact_rational_rhombi():
    """City-block loss: 300 seeded random bodies (150 ordinary, 150 'hard': unanimity / 3/4 quota, small costs; no-deal
    costs, z held away from r half the time, strips, every rule) against an exact rational decision (every minimal
    passing coalition's open polygon, in fractions.Fraction) and a ratify.vote point search (201 x 201 grid + 20,000
    uniform points + the candidate points).  Every decided instance must agree; near-ties (the exact answer flips
    within 1e-10 of utility) are skipped and counted.  Measured: 300/300 decided and agreeing (43 empty, 257 not)."""
    rng = np.random.default_rng(20250815)
    tally = {"empty": 0, "non-empty": 0, "undecided": 0}
    for i in range(300):
        c, ref = random_plane_body(rng, utility="linear", hard=i % 2 == 1)
        tally[_check_instance(c, ref, rng, exact_rhombi=True)] += 1
    assert tally["undecided"] <= 10 and tally["empty"] >= 30, tally


@pytest.mark.slow
def test_region_test_agrees_with_convex_brute_force():
    """Both loss shapes: 300 seeded random bodies (half 'hard') against an independent convex program per minimal
    passing coalition (max common slack: LP for rhombi, SLSQP for ellipses) and the ratify.vote point search.
    Measured: 296 decided, all agreeing (41 empty, 255 not); 4 near-ties (|max slack| <= 1e-9)."""
    rng = np.random.default_rng(7)
    tally = {"empty": 0, "non-empty": 0, "undecided": 0}
    for i in range(300):
        c, ref = random_plane_body(rng, hard=i % 2 == 1)
        tally[_check_instance(c, ref, rng, exact_rhombi=False)] += 1
    assert tally["undecided"] <= 15 and tally["empty"] >= 30, tally


def test_region_test_equals_tukey_depth_where_both_apply():
    """No costs and the other issues at r: the textbook Tukey-depth / arc-sweep verdict and the region test agree on
    300 seeded random bodies (lattice ideal points, so many regions pass through r and touch there)."""
    rng = np.random.default_rng(11)
    for _ in range(300):
        c, ref = random_plane_body(rng, local=True)
        b = c.bodies[0]
        t = winset_empty_2d(c, b, ["x", "y"])
        g = winset_empty_2d(c, b, ["x", "y"], method="regions")
        assert t.exact and g.exact and ("Tukey" in t.method or "arc sweep" in t.method)
        assert t.empty == g.empty, (t, g)
        if not g.empty:
            assert g.best_share == pytest.approx(t.best_share)


def planar_body(centers, radii, utility="quadratic", rule="unanimity", r=(50.0, 50.0)):
    """Members whose preferred sets on the (x, y) plane are discs / rhombi of the given centres and radii, built with
    no-deal costs: saliences (1, 1, 2) -> weights (1/4, 1/4, 1/2); z: ideal 50 = r_z, held at reference 100, so the
    loss there is K = 1/2 (50/100)^e.  Member m gains iff (|dx|^e + |dy|^e)/(4 * 100^e) < L(r) + c - K: choosing
    c = rho^e/(4 * 100^e) + K - L(r) gives radius rho."""
    e = 2 if utility == "quadratic" else 1
    K = 0.5 * 0.5**e
    costs = []
    for (px, py), rho in zip(centers, radii, strict=True):
        Lr = (abs(r[0] - px) ** e + abs(r[1] - py) ** e) / (4 * 100**e)
        costs.append(rho**e / (4 * 100**e) + K - Lr)
        assert costs[-1] > 0
    c = one_body(
        ["x", "y", "z"],
        [[px, py, 50.0] for px, py in centers],
        [1] * len(centers),
        rule=rule,
        reversion={"x": r[0], "y": r[1], "z": 50.0},
        utility=utility,
        saliences=[[1, 1, 2]] * len(centers),
        costs=costs,
    )
    ref = c.reversion.copy()
    ref[2] = 100.0
    return c, ref


def test_tangent_discs_do_not_meet():
    """Unanimity, discs of radius 25 around (25, 50) and (75, 50): they touch only at (50, 50), and open discs that
    touch do not meet -> empty (exact, with the tangency noted).  Radius 25 + 1e-6: a lens of width 2e-6 -> non-empty
    with a witness next to (50, 50); 25 - 1e-6: apart -> empty.  Same for rhombi touching at a vertex, and for two
    rhombi sharing the edge x + y = 75 (centres (25, 25), (50, 50), radius 25): disjoint open sets."""
    for util in ("quadratic", "linear"):
        for r in ((50.0, 50.0), (50.0, 90.0)):
            c, ref = planar_body([(25, 50), (75, 50)], [25, 25], util, r=r)
            v = winset_empty_2d(c, c.bodies[0], ["x", "y"], reference=ref)
            assert v.exact and v.empty and "exact vertex enumeration" in v.method, v
            assert v.best_share == 0.5
            c, ref = planar_body([(25, 50), (75, 50)], [25 + 1e-6, 25 + 1e-6], util, r=r)
            v = winset_empty_2d(c, c.bodies[0], ["x", "y"], reference=ref)
            assert v.exact and not v.empty and v.best_share == 1.0
            assert abs(v.witness[0] - 50) < 1e-5 and abs(v.witness[1] - 50) < 1e-3
            pk = ref.copy()
            pk[:2] = v.witness
            assert vote(c.bodies[0], pk[None, :], c.reversion, c.span).passed[0]
            c, ref = planar_body([(25, 50), (75, 50)], [25 - 1e-6, 25 - 1e-6], util, r=r)
            assert winset_empty_2d(c, c.bodies[0], ["x", "y"], reference=ref).empty
    c, ref = planar_body([(25, 25), (50, 50)], [25, 25], "linear", r=(40, 40))
    v = winset_empty_2d(c, c.bodies[0], ["x", "y"], reference=ref)
    assert v.exact and v.empty
    c, ref = planar_body([(25, 25), (50, 50)], [25.001, 25], "linear", r=(40, 40))
    assert not winset_empty_2d(c, c.bodies[0], ["x", "y"], reference=ref).empty
    # a third disc overlapping both does not help unanimity, but gives a 2/3 quota
    c, ref = planar_body([(25, 50), (75, 50), (50, 60)], [25, 25, 15])
    assert winset_empty_2d(c, c.bodies[0], ["x", "y"], reference=ref).empty
    c, ref = planar_body([(25, 50), (75, 50), (50, 60)], [25, 25, 15], rule="majority")
    assert not winset_empty_2d(c, c.bodies[0], ["x", "y"], reference=ref).empty


def test_no_deal_cost_opens_a_winset_the_depth_test_calls_empty():
    """Three collinear voters (20, 20), (50, 50), (80, 80), r = (50, 50), majority, quadratic loss, equal saliences.
    Without costs r is the median: Tukey depth 2/3 >= 1/2, empty (and the region test agrees).  Give voter 0 a no-deal
    cost 0.01: by hand it accepts |x - (20, 20)|^2 < 100^2 * 2 * (0.09 + 0.01) = 2000 (radius 44.7 > 42.4 = its distance
    to r), voter 2 accepts |x - (80, 80)|^2 < 1800; x = (51, 51): 961 + 961 = 1922 < 2000 and 841 + 841 = 1682 < 1800,
    so voters 0 and 2 (a majority) pass it: non-empty, though the depth of r among the ideal points is still 2/3."""
    ideals = [[20, 20], [50, 50], [80, 80]]
    c = one_body(["x", "y"], ideals, [1, 1, 1])
    v = winset_empty_2d(c, c.bodies[0], ["x", "y"])
    assert v.empty and v.depth_share == pytest.approx(2 / 3)
    assert winset_empty_2d(c, c.bodies[0], ["x", "y"], method="regions").empty
    c = one_body(["x", "y"], ideals, [1, 1, 1], costs=[0.01, 0.0, 0.0])
    assert tukey_depth(np.array(ideals, float), np.ones(3), (50, 50)) / 3 == pytest.approx(2 / 3)
    assert vote(c.bodies[0], np.array([[51.0, 51.0]]), c.reversion, c.span).passed[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no fallback warning any more
        v = winset_empty_2d(c, c.bodies[0], ["x", "y"])
    assert v.exact and not v.empty and v.best_share == pytest.approx(2 / 3)
    assert "members with a no-deal cost" in v.note and v.depth_share is None
    # the old fallback case: unanimity, member 0 accepts near r thanks to its cost, member 1 gains up-right
    c = one_body(["x", "y"], [[20, 20], [80, 80]], [1, 1], rule="unanimity", costs=[0.1, 0.0])
    v = winset_empty_2d(c, c.bodies[0], ["x", "y"])
    assert v.exact and not v.empty


# Verdicts of the old 20,000-point seeded search (seed 0), recorded before the exact test replaced it: its
# non-empty verdicts were proven by a passing point; its empty verdicts only meant "none found".
ANCHORAGE_TERRITORY = {
    "reversion": {"us_senate": False, "ua_referendum": False, "eu_council": False},
    "lease": {"us_senate": False, "ua_referendum": False, "eu_council": False},
    "neutral_zone": {"us_senate": False, "ua_referendum": False, "eu_council": False},
    "conditional_recognition": {"us_senate": False, "ua_referendum": False, "eu_council": False},
    "land_for_peace": {"us_senate": True, "ua_referendum": False, "eu_council": True},
    "minerals_deal": {"us_senate": True, "ua_referendum": False, "eu_council": True},
}


def test_anchorage_territory_plane_is_exact_for_every_body(anchorage):
    """The territory plane (control x sovereignty) for every body, around r and around every deal: exact now, with
    the old search's verdicts (empty = True); every non-empty verdict is backed by a package ratify.vote passes
    (the region test's witness, or for a Tukey-depth verdict one found by a grid and random search);
    the empty ones (Senate and EU Council around land_for_peace / minerals_deal) are confirmed by the independent
    convex brute force over the minimal passing coalitions."""
    from winset.analysis.winsets import winset_report

    c = compile_scenario(anchorage)
    rng = np.random.default_rng(0)
    assert {d.id for d in anchorage.deals} | {"reversion"} == set(ANCHORAGE_TERRITORY)
    for refname, want in ANCHORAGE_TERRITORY.items():
        rep = winset_report(anchorage, reference=refname, samples=200)
        rows = {row["body"]: row for row in rep["two_d"] if row["space"] == "territory"}
        assert {k: (rows[k]["empty"], rows[k]["exact"]) for k in want} == {
            k: (e, True) for k, e in want.items()
        }
        ref = c.reversion if refname == "reversion" else c.deals[c.deal_ids.index(refname)]
        ix, iy = c.issue_index("control"), c.issue_index("sovereignty")
        for b in c.bodies:
            row = rows[b.id]
            if row["depth_share"] is None:
                assert "exact vertex enumeration" in row["method"]
            if not row["empty"] and row["witness"] is not None:
                pk = ref.copy()
                pk[[ix, iy]] = row["witness"]
                assert vote(b, pk[None, :], c.reversion, c.span).passed[0]
            elif not row[
                "empty"
            ]:  # a Tukey-depth verdict carries no witness: find a passing package directly
                lo, hi = c.lo[[ix, iy]], c.hi[[ix, iy]]
                g = np.stack(np.meshgrid(np.linspace(lo[0], hi[0], 201), np.linspace(lo[1], hi[1], 201)), -1)
                pts = np.concatenate([g.reshape(-1, 2), rng.uniform(lo, hi, (40_000, 2))])
                pk = np.repeat(ref[None, :], len(pts), axis=0)
                pk[:, [ix, iy]] = pts
                assert vote(b, pk, c.reversion, c.span).passed.any(), (refname, b.id)
            if row["empty"]:
                regs = plane_regions(c, b, ix, iy, ref)
                lo, hi = c.lo[[ix, iy]], c.hi[[ix, iy]]
                s = max(max_common_slack(regs, S, lo, hi, int(b.shape)) for S in minimal_passing(b))
                assert s < -1e-6, (refname, b.id, s)
                pk = np.repeat(ref[None, :], 40_000, axis=0)
                pk[:, [ix, iy]] = rng.uniform(lo, hi, (40_000, 2))
                assert not vote(b, pk, c.reversion, c.span).passed.any()
    ua = {row["body"]: row for row in winset_report(anchorage, samples=200)["two_d"]}["ua_referendum"]
    assert ua["exact"] and not ua["empty"] and "members with a no-deal cost" in ua["note"]


# ------------------------------------------------------------------------------------------------------
# ZOPA
# ------------------------------------------------------------------------------------------------------
def test_zopa_anchorage_witness_is_accepted_by_everyone(anchorage):
    from winset.ratify import veto_accepts

    c = compile_scenario(anchorage)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        z = zopa(c, samples=5000, seed=1)
    assert z.nonempty
    x = np.array([z.witness[i] for i in c.issue_ids])
    assert all(bool(v[0]) for v in veto_accepts(c, x[None, :]).values())


def test_zopa_empty_names_the_disjoint_pair():
    """A wants (0, 0), B wants (100, 100), no delay costs, r = (50, 50): A's acceptable set is the disc through r
    around (0, 0), B's the disc through r around (100, 100); they touch only at r, which neither accepts.  C
    (ideal 50, 40) accepts with either of them.  So no ZOPA, and the pair to blame is (A, B)."""
    sc = scenario(
        ["x", "y"],
        [
            actor("A", {"x": 0, "y": 0}, utility="quadratic"),
            actor("B", {"x": 100, "y": 100}, utility="quadratic"),
            actor("C", {"x": 50, "y": 40}, utility="quadratic"),
        ],
        {"x": 50, "y": 50},
    )
    z = zopa(compile_scenario(sc), samples=3000, seed=0, maxiter=30)
    assert not z.nonempty and not z.exact
    assert z.disjoint_pairs == [("A", "B")]
    assert "no witness found" in z.verdict


def test_zopa_one_issue_is_exact():
    sc = scenario(["x"], [actor("A", {"x": 0}), actor("B", {"x": 100})], {"x": 50})
    z = zopa(compile_scenario(sc), samples=500, seed=0, maxiter=10)
    assert not z.nonempty and z.exact and z.verdict == "empty (exact)"
    assert [g["issue"] for g in z.issue_gaps] == ["x"]
    sc = scenario(
        ["x"], [actor("A", {"x": 0}), actor("B", {"x": 100})], {"x": 50}, cost_of_delay={"horizon_weeks": 10}
    )
    sc2 = sc.model_copy(deep=True)
    for a in sc2.actors:
        a.delay_cost_per_week = type(a.capability)(value=0.01)
    z = zopa(compile_scenario(sc2), samples=500, seed=0, maxiter=10)
    # each accepts within 0.1 (= 10 weeks x 0.01) of utility beyond |50 - p|/100: A x < 60, B x > 40
    assert z.nonempty and 40 < z.witness["x"] < 60


# ------------------------------------------------------------------------------------------------------
# CLI
# ------------------------------------------------------------------------------------------------------
