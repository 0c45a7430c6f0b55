"""The benchmark: speed and scale, side by side with newsboat (issue 10).

Run ``python -m benchmarks`` (see BENCHMARKS.md). It generates its own
data, serves feeds from 127.0.0.1 only, and never runs in the unit tests
(tests/core/test_bench_smoke.py only keeps the generator and server from rotting).
Nothing here is imported by the app.
"""
