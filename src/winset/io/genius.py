"""Import GENIUS XML negotiation domains and additive utility spaces (profiles).

GENIUS (Lin, Kraus, Baarslag, Tykhonov, Hindriks & Jonker 2014, "Genius: an integrated environment for
supporting the design of generic automated negotiators", *Computational Intelligence* 30(1)) stores

* a **domain** (root ``<negotiation_template>``): ``<issue name=...>`` elements, each with ``<item value=...>``
  children, under an ``<objective>``;
* one **profile** per party (root ``<utility_space>``): the same issues whose items carry ``evaluation=...``,
  ``<weight index=... value=...>`` per issue, and optionally ``<reservation value=...>`` and
  ``<discount_factor value=...>``.

Utility, exactly as GENIUS evaluates it (``genius.core.utility.AdditiveUtilitySpace.getUtility`` and
``EvaluatorDiscrete.getEvaluation``/``normalize``)::

    u(bid) = min(1, sum_i w_i * eval_i(v_i) / max_v eval_i(v))        (0 for an issue whose max is < 1e-5)

i.e. evaluations are normalised **per issue by that issue's largest evaluation**.  Weights are used as
written (GENIUS does not rescale them when it loads a file).  A value listed twice in a profile keeps its
last evaluation (GENIUS stores them in a ``HashMap``).  The reservation value defaults to 0 when the profile
has none; a discount factor outside ``(0, 1]`` is read as 1 (GENIUS ``validateDiscount``).  NegMAS 0.16
reads the raw evaluations without this normalisation, so its utilities differ by a per-issue factor.

XML is parsed with ``defusedxml`` (no entity expansion, no external references).  Every problem raises
:class:`~winset.scenario.errors.ScenarioError` naming the file, the line and the element.  Discrete and
integer issues are supported (integer: GENIUS ``EvaluatorInteger``, ``clip(offset + slope * (v - lowerbound),
0, 1)``, values ``lowerbound..upperbound``); real-valued issues are reported as unsupported.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from xml.parsers.expat import ErrorString

import defusedxml.ElementTree as DET
import numpy as np

from winset.scenario.errors import ScenarioError

__all__ = [
    "GeniusDomain",
    "GeniusIssue",
    "GeniusProfile",
    "load_genius",
    "load_genius_domain",
    "load_genius_profile",
]

MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class GeniusIssue:
    index: int
    name: str
    values: tuple[str, ...]
    kind: str = "discrete"  # discrete | integer
    lower: int = 0  # integer issues: lowerbound (values are lower..upper)


@dataclass(frozen=True)
class GeniusProfile:
    """One party's additive utility space, already normalised: ``table[i][j]`` = ``w_i * eval_ij / max_j``."""

    name: str
    file: str
    weights: np.ndarray  # (k,)
    evaluations: tuple[np.ndarray, ...]  # per issue, normalised to max 1, in the domain's value order
    reservation: float
    discount: float

    def utility(self, outcomes: np.ndarray) -> np.ndarray:
        """Utilities of outcomes given as value indices ``(N, k)`` -> ``(N,)`` (GENIUS semantics, capped at 1)."""
        o = np.asarray(outcomes, dtype=np.int64)
        u = np.zeros(o.shape[:-1])
        for i, (w, e) in enumerate(zip(self.weights, self.evaluations, strict=True)):
            u = u + w * e[o[..., i]]
        return np.minimum(u, 1.0)


@dataclass(frozen=True)
class GeniusDomain:
    name: str
    file: str
    issues: tuple[GeniusIssue, ...]
    profiles: tuple[GeniusProfile, ...]

    @cached_property
    def tables(self) -> tuple[np.ndarray, ...]:
        """Per issue, ``w_i * eval_i`` for every value and party: ``(m_i, n)``."""
        return tuple(
            np.stack([p.weights[i] * p.evaluations[i] for p in self.profiles], axis=-1)
            for i in range(len(self.issues))
        )

    @property
    def n_outcomes(self) -> int:
        return int(np.prod([len(i.values) for i in self.issues]))

    def outcomes(self) -> np.ndarray:
        """Every outcome as value indices ``(N, k)``, the first issue varying slowest (itertools.product order)."""
        sizes = [len(i.values) for i in self.issues]
        return np.stack(np.unravel_index(np.arange(self.n_outcomes), sizes), axis=-1)

    def utilities(self, outcomes: np.ndarray | None = None) -> np.ndarray:
        """Utility of every party for every outcome ``(N, n)``; all outcomes (in :meth:`outcomes` order) by
        default, computed as an outer sum of the per-issue tables without building the outcome list."""
        if outcomes is not None:
            o = np.asarray(outcomes)
            return np.stack([p.utility(o) for p in self.profiles], axis=-1)
        n = len(self.profiles)
        acc = np.zeros((1, n))
        for tab in self.tables:  # grow the outer sum issue by issue (last issue varies fastest)
            acc = (acc[:, None, :] + tab[None, :, :]).reshape(-1, n)
        return np.minimum(acc, 1.0, out=acc)

    def outcome(self, flat_index: int) -> np.ndarray:
        """Value indices of one outcome from its position in :meth:`outcomes` order."""
        return np.array(np.unravel_index(int(flat_index), [len(i.values) for i in self.issues]))

    @property
    def reservation(self) -> np.ndarray:
        return np.array([p.reservation for p in self.profiles])

    def describe(self, outcome: np.ndarray) -> dict[str, str]:
        return {iss.name: iss.values[int(j)] for iss, j in zip(self.issues, outcome, strict=True)}


# ---------------------------------------------------------------------------------------------------------
# parsing with line numbers
# ---------------------------------------------------------------------------------------------------------
class _LineTarget:
    """Tree builder that records the source line of every element (ElementTree keeps none)."""

    def __init__(self, lines: dict[int, int]) -> None:
        self.builder = ET.TreeBuilder()
        self.lines = lines
        self.expat: object = None

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        el = self.builder.start(tag, attrs)
        self.lines[id(el)] = int(getattr(self.expat, "CurrentLineNumber", 0)) or 0
        return el

    def end(self, tag: str) -> ET.Element:
        return self.builder.end(tag)

    def data(self, text: str) -> None:
        self.builder.data(text)

    def close(self) -> ET.Element:
        return self.builder.close()


class _Tree:
    """A parsed XML file and the source line of every element."""

    def __init__(self, path: Path) -> None:
        self.file = str(path)
        try:
            data = path.read_bytes()
        except OSError as e:
            raise ScenarioError.single(f"cannot read the file ({e.strerror})", file=self.file) from None
        if len(data) > MAX_BYTES:
            raise ScenarioError.single(f"file is larger than {MAX_BYTES // 2**20} MiB", file=self.file)
        self.lines: dict[int, int] = {}
        target = _LineTarget(self.lines)
        parser = DET.DefusedXMLParser(target=target)
        target.expat = parser.parser  # the expat parser, for line numbers
        expat = parser.parser
        try:
            parser.feed(data)
            self.root = parser.close()
        except ET.ParseError as e:
            # expat: 1-based line, 0-based column; str(e) repeats both ("..., line 8, column 0"), so print the
            # bare expat message and let the Problem carry the position once, with a 1-based column
            line, col = e.position
            what = (
                ErrorString(e.code)
                if isinstance(getattr(e, "code", None), int)
                else re.sub(r":? *line \d+, column \d+$", "", str(e))
            )
            raise ScenarioError.single(
                f"malformed XML: {what}", file=self.file, line=line, column=col + 1
            ) from None
        except Exception as e:  # defusedxml's EntitiesForbidden / DTDForbidden / ExternalReferenceForbidden
            raise ScenarioError.single(
                f"refused XML: {type(e).__name__}: {e}",
                file=self.file,
                line=getattr(expat, "CurrentLineNumber", None),
            ) from None

    def line(self, el: ET.Element) -> int | None:
        return self.lines.get(id(el))

    def error(self, el: ET.Element, msg: str, field: str) -> ScenarioError:
        return ScenarioError.single(msg, file=self.file, line=self.line(el), field=field)

    def attr(self, el: ET.Element, name: str, field: str) -> str:
        v = el.get(name)
        if v is None:
            raise self.error(el, f"<{el.tag}> has no '{name}' attribute", field)
        return v

    def number(self, el: ET.Element, name: str, field: str) -> float:
        raw = self.attr(el, name, field)
        try:
            x = float(raw)
        except ValueError:
            raise self.error(el, f"'{name}' must be a number, got {raw!r}", field) from None
        if not np.isfinite(x):
            raise self.error(el, f"'{name}' must be finite, got {raw!r}", field)
        return x


def _issue_elements(t: _Tree, field: str) -> list[ET.Element]:
    issues = list(t.root.iter("issue"))
    if not issues:
        raise t.error(t.root, "no <issue> elements found", field)
    return issues


def _issue_index(t: _Tree, el: ET.Element, field: str) -> int:
    raw = t.attr(el, "index", field)
    try:
        return int(raw)
    except ValueError:
        raise t.error(el, f"issue index must be an integer, got {raw!r}", field) from None


MAX_INTEGER_VALUES = 100_000


def _kind(t: _Tree, el: ET.Element, field: str) -> str:
    kind = el.get("etype") or el.get("type") or el.get("vtype") or "discrete"
    if kind not in ("discrete", "integer"):
        raise t.error(el, f"issue type '{kind}' is not supported (discrete and integer issues only)", field)
    return kind


def _int_attr(t: _Tree, el: ET.Element, name: str, field: str) -> int:
    raw = t.attr(el, name, field)
    try:
        return int(raw)
    except ValueError:
        raise t.error(el, f"'{name}' must be an integer, got {raw!r}", field) from None


def load_genius_domain(path: str | Path) -> tuple[str, tuple[GeniusIssue, ...]]:
    """Read a GENIUS domain file: its name and its issues with their values, in file order."""
    t = _Tree(Path(path))
    issues = []
    seen: set[int] = set()
    for el in _issue_elements(t, "issue"):
        name = t.attr(el, "name", "issue.name")
        field = f"issue[{name}]"
        kind = _kind(t, el, field)
        idx = _issue_index(t, el, field + ".index")
        if idx in seen:
            raise t.error(el, f"duplicate issue index {idx}", field + ".index")
        seen.add(idx)
        if kind == "integer":
            lo = _int_attr(t, el, "lowerbound", field + ".lowerbound")
            hi = _int_attr(t, el, "upperbound", field + ".upperbound")
            if not 0 <= hi - lo < MAX_INTEGER_VALUES:
                raise t.error(
                    el,
                    f"integer range [{lo}, {hi}] is empty or has more than {MAX_INTEGER_VALUES:,} values",
                    field,
                )
            issues.append(
                GeniusIssue(
                    index=idx,
                    name=name,
                    values=tuple(str(v) for v in range(lo, hi + 1)),
                    kind="integer",
                    lower=lo,
                )
            )
            continue
        values: list[str] = []
        for it in el.findall("item"):
            v = t.attr(it, "value", field + ".item.value")
            if v not in values:
                values.append(v)
        if not values:
            raise t.error(el, "issue has no <item> values", field)
        issues.append(GeniusIssue(index=idx, name=name, values=tuple(values)))
    obj = t.root.find(".//objective")
    name = (obj.get("name") if obj is not None else None) or Path(path).stem
    return name, tuple(issues)


def load_genius_profile(path: str | Path, issues: tuple[GeniusIssue, ...]) -> GeniusProfile:
    """Read one party's GENIUS additive utility space for the given domain issues (matched by issue index,
    as GENIUS matches evaluators to objectives)."""
    t = _Tree(Path(path))
    weights: dict[int, float] = {}
    for w in t.root.iter("weight"):
        idx = _issue_index(t, w, "weight.index")
        weights[idx] = t.number(w, "value", f"weight[{idx}].value")
    by_index: dict[int, ET.Element] = {}
    for el in _issue_elements(t, "issue"):
        by_index[_issue_index(t, el, "issue.index")] = el
    wv, evs = [], []
    for iss in issues:
        field = f"issue[{iss.name}]"
        found = by_index.get(iss.index)
        if found is None:
            raise t.error(t.root, f"no evaluator for issue {iss.index} ('{iss.name}')", field)
        el = found
        if iss.index not in weights:
            raise t.error(el, f'no <weight index="{iss.index}"> for this issue', field + ".weight")
        if iss.kind == "integer":
            # GENIUS EvaluatorInteger: clip(offset + slope * (v - lowerbound), 0, 1), not rescaled by the max
            lo = _int_attr(t, el, "lowerbound", field + ".lowerbound") if el.get("lowerbound") else iss.lower
            fn = el.find("evaluator")
            slope = t.number(fn, "slope", field + ".evaluator.slope") if fn is not None else 0.0
            offset = t.number(fn, "offset", field + ".evaluator.offset") if fn is not None else 0.0
            xs = np.arange(iss.lower, iss.lower + len(iss.values), dtype=float)
            evs.append(np.clip(offset + slope * (xs - lo), 0.0, 1.0))
            wv.append(weights[iss.index])
            continue
        ev: dict[str, float] = {}
        for it in el.findall("item"):  # direct children only (ignores e.g. <similarity_function> items)
            v = t.attr(it, "value", field + ".item.value")
            raw = it.get("evaluation")
            if raw is None or raw == "null":
                continue
            e = t.number(it, "evaluation", f"{field}.item[{v}].evaluation")
            if e < 0:
                raise t.error(it, f"evaluation must be >= 0, got {e:g}", f"{field}.item[{v}].evaluation")
            ev[v] = e  # a repeated value keeps its last evaluation, as in GENIUS' HashMap
        missing = [v for v in iss.values if v not in ev]
        if missing:
            raise t.error(
                el, f"value(s) without an evaluation: {', '.join(repr(m) for m in missing)}", field + ".item"
            )
        mx = max(ev.values())
        raw_e = np.array([ev[v] for v in iss.values])
        evs.append(raw_e / mx if mx >= 1e-5 else np.zeros_like(raw_e))
        wv.append(weights[iss.index])
    res = t.root.find("reservation")
    reservation = t.number(res, "value", "reservation.value") if res is not None else 0.0
    disc = t.root.find("discount_factor")
    discount = t.number(disc, "value", "discount_factor.value") if disc is not None else 1.0
    if not 0.0 < discount <= 1.0:
        discount = 1.0
    return GeniusProfile(
        name=Path(path).stem,
        file=str(path),
        weights=np.array(wv),
        evaluations=tuple(evs),
        reservation=reservation,
        discount=discount,
    )


def load_genius(path: str | Path, profiles: list[str | Path] | None = None) -> GeniusDomain:
    """Load a GENIUS scenario: a folder (the domain is the file whose root is ``<negotiation_template>``, the
    profiles the files whose root is ``<utility_space>``, in name order), or a domain file plus profiles."""
    p = Path(path)
    if p.is_dir():
        domain_file = None
        found: list[Path] = []
        for f in sorted(p.glob("*.xml")):
            root = _Tree(f).root.tag
            if root == "negotiation_template":
                if domain_file is not None:
                    raise ScenarioError.single(
                        f"two domain files: {domain_file.name} and {f.name}", file=str(p)
                    )
                domain_file = f
            elif root == "utility_space":
                found.append(f)
        if domain_file is None:
            raise ScenarioError.single(
                "no GENIUS domain file (root <negotiation_template>) in this folder", file=str(p)
            )
        prof_files: list[Path] = found if profiles is None else [Path(x) for x in profiles]
    else:
        domain_file = p
        prof_files = [Path(x) for x in profiles or []]
    if len(prof_files) < 2:
        raise ScenarioError.single(
            f"a negotiation needs at least two profiles, found {len(prof_files)}", file=str(p)
        )
    name, issues = load_genius_domain(domain_file)
    profs = tuple(load_genius_profile(f, issues) for f in prof_files)
    if p.is_dir() or name in ("root", ""):
        name = p.name if p.is_dir() else domain_file.stem
    return GeniusDomain(name=name, file=str(domain_file), issues=issues, profiles=profs)
