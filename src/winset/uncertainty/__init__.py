"""Monte Carlo uncertainty analysis: sample every uncertain number, forecast intervals, P(ratified), drivers.

Modules
    * :mod:`~winset.uncertainty.sampling`: which numbers are uncertain (:class:`Input`), their distributions'
      inverse CDFs, reproducible random streams, batched draws (:func:`sample`);
    * :mod:`~winset.uncertainty.sweep`: the sweep in chunks, in process or on Dask (:func:`sweep`,
      :class:`SweepResult`);
    * :mod:`~winset.uncertainty.sensitivity`: drivers (Spearman, tornado) and :func:`big_issue_probability`;
    * :mod:`~winset.uncertainty.distributed`: the Dask client (:func:`dask_client`).

The legal range of every sampled number comes from :mod:`winset.scenario.domains`, shared with the loader.
Every name other modules, tests and benchmarks use is re-exported here (``winset.uncertainty.sweep`` is the
function; its module is ``sys.modules["winset.uncertainty.sweep"]``).
"""

from winset.uncertainty.distributed import dask_client
from winset.uncertainty.sampling import (
    BLOCK,
    PPF,
    Input,
    compile_with,
    draw_inputs,
    path_str,
    sample,
    uncertain_inputs,
    uniforms,
)
from winset.uncertainty.sensitivity import BIG_ISSUE_DRAWS, big_issue_probability, rank_correlation, tornado
from winset.uncertainty.sweep import (
    MAX_DRAWS,
    MODELS,
    QUANTILES,
    SweepResult,
    chunks,
    iter_chunks,
    lives_over_horizon,
    run_chunk,
    sweep,
)

__all__ = [
    "BIG_ISSUE_DRAWS",
    "BLOCK",
    "MAX_DRAWS",
    "MODELS",
    "PPF",
    "QUANTILES",
    "Input",
    "SweepResult",
    "big_issue_probability",
    "chunks",
    "compile_with",
    "dask_client",
    "draw_inputs",
    "iter_chunks",
    "lives_over_horizon",
    "path_str",
    "rank_correlation",
    "run_chunk",
    "sample",
    "sweep",
    "tornado",
    "uncertain_inputs",
    "uniforms",
]
