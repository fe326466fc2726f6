"""BDM expected-utility model (Scholz, Calbert & Smith 2011): hand-checked first-round numbers, the plain-loop
oracle, batching, third-party reference runs (EC car emissions, Iran 2013) and the EC round values published by
Scholz et al. (2011, Table 2, as transcribed second-hand)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oracles.reference_loop import bdm_loop
from winset.models.bdm import (
    bdm,
    median_position,
    pairwise_vote_shares,
    probability_code,
    probability_paper,
    risk_exponents,
    run,
)
from winset.scenario import compile_scenario

# Bueno de Mesquita (1994, p. 78) EC example as tabulated by Scholz et al. (2011, Table 1): the year by which
# emission standards for medium-sized cars apply.  Order: NL BE LU DE FR IT UK IE DK GR.
EC_X = np.array([4, 7, 4, 4, 10, 10, 10, 7, 4, 7.0])
EC_C = np.array([0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08])
EC_S = np.array([0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7])
NL, BE, LU, FR, IE = 0, 1, 2, 4, 7


def test_first_round_by_hand_ec_example():
    """Hand arithmetic (written out here), EC example on its 4-10 scale normalised to [0, 1]."""
    x = (EC_X - 4) / 6
    w = EC_C * EC_S
    # weights: at 4 (NL, LU, DE, DK) .064+.006+.128+.05 = .248; at 7 (BE, IE, GR) .032+.005+.056 = .093;
    # at 10 (FR, IT, UK) .096+.096+.144 = .336; half of .677 is .3385 -> the weighted median is 7.
    assert median_position(x[None], w[None])[0] == pytest.approx(0.5)
    # votes NL (0) against FR (1): voters at 0 give +1 each, at 0.5 give 0, at 1 give -1
    pro, con = pairwise_vote_shares(x[None], w[None])
    assert pro[0, NL, FR] == pytest.approx(0.248)
    assert con[0, NL, FR] == pytest.approx(0.336)
    # paper probability: .248 / (.248 + .336)
    p = probability_paper(x[None], w[None])[0]
    assert p[NL, FR] == pytest.approx(0.248 / 0.584)
    assert p[FR, NL] == pytest.approx(0.336 / 0.584)
    # code probability (all r = 1): denominator sum_k w_k sum_{a,b} |d_ka - d_kb|; for a voter at 0 the ten
    # distances are 0 (x4), .5 (x3), 1 (x3): 2*(12*.5 + 12*1 + 9*.5) = 45; at .5: 0 (x3), .5 (x7): 2*21*.5 = 21
    # at 1: 45 again.  .248*45 + .093*21 + .336*45 = 28.233
    pc = probability_code(x[None], w[None], np.ones((1, 10)))[0]
    assert pc[NL, FR] == pytest.approx(0.248 / 28.233)
    # EU of NL challenging FR, risk neutral (r = 1), Q = 1: U_s = 2, U_f = -2, U_sq = 0 at distance 1:
    # s_FR (P*2 + (1-P)*(-2)) + (1 - s_FR)*2 = 0.6*(4P - 2) + 0.8
    res = bdm(EC_X, EC_C, EC_S, rounds=1, risk="neutral")
    assert res.first_eu[NL, FR] == pytest.approx(0.6 * (4 * 0.248 / 0.584 - 2) + 0.8)
    assert res.median[0] == 7.0


def test_risk_exponents_range_and_order():
    e = np.array([[3.0, -1.0, 0.5, 1.0]])
    r = risk_exponents(e)[0]
    # most exposed actor: R = 1 -> r = (2/3)/(4/3) = 0.5; least exposed: R = -1 -> r = 2
    assert r[0] == pytest.approx(0.5) and r[1] == pytest.approx(2.0)
    # R for 0.5: (1 - 3 - (-1)) / 4 = -0.25 -> (1 + 1/12) / (1 - 1/12)
    assert r[2] == pytest.approx((1 + 1 / 12) / (1 - 1 / 12))
    assert np.all(np.diff(r[np.argsort(e[0])]) <= 0)


def test_ec_matches_third_party_run_of_the_replication_program():
    """Third-party reference: the log ``Example.log`` in github.com/dmasad/bdm-scholz-expected-utility-model
    (commit d7c7bbab), a run of J. McKibben's replication program (which reproduces Scholz et al.'s
    published runs) on this input for 10 rounds.  Our ``probability="code", selection="code"`` options
    implement that program's choices; the numbers below are copied from the log."""
    res = bdm(EC_X, EC_C, EC_S, rounds=10, probability="code", selection="code", stop="none")
    # the log prints the capability x salience weighted mean each round (under the label "Median position")
    log_mean = [
        7.389955686853767,
        7.461314378277189,
        7.552500865855845,
        7.590144997451547,
        7.358130531334201,
        7.3491739896752115,
        7.414877545372958,
        7.510457183677219,
        7.5724470975503,
        7.324989065683666,
        7.242130958473938,
    ]
    np.testing.assert_allclose(res.mean, log_mean, rtol=1e-12)
    # Belgium, Luxembourg and Ireland are the only actors that move; their new positions per the log
    be = [
        8.415932315426764,
        9.610859134120188,
        9.961979590401311,
        4.800881140632622,
        5.524237694197356,
        7.47204636191629,
        8.824593855262423,
        9.671129769802048,
        4.144849062500606,
        4.291541224979646,
    ]
    lu = [
        7.0,
        8.415932315426764,
        9.610859134120188,
        9.961979590401311,
        4.800881140632622,
        5.524237694197356,
        7.47204636191629,
        8.824593855262423,
        9.671129769802048,
        4.144849062500606,
    ]
    ie = [
        4.0,
        7.0,
        8.415932315426764,
        9.610859134120188,
        9.961979590401311,
        5.524237694197356,
        7.47204636191629,
        8.824593855262423,
        9.671129769802048,
        4.144849062500606,
    ]
    np.testing.assert_allclose(res.positions[1:, BE], be, rtol=1e-12)
    np.testing.assert_allclose(res.positions[1:, LU], lu, rtol=1e-12)
    np.testing.assert_allclose(res.positions[1:, IE], ie, rtol=1e-12)
    others = [i for i in range(10) if i not in (BE, LU, IE)]
    np.testing.assert_array_equal(res.positions[:, others], np.broadcast_to(EC_X[others], (11, 7)))
    # round 1 in the log: "Belgium compromises with France", "Luxembourg loses confrontation to Belgium",
    # "Ireland loses confrontation to Luxembourg"
    assert res.move[0, BE] == 2 and res.partner[0, BE] == FR
    assert res.move[0, LU] == 1 and res.partner[0, LU] == BE
    assert res.move[0, IE] == 1 and res.partner[0, IE] == LU
    # round 4: "Belgium compromises with Netherlands" (the program's compromise rule, not the least move)
    assert res.partner[3, BE] == NL
    least = bdm(EC_X, EC_C, EC_S, rounds=10, probability="code", selection="least_move", stop="none")
    assert least.partner[3, BE] == FR


# Scholz, Calbert & Smith (2011, ICAART version), sec. 7 "Results", Table 2, pp. 27-28, EC car-emissions
# example with Q = 1.0 ("No value for Q was given. We chose Q=1.0.", p. 27).  SECOND-HAND: the paper's
# results section is not in the stored copies we could search (every stored copy of the paper is
# retrievable only from its beginning), so these numbers are as transcribed from the paper PDF in
# github.com/hamzagul07/schelling, docs/papers/scholz_extract.md (commit 8466b742), "§7 Results":
#   "Table 2 — median voter position by round: 8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6"
#   "Table 2 — mean voter position by round: 7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6"
#   quoting p. 28: "the median voter position at the end of the first round to be 8.4 years. At the end
#   of the second, third, fourth and fifth rounds the median voter position was for each 9.9 years."
# Values are for rounds 1..8.  They are printed to one decimal without saying whether rounded or truncated, so
# a value matches when the printed number is its rounding *or* its truncation to one decimal (``printed_as``):
# nothing looser than one of the two print conventions is accepted.
SCHOLZ_T2_MEDIAN = [8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6]
SCHOLZ_T2_MEAN = [7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6]


def printed_as(x: float, shown: float) -> bool:
    """``shown`` is ``x`` rounded or truncated to one decimal (a 1e-9 guard for binary representation)."""
    return abs(round(x, 1) - shown) < 1e-9 or abs(np.floor(x * 10 + 1e-9) / 10 - shown) < 1e-9


def _scholz_program_run():
    """The options that reproduce the authors' program: ``probability="code"`` (the vote-share probability
    of their code, which McKibben's replication copied -- eq. 30 as printed gives the median 7 in every
    round, see below) and ``selection="code"`` (their compromise ranking; McKibben's comment names its
    round-4 effect on Belgium); ``q=1`` as the paper states (p. 27); endogenous risk (``risk="scholz"``,
    eqs. 32-34); a fixed number of rounds without a stopping rule (``stop="none"``), as Scholz et al. run."""
    return bdm(
        EC_X, EC_C, EC_S, rounds=8, probability="code", selection="code", q=1.0, risk="scholz", stop="none"
    )


def test_ec_matches_published_scholz_table2_means():
    """Capability x salience weighted mean after rounds 1-8 vs Scholz et al. (2011) Table 2 (second-hand,
    see SCHOLZ_T2_MEAN).  Measured: 7.461 7.553 7.590 7.358 7.349 7.415 7.511 7.572 -- all within the
    printed precision: each printed mean is the rounding or the truncation of the computed one."""
    res = _scholz_program_run()
    assert [printed_as(float(x), m) for x, m in zip(res.mean[1:], SCHOLZ_T2_MEAN, strict=True)] == [True] * 8


@pytest.mark.parametrize("rnd", [1, 3, 4, 5, 6, 7, 8])
def test_ec_matches_published_scholz_table2_median(rnd):
    """Median after round ``rnd`` vs Scholz et al. (2011) Table 2 / p. 28 text (second-hand, see
    SCHOLZ_T2_MEDIAN).  Measured 8.416 (r1), 9.962 (r3-r5), 7.472 (r6), 8.825 (r7), 9.671 (r8): each is the
    published value truncated to one decimal.  The median is always the position of one of the three
    movers (Belgium in rounds 1-3 and 6-8, Luxembourg/Ireland at 9.962 in rounds 4-5)."""
    res = _scholz_program_run()
    assert printed_as(float(res.median[rnd]), SCHOLZ_T2_MEDIAN[rnd - 1])
    assert np.isclose(res.positions[rnd, [BE, LU, IE]], res.median[rnd]).any()


@pytest.mark.xfail(
    strict=True,
    reason="Scholz et al. (2011) Table 2 / p. 28 give the median 9.9 after round 2; "
    "winset (probability='code', selection='code', q=1) gives 9.611 (Belgium's compromise "
    "position; in round 2 no actor stands between 9.62 and 10), 0.289 below, although rounds 1 and 3-8 match. "
    "The same 9.611 is in the dmasad Example.log run of McKibben's program; cause unknown "
    "(the round-2 value may be a transcription/print slip, the p. 28 sentence groups rounds 2-5)",
)
def test_ec_published_scholz_round2_median():
    res = _scholz_program_run()
    assert printed_as(float(res.median[2]), SCHOLZ_T2_MEDIAN[1])


def test_ec_equation30_reading_does_not_give_published_round1():
    """The paper's printed probability (eq. 30, ``probability="paper"``) does not produce the published
    round-1 median 8.4: the median stays at 7 (Belgium and Ireland do not leave 7), which is why the
    published-number tests above use the program's ``probability="code"``."""
    res = bdm(EC_X, EC_C, EC_S, rounds=8, probability="paper", selection="least_move", stop="none")
    assert res.median[1] == 7.0
    assert abs(res.median[1] - SCHOLZ_T2_MEDIAN[0]) > 1.0


def test_ec_paper_reading_converges_on_the_median():
    res = bdm(EC_X, EC_C, EC_S, rounds=10)
    assert res.forecast == 7.0
    assert res.rounds_run == 3  # positions fixed from round 3 on (checked against the loop oracle below)
    loop = bdm_loop(list(EC_X), list(EC_C), list(EC_S), rounds=10)
    np.testing.assert_allclose(res.positions, loop.positions, atol=1e-12)


def _close(a: np.ndarray, b: object) -> None:
    np.testing.assert_allclose(a, np.asarray(b), atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(2, 7),
    seed=st.integers(0, 10_000),
    prob=st.sampled_from(["paper", "code"]),
    sel=st.sampled_from(["least_move", "code"]),
    q=st.sampled_from([1.0, 0.5]),
    grid=st.booleans(),
)
def test_vectorised_equals_plain_loop_oracle(n, seed, prob, sel, q, grid):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 100, n)
    c = rng.uniform(0.05, 1, n)
    s = rng.uniform(0.05, 1, n)
    if grid:  # ties in positions, weights and saliences
        x, c, s = np.round(x / 25) * 25, np.round(c, 1), np.round(s, 1)
    v = bdm(x, c, s, lo=0, hi=100, rounds=5, probability=prob, selection=sel, q=q)
    lp = bdm_loop(list(x), list(c), list(s), lo=0, hi=100, rounds=5, probability=prob, selection=sel, q=q)
    _close(v.positions, lp.positions)
    _close(v.median, lp.median)
    _close(v.mean, lp.mean)
    _close(v.first_probability, lp.probability)
    _close(v.first_eu, lp.eu)


def test_batch_equals_one_by_one():
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 10, (4, 3, 6))
    c = rng.uniform(0.1, 1, (4, 1, 6))
    s = rng.uniform(0.1, 1, (4, 3, 6))
    res = bdm(x, c, s, lo=0, hi=10, rounds=4, chunk=5)
    assert res.positions.shape == (4, 3, 5, 6) and res.median.shape == (4, 3, 5)
    for a in range(4):
        for b in range(3):
            one = bdm(x[a, b], c[a, 0], s[a, b], lo=0, hi=10, rounds=4)
            np.testing.assert_array_equal(res.positions[a, b], one.positions)
            assert res.rounds_run[a, b] == one.rounds_run


def test_paper_probabilities_sum_to_one():
    rng = np.random.default_rng(5)
    x = rng.uniform(0, 1, (3, 8))
    w = rng.uniform(0, 1, (3, 8))
    p = probability_paper(x, w)
    np.testing.assert_allclose(
        p + np.swapaxes(p, 1, 2), np.broadcast_to(1 - np.eye(8), (3, 8, 8)), atol=1e-12
    )


def test_stop_rule_and_positions_stay_on_the_scale():
    rng = np.random.default_rng(9)
    x = rng.uniform(20, 60, (50, 7))
    res = bdm(x, rng.uniform(0.1, 1, (50, 7)), rng.uniform(0.1, 1, (50, 7)), lo=0, hi=100, rounds=15)
    assert res.positions.min() >= 20 - 1e-9 and res.positions.max() <= 60 + 1e-9
    for b in range(50):  # after the stopping round nothing moves
        k = res.rounds_run[b]
        assert np.all(res.positions[b, k + 1 :] == res.positions[b, k])


def test_scenario_run_shapes(anchorage):
    c = compile_scenario(anchorage)
    r = run(c, rounds=5)
    n, k = len(c.actor_ids), len(c.issue_ids)
    assert r.positions.shape == (6, n, k) and r.forecast.shape == (6, k)
    np.testing.assert_allclose(r.positions[0], c.positions)
    assert np.all((r.positions >= c.lo - 1e-9) & (r.positions <= c.hi + 1e-9))
    # the forecast is always one of the actors' positions of that round
    for t in range(6):
        for j in range(k):
            assert np.isclose(r.positions[t, :, j], r.forecast[t, j]).any()


def test_declared_risk_attitude_is_used():
    """risk='declared' takes each actor's exponent as given: all 1 is exactly the risk-neutral run, and the
    first-round EU of NL challenging FR with NL's declared r = 2 follows S-eqs. 15-25 by hand."""
    neutral = bdm(EC_X, EC_C, EC_S, rounds=4, risk="neutral")
    ones = bdm(EC_X, EC_C, EC_S, rounds=4, risk="declared", risk_exponent=np.ones(10))
    np.testing.assert_array_equal(ones.positions, neutral.positions)
    r = np.full(10, 1.0)
    r[NL] = 2.0
    res = bdm(EC_X, EC_C, EC_S, rounds=1, risk="declared", risk_exponent=r)
    np.testing.assert_array_equal(res.risk[0], r)
    # d = 1 (4 vs 10), r = 2: U_s = 2 - 4(0)^2 = 2, U_f = 2 - 4(1)^2 = -2, U_sq = 2 - 4(.5)^2 = 1;
    # Q = 1 drops the U_b/U_w term: EU = s_FR (P U_s + (1-P) U_f) + (1 - s_FR) U_s - U_sq
    p_nl_fr = (
        0.248 / 0.584
    )  # paper probability: w at 4 (NL, LU, DE, DK) over w at 4 or 10 (hand sums, first test)
    want = 0.6 * (p_nl_fr * 2 + (1 - p_nl_fr) * -2) + 0.4 * 2 - 1.0
    assert res.first_eu[NL, FR] == pytest.approx(want)
    with pytest.raises(ValueError):
        bdm(EC_X, EC_C, EC_S, risk="declared")
    with pytest.raises(ValueError):
        bdm(EC_X, EC_C, EC_S, risk="declared", risk_exponent=np.zeros(10))


def test_scenario_risk_attitude_reaches_bdm(anchorage):
    """The scenario's per-actor 'risk' is what risk='declared' uses on every issue."""
    sc = anchorage.model_copy(deep=True)
    for a, r in zip(sc.actors, (0.5, 2.0, 1.5, 0.8), strict=True):
        a.risk.value = r
    c = compile_scenario(sc)
    res = run(c, rounds=2, risk="declared")
    np.testing.assert_array_equal(res.result.risk[..., 0, :], np.broadcast_to([0.5, 2.0, 1.5, 0.8], (6, 4)))


def test_bad_options_raise():
    with pytest.raises(ValueError):
        bdm(EC_X, EC_C, EC_S, probability="both")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        bdm(EC_X, EC_C, EC_S, selection="best")  # type: ignore[arg-type]


def test_report_shows_real_trajectories(anchorage):
    from winset.htmlreport.summary import describe_bdm
    from winset.services._report import bdm_trajectories

    t = bdm_trajectories(anchorage, rounds=4)
    c = compile_scenario(anchorage)
    expected = run(c, rounds=4)
    for j, iid in enumerate(c.issue_ids):
        np.testing.assert_array_equal(t.positions[iid], expected.positions[:, :, j])
        np.testing.assert_array_equal(t.forecast[iid], expected.forecast[:, j])
        assert t.rounds_run[iid] == expected.rounds_run[j]
    assert "Scholz" in describe_bdm(anchorage, t)


def test_monte_carlo_draws_batch_like_single_draws(anchorage):
    """A sampled scenario (leading draw axis) gives, draw by draw, the same trajectories as one-draw runs."""
    from winset.uncertainty import sample

    c = sample(anchorage, draws=6, seed=2)
    r = run(c, rounds=4)
    assert r.positions.shape == (6, 5, len(c.actor_ids), len(c.issue_ids))
    for d in range(6):
        smax = max(float(c.salience[d].max()), 1.0)
        for j in range(len(c.issue_ids)):
            one = bdm(
                c.positions[d, :, j],
                c.capability[d],
                c.salience[d, :, j] / smax,
                lo=c.lo[j],
                hi=c.hi[j],
                rounds=4,
            )
            np.testing.assert_allclose(r.positions[d, :, :, j], one.positions, atol=1e-12)


def test_scenario_saliences_above_one_are_rescaled_per_draw(anchorage):
    c = compile_scenario(anchorage)
    r1 = run(c, rounds=3)
    scaled = type(c)(**{**c.__dict__, "salience": c.salience * 40.0})  # e.g. saliences on 0-40
    r2 = run(scaled, rounds=3)
    np.testing.assert_allclose(r1.positions, r2.positions, atol=1e-12)
