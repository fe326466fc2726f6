"""A Dask ``distributed.Client`` for the sweep's chunks (``winset sweep --scheduler``)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any


@contextlib.contextmanager
def dask_client(address: str | None, workers: int = 2, connect_timeout: float = 10.0) -> Iterator[Any]:
    """A ``distributed.Client`` for ``address`` (``local`` starts a LocalCluster), or ``None``."""
    if not address:
        yield None
        return
    from distributed import Client, LocalCluster

    if address == "local":
        with (
            LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cl,
            Client(cl) as client,
        ):
            yield client
        return
    with Client(address, timeout=f"{connect_timeout}s") as client:
        yield client
