"""Benchmarks (issue #2). `from benchmarks.make_workspace import generate` works from the repository root."""
