"""Benchmarks of whole builds (`python -m versus.bench`)."""
