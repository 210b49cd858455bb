"""The simulated service's rules and state changes, without HTTP or JSON (moto's models).

What is refused when a request arrives (409 names, 429 busy account, ...) and what a
task does when it runs (its checks, with the service's error codes, and the state it
changes), one module per area whose rules outgrew its route module, over the shared
rules (`busy`, `lifecycle`, `items`, `account`) and the reference data and prices.
"""
