"""KTAB's Spatial Model of Politics (SMP), ported from KAPSARC's C++ (MIT licence).

(Over 600 lines on purpose: one port, read side by side with KTAB's smp.cpp/smpbcn.cpp/kmodel.cpp, is easier to
check against them in one file, in their order, than split across modules.)

Source: KAPSARC Toolkit for Behavioral Analysis (KTAB), GitHub ``KAPSARC/KTAB`` (copy read here:
``lsyaseen/KTAB``, the version that produced the 2017-05-30 reference logs in ``examples/smp/doc``).
File names below are KTAB's.  Background: B. Wise, "Spatial Model of Politics in KTAB" and the KTAB
documentation (``examples/smp/SMPTutorial.pdf``); S. Efird, B. Wise et al., "KTAB: an open-source toolkit
for behavioral analysis" / "Interpreting the SMP" (KAPSARC discussion papers, 2016-2017); the Condorcet
probability model is Wise's "Probabilistic Condorcet Election" (PCE, ``kmodel.cpp``).

Scales: inputs on 0-100 (``smpread.cpp`` ``csvRead`` divides positions and saliences by 100, saliences are
*not* normalised per actor); everything below works on [0, 1] and results are returned on 0-100.

One **turn** (``SMPState::stepBCN`` / ``doBCN``, ``smpbcn.cpp``):

1. *Distances* (``SMPModel::bvDiff``, ``smp.cpp``): ``d_ij = sqrt(sum_k (s_ik (x_ik - x_jk))^2 / sum_k s_ik^2)``
   from actor i's ideal (= its position: the accommodation matrix is the identity for CSV inputs) to j.
2. *Risk attitudes* (``SMPState::setAllAUtil``): risk-neutral values ``1 - d_ij``; coalitions
   ``c_ij = 1e-8 + sum_k max(0, v_k(i:j))`` with votes ``v_k(i:j) = vote(c_k, u_ki, u_kj)`` weighted by
   capability only (``Model::coalitions``, ``Model::vote``); victory probabilities ``P_ij = c_ij/(c_ij+c_ji)``
   (``Model::vProb``, Linear); PCE probability of each position (``Model::condPCE``:
   ``p_i ∝ prod_j P_ij``); normalised risk attitudes from it (``Model::bigRfromProb``, BigRRange Mid:
   ``R_i = (3 p_i - p_max - 2 p_min) / (2 (p_max - p_min))`` in [-1/2, 1]).
3. *Utilities* (``SMPModel::bsUtil``): ``u(d, R) = (1 - d)(1 + d R)``; actor h's estimate of i's risk
   attitude (``Model::estNRA``, BigRAdjust OneThird) ``R_hi = (2 R_h + R_i)/3``, so
   ``U[h, i, j] = u(d_ij, R_hi)``.
4. *Challenges* (``SMPState::probEduChlg``, ThirdPartyCommit SemiCommit, ``Actor::vProbLittle``,
   ``Actor::thirdPartyVoteSU``): from h's perspective, the probability that i beats j and the expected gain
   to k of i challenging j.  Principals vote with cap x total salience; each third party n assesses the
   "little" contest (i, j, n) and votes with the expected utilities of siding with i or j.  The challenge
   utility is ``(1 - S_j) U_vict + S_j U_contest`` with ``S_j`` the total salience of j.
5. *Best challenge* (``SMPState::bestChallenge``): each actor targets the j with the largest expected gain
   above ``1e-5`` (first in index order on ties); no target if none is positive.
6. *Bargain* (``SMPActor::interpolateBrgn`` / ``interpBrgnSnPm``, InterVecBrgn S2P2): per dimension,
   ``b = ((w_i + 1e-6) t_i + w_j t_j) / (w_i + 1e-6 + w_j)`` for the initiator and
   ``(w_i t_i + (w_j + 1e-6) t_j) / (...)`` for the receiver, ``w = s^2 p^2``, ``p_i`` = initiator's own
   estimate that it wins, rounded to 4 decimals (0-1 scale).  BargnModel InitOnlyInterp: the initiator's
   interpolation is offered to both parties.
7. *Choice among bargains* (``SMPState::updateBestBrgnPositions``): every actor k has the status quo and the
   bargains involving it; each actor values the state after a bargain as the mean utility of all
   positions (its own risk attitude, its own ideal); a PCE over bargains with capability-weighted
   proportional votes; StateTransitions Deterministic: k adopts its part of the most probable bargain
   (first on ties).
8. *Stopping rule* (``smpStopFn``, ``SMPModel::configExec``, ``smp.cpp``): after at least 2 and at most 100
   turns, stop when ``D(t, t-1) / (D(1, 0) + 1e-4) < 0.02`` with ``D`` the sum over actors of the Euclidean
   distance between their positions in two states.

Reported probabilities (``SMPModel::showVPHistory`` -> ``SMPState::pDist(-1)``, ``State::posProb``): PCE
over the *unique* positions (equivalent when closer than ``posTol = 1e-3``), utilities ``U[i, i, :]``,
votes with capability weights and the model's voting rule; an actor's probability is that of its
position.

Not ported: stochastic state transitions (KTAB's PRNG), ideal accommodation other than the identity, the
SQLite logging.  Other KTAB options (voting rules, victory-probability models, Markov PCE variants,
BigRRange/BigRAdjust/ThirdPartyCommit/InterVecBrgn variants, the other bargaining models) are implemented
from the same sources but only the defaults are checked against KTAB output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

VotingRule = Literal["Binary", "PropBin", "Prop", "PropCbc", "Cubic", "ASymProsp"]
VPModel = Literal["Linear", "Square", "Quartic", "Octic", "Binary"]
PCEModel = Literal["Conditional", "MarkovIncentive", "MarkovUniform"]
BigRRange = Literal["Min", "Mid", "Max"]
BigRAdjust = Literal["Full", "TwoThirds", "Half", "OneThird", "None"]
ThirdPartyCommit = Literal["Full", "Semi", "None"]
InterVecBrgn = Literal["S1P1", "S2P2", "S2PMax"]
BargnModel = Literal["InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"]

MIN_COALITION = 1e-8
"""``Model::coalitions``: starting strength of every coalition (and of the diagonal)."""
MIN_CLTN_CHALLENGE = 1e-10
"""``SMPState::probEduChlg``: starting strength of the two coalitions in a challenge."""
MIN_SIG_EDU = 1e-5
"""``SMPState::bestChallenge``: smallest expected gain that makes a target worth challenging."""
POS_TOL = 1e-3
"""``SMPModel::posTol``: positions closer than this (Euclidean, 0-1 scale) are the same position."""


@dataclass(frozen=True)
class SMPOptions:
    """KTAB's model parameters (names as in KTAB's XML ``ModelParameters``); defaults = KTAB defaults."""

    victory_prob_model: VPModel = "Linear"
    voting_rule: VotingRule = "Prop"
    pce_model: PCEModel = "Conditional"
    big_r_range: BigRRange = "Mid"
    big_r_adjust: BigRAdjust = "OneThird"
    third_party_commit: ThirdPartyCommit = "Semi"
    inter_vec_brgn: InterVecBrgn = "S2P2"
    bargn_model: BargnModel = "InitOnlyInterp"
    min_iter: int = 2
    max_iter: int = 100
    min_delta_ratio: float = 0.02
    min_sig_delta: float = 1e-4

    @classmethod
    def from_ktab(cls, params: dict[str, str], **kw: Any) -> SMPOptions:
        """Options from a KTAB XML ``ModelParameters`` dict (``ktab.parse_xml(...).parameters``).

        Only deterministic transitions are supported: ``StateTransitions`` other than ``Deterministic``
        raises ``NotImplementedError``.
        """
        st = params.get("StateTransitions", "Deterministic")
        if st not in ("Deterministic", ""):
            raise NotImplementedError(f"StateTransitions {st!r}: only Deterministic is ported")
        tpc = params.get("ThirdPartyCommit", "SemiCommit").replace("Commit", "") or "Semi"
        names = {
            "victory_prob_model": "VictoryProbModel",
            "voting_rule": "VotingRule",
            "pce_model": "PCEModel",
            "big_r_range": "BigRRange",
            "big_r_adjust": "BigRAdjust",
            "inter_vec_brgn": "InterVecBrgn",
            "bargn_model": "BargnModel",
        }
        vals: dict[str, Any] = {k: params[v] for k, v in names.items() if params.get(v)}
        if "big_r_adjust" in vals:
            vals["big_r_adjust"] = vals["big_r_adjust"].removesuffix("RA") or "None"
        vals["third_party_commit"] = tpc
        vals.update(kw)
        return cls(**vals)


@dataclass(frozen=True)
class SMPResult:
    """An SMP run on the 0-100 scale.

    ``positions`` ``(turns+1, n, k)`` (row 0 = input); ``probabilities`` ``(turns+1, n)`` PCE probability
    that each actor's position is the outcome (equivalent positions share one probability, so rows may
    sum to more than 1); ``risk`` ``(turns+1, n)`` inferred risk attitudes ``R_i``; ``target``
    ``(turns, n)`` each actor's chosen challenge target (-1: none); ``target_prob`` ``(turns, n)`` its own
    estimate of winning; ``target_gain`` ``(turns, n)`` its expected gain; ``delta_ratio`` ``(turns,)``
    the stopping-rule ratio ``D(t, t-1) / (D(1, 0) + min_sig_delta)`` (KTAB's "Fractional change").
    """

    actors: tuple[str, ...]
    dimensions: tuple[str, ...]
    positions: np.ndarray
    probabilities: np.ndarray
    risk: np.ndarray
    target: np.ndarray
    target_prob: np.ndarray
    target_gain: np.ndarray
    delta_ratio: np.ndarray
    options: SMPOptions = field(default_factory=SMPOptions)

    @property
    def turns(self) -> int:
        return self.positions.shape[0] - 1

    @property
    def forecast(self) -> np.ndarray:
        """Probability-weighted mean of the final unique positions, ``(k,)`` on 0-100."""
        x = self.positions[-1]
        u, _ = unique_positions(x / 100.0)
        p = self.probabilities[-1][u]
        return (p[:, None] * x[u]).sum(0) / p.sum()


# ---------------------------------------------------------------------------------------------------------
# kmodel.cpp pieces (leading batch axes broadcast where shapes allow)
# ---------------------------------------------------------------------------------------------------------
def vote(rule: VotingRule, w: np.ndarray | float, ui: np.ndarray, uj: np.ndarray) -> np.ndarray:
    """``Model::vote``: the vote of weight ``w`` for option i over j given utilities ``ui``, ``uj``."""
    du = np.asarray(ui) - np.asarray(uj)
    if rule == "Prop":
        r = du
    elif rule == "Binary":
        r = np.clip(du / 1e-8, -1.0, 1.0)
    elif rule == "PropBin":
        r = 0.8 * du + 0.2 * np.clip(du / 1e-8, -1.0, 1.0)
    elif rule == "PropCbc":
        r = 0.5 * du + 0.5 * du**3
    elif rule == "Cubic":
        r = du**3
    elif rule == "ASymProsp":
        r = np.where(du > 0, 2.0 * du / 3.0, du)
    else:
        raise ValueError(f"unknown voting rule {rule!r}")
    return np.asarray(w) * r


def coalitions(w: np.ndarray, u: np.ndarray, rule: VotingRule = "Prop") -> np.ndarray:
    """``Model::coalitions`` with ``vote``: ``w`` ``(..., a)``, ``u`` ``(..., a, m)`` (actor x option) ->
    ``c`` ``(..., m, m)``, ``c[i, j] = 1e-8 + sum_k max(0, vote(w_k, u_ki, u_kj))`` (diagonal 1e-8)."""
    v = vote(rule, w[..., :, None, None], u[..., :, :, None], u[..., :, None, :])  # (..., a, m, m)
    c = MIN_COALITION + np.maximum(v, 0.0).sum(-3)
    m = u.shape[-1]
    c[..., np.arange(m), np.arange(m)] = MIN_COALITION
    return c


def _vp_transform(vpm: VPModel, s: np.ndarray) -> np.ndarray:
    if vpm == "Linear":
        return s
    if vpm == "Square":
        return s**2
    if vpm == "Quartic":
        return s**4
    if vpm == "Octic":
        return s**8
    raise ValueError(f"unknown victory-probability model {vpm!r}")


def victory_prob(c: np.ndarray, vpm: VPModel = "Linear") -> np.ndarray:
    """``Model::vProb(vpm, c)``: ``P[i, j]`` that option i beats j from coalition strengths (diag 1/2)."""
    ct = np.swapaxes(c, -1, -2)
    if vpm == "Binary":
        thresh, min_x = 1.10, 1e-6
        r12 = c / (c + ct)
        mid = (r12 * (thresh + 1.0) - 1.0) / (thresh - 1.0)
        x1 = np.where(c >= thresh * ct, 1.0, np.where(ct >= thresh * c, min_x, mid))
        x2 = np.where(c >= thresh * ct, min_x, np.where(ct >= thresh * c, 1.0, 1.0 - mid))
    else:
        x1, x2 = _vp_transform(vpm, c), _vp_transform(vpm, ct)
    p = x1 / (x1 + x2)
    m = c.shape[-1]
    p[..., np.arange(m), np.arange(m)] = 0.5
    return p


def cond_pce(pv: np.ndarray) -> np.ndarray:
    """``Model::condPCE``: ``p_i ∝ prod_j P[i, j]`` (one-step conditional Condorcet probabilities)."""
    p = np.prod(pv, axis=-1)
    return p / p.sum(-1, keepdims=True)


def markov_uniform_pce(pv: np.ndarray, tol: float = 1e-6, max_iter: int = 1000) -> np.ndarray:
    """``Model::markovUniformPCE``: fixed point of ``q_i = sum_j P_ij (p_i + p_j) / m`` (averaged steps)."""
    m = pv.shape[-1]
    p = np.full(pv.shape[:-1], 1.0 / m)
    for _ in range(max_iter):
        q = (pv * (p[..., :, None] + p[..., None, :])).sum(-1) / m
        change = np.abs(q - p).max()
        p = (p + q) / 2.0
        if change <= tol:
            return p
    raise RuntimeError("markovUniformPCE did not converge")


def markov_incentive_pce(
    c: np.ndarray, vpm: VPModel = "Linear", tol: float = 1e-8, max_iter: int = 1000
) -> np.ndarray:
    """``Model::markovIncentivePCE``: challenges in proportion to ``c_ij P_ij`` (+1e-10 on the diagonal)."""
    pv = victory_prob(c, vpm)
    m = c.shape[-1]
    inc = c * pv
    inc[..., np.arange(m), np.arange(m)] += 1e-10
    chlg = inc / inc.sum(-2, keepdims=True)  # chlg[i, j] = P[i challenges | j is favourite]
    p = np.full(c.shape[:-1], 1.0 / m)
    for _ in range(max_iter):
        ct = p[..., :, None] * np.swapaxes(chlg, -1, -2)  # ct[i, j] = p_i chlg[j, i]
        q = (pv * (ct + np.swapaxes(ct, -1, -2))).sum(-1)
        change = np.abs(q - p).max()
        p = (p + q) / 2.0
        if change <= tol:
            return p
    raise RuntimeError("markovIncentivePCE did not converge")


def pce(c: np.ndarray, vpm: VPModel = "Linear", pcem: PCEModel = "Conditional") -> np.ndarray:
    """``Model::probCE2``: option probabilities from coalition strengths."""
    if pcem == "Conditional":
        return cond_pce(victory_prob(c, vpm))
    if pcem == "MarkovUniform":
        return markov_uniform_pce(victory_prob(c, vpm))
    if pcem == "MarkovIncentive":
        return markov_incentive_pce(c, vpm)
    raise ValueError(f"unknown PCE model {pcem!r}")


def scalar_pce(
    w: np.ndarray,
    u: np.ndarray,
    rule: VotingRule = "Prop",
    vpm: VPModel = "Linear",
    pcem: PCEModel = "Conditional",
) -> np.ndarray:
    """``Model::scalarPCE``: ``w`` ``(..., a)`` weights, ``u`` ``(..., a, m)`` utilities -> ``(..., m)``."""
    return pce(coalitions(w, u, rule), vpm, pcem)


def big_r_from_prob(p: np.ndarray, rng: BigRRange = "Mid") -> np.ndarray:
    """``Model::bigRfromProb``: normalised risk attitudes from position probabilities."""
    lo, hi = p.min(-1, keepdims=True), p.max(-1, keepdims=True)
    if rng == "Min":
        return (p - lo) / (hi - lo)
    if rng == "Mid":
        return (3.0 * p - (hi + 2.0 * lo)) / (2.0 * (hi - lo))
    if rng == "Max":
        return (2.0 * p - (hi + lo)) / (hi - lo)
    raise ValueError(f"unknown BigRRange {rng!r}")


def est_nra(rh: np.ndarray, ri: np.ndarray, adj: BigRAdjust = "OneThird") -> np.ndarray:
    """``Model::estNRA``: h's estimate of i's risk attitude."""
    f = {"Full": 1.0, "TwoThirds": 2.0 / 3.0, "Half": 0.5, "OneThird": 1.0 / 3.0, "None": 0.0}[adj]
    if adj == "OneThird":
        return (2.0 * rh + ri) / 3.0
    if adj == "TwoThirds":
        return (rh + 2.0 * ri) / 3.0
    if adj == "Half":
        return (rh + ri) / 2.0
    return (1.0 - f) * rh + f * ri


# ---------------------------------------------------------------------------------------------------------
# smp.cpp pieces
# ---------------------------------------------------------------------------------------------------------
def bs_util(d: np.ndarray | float, r: np.ndarray | float) -> np.ndarray:
    """``SMPModel::bsUtil``: ``(1 - d)(1 + d R)`` for ``d <= 1``, ``(1 - d)(1 + R)`` beyond."""
    d = np.asarray(d)
    return (1.0 - d) * (1.0 + np.where(d <= 1.0, d, 1.0) * r)


def bv_diff(ideal: np.ndarray, pos: np.ndarray, sal: np.ndarray) -> np.ndarray:
    """``SMPModel::bvDiff``: salience-weighted distance from ideals ``(..., n, k)`` to positions
    ``(..., m, k)`` with the first argument's saliences ``(..., n, k)`` -> ``(..., n, m)``."""
    diff = (ideal[..., :, None, :] - pos[..., None, :, :]) * sal[..., :, None, :]
    return np.sqrt((diff**2).sum(-1) / (sal**2).sum(-1)[..., None])


def unique_positions(x: np.ndarray, tol: float = POS_TOL) -> tuple[np.ndarray, np.ndarray]:
    """``KBase::ueIndices`` with ``SMPState::equivNdx``: first-occurrence indices of distinct positions and,
    per actor, the index (into the unique list) of the first unique position equivalent to it."""
    uniq: list[int] = []
    eqv = np.empty(x.shape[0], dtype=int)
    for i in range(x.shape[0]):
        for j, k in enumerate(uniq):
            if np.linalg.norm(x[i] - x[k]) < tol:
                eqv[i] = j
                break
        else:
            uniq.append(i)
            eqv[i] = len(uniq) - 1
    return np.array(uniq, dtype=int), eqv


@dataclass(frozen=True)
class SMPStateEval:
    """Everything ``SMPState::setAllAUtil`` computes for one state (0-1 scale)."""

    d: np.ndarray  # (n, n) distances ideal i -> position j
    risk: np.ndarray  # (n,) R_i
    rn_prob: np.ndarray  # (n,) risk-neutral PCE over all positions
    util: np.ndarray  # (n, n, n) U[h, i, j] = h's estimate of i's utility for j's position


def evaluate_state(
    x: np.ndarray, sal: np.ndarray, cap: np.ndarray, opt: SMPOptions = SMPOptions()
) -> SMPStateEval:
    """``SMPState::setAllAUtil``: distances, risk attitudes and every actor's estimated utility matrix."""
    d = bv_diff(x, x, sal)
    rn = bs_util(d, 0.0)
    c = coalitions(cap, rn, opt.voting_rule)
    p = pce(c, opt.victory_prob_model, opt.pce_model)
    r = big_r_from_prob(p, opt.big_r_range)
    rhi = est_nra(r[:, None], r[None, :], opt.big_r_adjust)  # (h, i)
    util = bs_util(d[None, :, :], rhi[:, :, None])
    return SMPStateEval(d=d, risk=r, rn_prob=p, util=util)


def position_probabilities(
    x: np.ndarray, util: np.ndarray, cap: np.ndarray, opt: SMPOptions = SMPOptions()
) -> np.ndarray:
    """``SMPState::pDist(-1)`` + ``State::posProb``: each actor's probability that its position wins.

    Votes use the model's voting rule (``vrCltn``; KTAB versions before 2017 hard-coded the proportional
    rule here, which only matters for non-default rules); an actor whose position is equivalent to several
    unique ones takes the last of them (as ``posProb`` scans)."""
    uniq, _ = unique_positions(x)
    n = x.shape[0]
    own = util[np.arange(n), np.arange(n), :]  # U[i, i, j]
    pu = scalar_pce(cap, own[:, uniq], opt.voting_rule, opt.victory_prob_model, opt.pce_model)
    out = np.empty(n)
    for i in range(n):
        ks = [j1 for j1, j2 in enumerate(uniq) if np.linalg.norm(x[i] - x[j2]) < POS_TOL]
        out[i] = pu[ks[-1]]
    return out


def third_party_vote(
    w: np.ndarray,
    rule: VotingRule,
    commit: ThirdPartyCommit,
    pin: np.ndarray,
    uni: np.ndarray,
    unj: np.ndarray,
    unn: np.ndarray,
) -> np.ndarray:
    """``Actor::thirdPartyVoteSU`` (sum-of-utilities model): third party n's vote in (i:j)."""
    pjn = 1.0 - pin
    if commit == "Full":
        a, b, c_, d = 3 * uni, 3 * unj, 3 * uni, 3 * unj
    elif commit == "Semi":
        a, b, c_, d = 2 * uni + unn, 3 * unj, 3 * uni, 2 * unj + unn
    elif commit == "None":
        a, b, c_, d = 2 * uni + unn, 2 * unj + unn, 2 * uni + unn, 2 * unj + unn
    else:
        raise ValueError(f"unknown ThirdPartyCommit {commit!r}")
    u_ik_j = pin * a + pjn * b
    u_i_jk = pin * c_ + pjn * d
    return vote(rule, w, u_ik_j, u_i_jk)


def challenge(
    util_h: np.ndarray,
    cap: np.ndarray,
    sal_tot: np.ndarray,
    k: np.ndarray | int,
    opt: SMPOptions = SMPOptions(),
) -> tuple[np.ndarray, np.ndarray]:
    """``SMPState::probEduChlg`` for one estimator h, every initiator i and receiver j.

    ``util_h`` ``(n, n)`` = h's utility estimates; ``k`` = the affected actor, an int or an ``(n, n)`` array
    indexed like ``(i, j)`` (``k = i`` for the best-challenge search).  Returns ``(P[i, j], EDU[i, j])``:
    h's estimate that i beats j and of k's expected gain from i challenging j relative to the status quo
    (diagonal meaningless)."""
    n = util_h.shape[0]
    u = util_h
    rule = opt.voting_rule
    w = cap * sal_tot
    ii = np.arange(n)
    uii = np.diag(u)[:, None]  # (i, 1)
    ujj = np.diag(u)[None, :]  # (1, j)
    uij = u  # u[i, j]
    uji = u.T  # [i, j] -> u[j, i]
    ci = vote(rule, w[:, None], uii, uij)
    cj = vote(rule, w[None, :], uji, ujj)
    chij = MIN_CLTN_CHALLENGE + np.maximum(ci, 0.0) + np.maximum(cj, 0.0)
    chji = MIN_CLTN_CHALLENGE + np.maximum(-ci, 0.0) + np.maximum(-cj, 0.0)
    # third parties n: axis 0 -> arrays (n, i, j)
    uni = u[:, :, None]
    unj = u[:, None, :]
    unn = np.diag(u)[:, None, None]
    wn = w[:, None, None]
    v0 = vote(rule, wn, uni, unj)
    cni = chij[None] + np.maximum(v0, 0.0)
    cnj = chji[None] + np.maximum(-v0, 0.0)
    pin = cni / (cni + cnj)
    vn = third_party_vote(wn, rule, opt.third_party_commit, pin, uni, unj, unn)
    third = (ii[:, None, None] != ii[None, :, None]) & (ii[:, None, None] != ii[None, None, :])
    vn = np.where(third, vn, 0.0)
    chij = chij + np.maximum(vn, 0.0).sum(0)
    chji = chji + np.maximum(-vn, 0.0).sum(0)
    phij = chij / (chij + chji)
    kk = np.broadcast_to(np.asarray(k), (n, n))
    uki = u[kk, ii[:, None]]
    ukj = u[kk, ii[None, :]]
    eu_sq = uki + ukj
    eu_vict = 2.0 * uki
    eu_cntst = phij * 2.0 * uki + (1.0 - phij) * 2.0 * ukj
    sj = sal_tot[None, :]
    eu_chlg = (1.0 - sj) * eu_vict + sj * eu_cntst
    return phij, eu_chlg - eu_sq


def _round4(x: np.ndarray) -> np.ndarray:
    return np.trunc(0.5 + x * 10000.0) / 10000.0  # C++ ((int)(0.5 + x*s)) / s


def interpolate_bargain(
    ti: np.ndarray,
    si: np.ndarray,
    pi: float,
    tj: np.ndarray,
    sj: np.ndarray,
    pj: float,
    ivb: InterVecBrgn = "S2P2",
) -> tuple[np.ndarray, np.ndarray]:
    """``SMPActor::interpolateBrgn``: the initiator's and receiver's bargain positions ``(k,)``."""
    if ivb in ("S1P1", "S2P2"):
        e = 1 if ivb == "S1P1" else 2
        wi = si**e * pi**e
        wj = sj**e * pj**e
        mw = 1e-6
        bi = _round4(((wi + mw) * ti + wj * tj) / (wi + mw + wj))
        bj = _round4((wi * ti + (mw + wj) * tj) / (wi + mw + wj))
        return bi, bj
    if ivb == "S2PMax":
        di = max(pj - pi, 0.0)
        dj = max(pi - pj, 0.0)
        mw = 1e-6
        dik = (di * sj**2) / (di * sj**2 + mw + (1 - di) * si**2)
        djk = (dj * si**2) / (dj * si**2 + mw + (1 - dj) * sj**2)
        return ti + dik * (tj - ti), tj + djk * (ti - tj)
    raise ValueError(f"unknown InterVecBrgn {ivb!r}")


@dataclass
class _Bargain:
    init: int
    rcvr: int
    pos_init: np.ndarray
    pos_rcvr: np.ndarray


def smp_step(
    x: np.ndarray, sal: np.ndarray, cap: np.ndarray, ev: SMPStateEval, opt: SMPOptions = SMPOptions()
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One deterministic ``SMPState::doBCN`` turn on the 0-1 scale.

    Returns ``(new positions (n, k), target (n,), p_target (n,), gain (n,))``."""
    n = x.shape[0]
    sal_tot = sal.sum(-1)
    util = ev.util
    target = np.full(n, -1)
    ptarget = np.full(n, np.nan)
    gain = np.full(n, np.nan)
    brgns: list[list[_Bargain]] = [[_Bargain(i, i, x[i], x[i])] for i in range(n)]
    for i in range(n):
        p, edu = challenge(util[i], cap, sal_tot, np.arange(n)[:, None], opt)
        e = np.where(np.arange(n) == i, -np.inf, edu[i])
        ok = e > MIN_SIG_EDU
        if not ok.any():
            continue
        j = int(np.argmax(np.where(ok, e, -np.inf)))
        if not e[j] > 0:
            continue
        target[i], ptarget[i], gain[i] = j, p[i, j], e[j]
        bi, bj = interpolate_bargain(x[i], sal[i], p[i, j], x[j], sal[j], 1.0 - p[i, j], opt.inter_vec_brgn)
        b_iij = _Bargain(i, j, bi, bj)
        if opt.bargn_model == "InitOnlyInterp":
            new = [b_iij]
        else:
            # KTAB passes j's estimated *gain to i* (get<1>) as j's "probability" here; reproduced as is.
            _, edu_j = challenge(util[j], cap, sal_tot, i, opt)
            pj = edu_j[i, j]
            ci, cj = interpolate_bargain(x[i], sal[i], pj, x[j], sal[j], 1.0 - pj, opt.inter_vec_brgn)
            b_jij = _Bargain(i, j, ci, cj)
            if opt.bargn_model == "InitRcvrInterp":
                new = [b_iij, b_jij]
            elif opt.bargn_model == "PWCompInterp":
                wi = cap[i] * sal_tot[i]
                wj = cap[i] * sal_tot[j]  # KTAB: brgnJIJ->actInit->sCap (= i's capability) x j's salience
                new = [_Bargain(i, j, (wi * bi + wj * ci) / (wi + wj), (wi * bj + wj * cj) / (wi + wj))]
            else:
                raise ValueError(f"unknown BargnModel {opt.bargn_model!r}")
        brgns[i].extend(new)
        brgns[j].extend(new)
    own = util[np.arange(n), np.arange(n), :]  # U[a, a, m]: a's utility for position m
    tot_own = own.sum(-1)
    new_x = x.copy()
    for k in range(n):
        bl = brgns[k]
        u_im = np.empty((n, len(bl)))
        for m, b in enumerate(bl):
            if b.init == b.rcvr:
                u_im[:, m] = tot_own
            else:
                pb = np.stack([b.pos_init, b.pos_rcvr])
                ub = bs_util(
                    bv_diff(x, pb, sal), ev.risk[:, None]
                )  # (a, 2): a's utility, own risk, own ideal
                u_im[:, m] = tot_own - own[:, b.init] - own[:, b.rcvr] + ub.sum(-1)
        u_im /= n
        pb = scalar_pce(cap, u_im, opt.voting_rule, opt.victory_prob_model, opt.pce_model)
        mm = int(np.argmax(np.abs(pb)))
        b = bl[mm]
        if b.init != b.rcvr:
            new_x[k] = b.pos_init if b.init == k else b.pos_rcvr
    return new_x, target, ptarget, gain


def state_dist(x1: np.ndarray, x2: np.ndarray) -> float:
    """``SMPModel::stateDist``: sum over actors of the Euclidean distance between their positions."""
    return float(np.linalg.norm(x1 - x2, axis=-1).sum())


def run(
    positions: np.ndarray,
    salience: np.ndarray,
    capability: np.ndarray,
    opt: SMPOptions = SMPOptions(),
    actors: tuple[str, ...] = (),
    dimensions: tuple[str, ...] = (),
    turns: int | None = None,
) -> SMPResult:
    """Run KTAB's SMP on inputs on the 0-100 scale (positions/saliences ``(n, k)``, capability ``(n,)``).

    Stops by KTAB's rule (``SMPOptions.min_iter``, ``max_iter``, ``min_delta_ratio``) unless ``turns``
    forces a fixed number of turns."""
    x = np.asarray(positions, float) / 100.0
    sal = np.asarray(salience, float) / 100.0
    cap = np.asarray(capability, float)
    n, k = x.shape
    if np.any(cap <= 0):
        raise ValueError("KTAB requires positive capabilities (Model::vote rejects non-positive weights)")
    hist = [x]
    evs = [evaluate_state(x, sal, cap, opt)]
    tg, tp, gn, ratios = [], [], [], []
    it = 0
    while True:
        it += 1
        x2, t, p, g = smp_step(hist[-1], sal, cap, evs[-1], opt)
        hist.append(x2)
        evs.append(evaluate_state(x2, sal, cap, opt))
        tg.append(t)
        tp.append(p)
        gn.append(g)
        d01 = state_dist(hist[0], hist[1]) + opt.min_sig_delta
        ratio = state_dist(hist[-1], hist[-2]) / d01
        ratios.append(ratio)
        if turns is not None:
            if it >= turns:
                break
        elif opt.max_iter <= it or (opt.min_iter <= it and ratio < opt.min_delta_ratio):
            break
    probs = np.array(
        [position_probabilities(xx, ev.util, cap, opt) for xx, ev in zip(hist, evs, strict=True)]
    )
    return SMPResult(
        actors=tuple(actors) or tuple(f"A{i}" for i in range(n)),
        dimensions=tuple(dimensions) or tuple(f"dim{j + 1}" for j in range(k)),
        positions=np.array(hist) * 100.0,
        probabilities=probs,
        risk=np.array([ev.risk for ev in evs]),
        target=np.array(tg),
        target_prob=np.array(tp),
        target_gain=np.array(gn),
        delta_ratio=np.array(ratios),
        options=opt,
    )


def run_ktab(data: Any, opt: SMPOptions | None = None, turns: int | None = None) -> SMPResult:
    """Run on a :class:`winset.io.ktab.KTABData` (``ktab.read(path)``); XML parameters are used when
    ``opt`` is not given."""
    if opt is None:
        opt = SMPOptions.from_ktab(data.parameters) if data.parameters else SMPOptions()
    return run(
        data.positions,
        data.salience,
        data.influence,
        opt,
        actors=data.actors,
        dimensions=data.dimensions,
        turns=turns,
    )


def run_compiled(c: Any, opt: SMPOptions = SMPOptions(), turns: int | None = None) -> list[SMPResult]:
    """Run on a compiled winset scenario (``winset.scenario.compiled.compile_scenario``), one result per
    batch entry (a list of one for an unbatched scenario).

    Positions are mapped from each issue's ``[lo, hi]`` onto KTAB's 0-100 scale and saliences multiplied by
    100 (the inverse of ``ktab.to_scenario``).  KTAB needs every actor's total salience in (0, 1]; when some
    actor's total exceeds 1, all saliences of that scenario are divided by the largest total (assumption,
    not in KTAB, which rejects such inputs).  Results stay on 0-100; ``to_issue_scale`` maps back."""
    pos = np.asarray(c.positions, float)
    sal = np.asarray(c.salience, float)
    cap = np.asarray(c.capability, float)
    lo, hi = np.asarray(c.lo, float), np.asarray(c.hi, float)
    n, k = pos.shape[-2:]
    pos = pos.reshape(-1, n, k)
    sal = sal.reshape(-1, n, k)
    cap = cap.reshape(-1, n)
    out = []
    for b in range(pos.shape[0]):
        s = sal[b]
        tot = s.sum(-1).max()
        if tot > 1.0:
            s = s / tot
        x = 100.0 * (pos[b] - lo) / np.where(hi > lo, hi - lo, 1.0)
        out.append(
            run(
                x,
                100.0 * s,
                cap[b],
                opt,
                actors=tuple(c.actor_ids),
                dimensions=tuple(c.issue_ids),
                turns=turns,
            )
        )
    return out


def to_issue_scale(v: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Map values on KTAB's 0-100 scale (last axis = issues) back onto ``[lo, hi]``."""
    return np.asarray(lo) + np.asarray(v) / 100.0 * (np.asarray(hi) - np.asarray(lo))
