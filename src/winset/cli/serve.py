"""``winset serve``: the web app (library, editor, what-if sliders, saved runs, JSON API)."""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated

import typer

from winset.cli._app import app, err, fail, out


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost'."""
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to bind. Anything but loopback needs --token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database URL: sqlite:///path/winset.db (default: WINSET_DB or ~/.local/share/winset/"
            "winset.db) or postgresql+psycopg://user@host/db.",
        ),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            help="Access token (or WINSET_TOKEN): required on every request; mandatory off loopback."
        ),
    ] = None,
    max_upload: Annotated[int, typer.Option(help="Largest request body in bytes.")] = 2 * 1024 * 1024,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="Host name (or name:port) the app answers to, repeatable; default: localhost, "
            "127.0.0.1 and [::1] without a token, any with one (or WINSET_ALLOWED_HOSTS).",
        ),
    ] = None,
) -> None:
    """Serve the web app: scenario library, YAML editor with in-place errors, what-if sliders, runs, API."""
    from winset.scenario import ScenarioError

    token = token or os.environ.get("WINSET_TOKEN") or None
    try:
        if not is_loopback(host) and not token:
            raise ScenarioError.single(
                f"refusing to serve on {host} without a token: anyone who can reach it could read and change "
                f"the library. Pass --token SECRET (or set WINSET_TOKEN), or bind 127.0.0.1",
                file="winset serve",
                field="--host",
            )
        if token is not None and len(token) < 8:
            raise ScenarioError.single("use at least 8 characters", file="winset serve", field="--token")
        if not 0 < port < 65536:
            raise ScenarioError.single(f"must be 1-65535, got {port}", file="winset serve", field="--port")
        if max_upload < 1024:
            raise ScenarioError.single(
                "must be at least 1024 bytes", file="winset serve", field="--max-upload"
            )
    except ScenarioError as e:
        fail(e)
        return
    import uvicorn
    from sqlalchemy.exc import SQLAlchemyError

    from winset.web import create_app
    from winset.web.store import Store

    try:
        store = Store(db)
        web = create_app(store, token=token, max_upload=max_upload, allowed_hosts=allowed_host or None)
    except (SQLAlchemyError, ImportError, OSError) as e:
        err.print(
            f"[bold red]error[/] --db {db or store_default()}: cannot open the database "
            f"({type(e).__name__}: {str(e).splitlines()[0]})",
            markup=True,
            highlight=False,
        )
        raise typer.Exit(code=2) from None
    url = f"http://{host if ':' not in host else '[' + host + ']'}:{port}/"
    out.print(f"winset serving {url} (database {store.url})" + (" — token required" if token else ""))
    uvicorn.run(web, host=host, port=port, log_level="warning")


def store_default() -> str:
    from winset.web.store import default_url

    return default_url()
