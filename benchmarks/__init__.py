"""On-demand speed and memory measurements: ``python -m benchmarks``."""
