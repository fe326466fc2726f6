"""``winset serve``: the web app (FastAPI + Jinja2 + HTMX) over the scenario store."""

from winset.web.app import MAX_UPLOAD, create_app

__all__ = ["MAX_UPLOAD", "create_app"]
