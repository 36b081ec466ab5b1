"""The project file (SQLite): schema, migrations, history, versions, locking."""
