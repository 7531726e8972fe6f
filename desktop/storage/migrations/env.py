"""Alembic environment: runs on the engine handed in by ``desktop.storage.engine.upgrade``."""

from alembic import context

from desktop.storage.schema import metadata

engine = context.config.attributes.get("engine")
if engine is None:
    raise RuntimeError("Run migrations through desktop.storage.engine.upgrade(engine)")

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
