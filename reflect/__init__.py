"""Reflect: prepare, check and reflect on sharing personal experience in practice."""
