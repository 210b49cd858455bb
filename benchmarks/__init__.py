"""Benchmarks: the library side by side with the ways people provision today.

    python -m benchmarks                  # the whole run (~8 minutes on 2 cores)
    python -m benchmarks --quick          # smaller sizes (~1 minute)
    python -m benchmarks --update-readme  # ...and put the table in README.md

Every scenario runs against the embedded simulator, in-process and over loopback
(uvicorn in a subprocess), and prints one table; the run writes
`benchmarks/results/latest.json` and `benchmarks/results/latest.md`. Contenders of a
scenario run one after another in the same run, on the same simulator settings, so
their ratios are measured side by side; absolute times depend on the machine.
"""
