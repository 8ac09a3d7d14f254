"""Benchmarks and evaluation commands run against data in ../shared (never shipped)."""
