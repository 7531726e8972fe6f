"""Alembic environment: runs on the engine handed in by ``core.database.upgrade``."""

from alembic import context

from core.schema import metadata

engine = context.config.attributes.get("engine")
if engine is None:
    raise RuntimeError("Run migrations through core.database.upgrade(engine)")

with engine.connect() as connection:
    if engine.dialect.name == "sqlite":
        connection.execution_options(sqlite_begin="IMMEDIATE")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
