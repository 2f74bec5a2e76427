"""Use cases. The only callers of the database: each takes the acting person, checks access
first, and does its work and its audit record in one transaction."""
