"""Alembic environment: migrations run on the engine the Store hands over."""

from alembic import context
from sqlalchemy import create_engine

from linewatch.store.tables import metadata

config = context.config
engine = config.attributes.get("engine")
if engine is None:
    from linewatch import settings

    engine = create_engine(settings.database_url())

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
