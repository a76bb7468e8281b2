"""Load benchmark of the pages that must hold at national scale (see docs/benchmarks.md)."""
