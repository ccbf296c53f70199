"""Alembic environment: the store passes an open connection in ``config.attributes``."""

from __future__ import annotations

from alembic import context

from tilsyn.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when run through the alembic CLI by hand
    from sqlalchemy import create_engine

    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    connection = engine.connect()

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite can only ALTER through table rebuilds
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
