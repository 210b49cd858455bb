"""The simulator's engine: one account's state and time, and what runs them.

`Simulation` ties together the records of the account (`state`), the lazy clock
(`scheduler`, `clock`), the task queue (`tasks`), the per-key rate limit (`ratelimit`),
the seeded faults (`faults`), the counters (`stats`) and the two knobs (`config`:
`Durations`, `Faults`), with the two ways the service says no (`errors`). It knows
nothing of HTTP, JSON or the service's rules: those are in ``service/`` and ``routes/``.
"""
