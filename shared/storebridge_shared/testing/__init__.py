"""Helpers for tests, benchmarks and local runs; never imported by production code paths."""
