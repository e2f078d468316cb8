"""Where answers live: the journal over SQLite or PostgreSQL, resume codes, the data directory."""
