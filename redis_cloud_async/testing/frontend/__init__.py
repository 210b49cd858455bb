"""The simulator's front end: HTTP in, JSON out, and what happens on the wire.

`app` is the ASGI app (authentication, the rate limit, the injected faults, routing,
encoding, observers); `routing` finds a request's handler, `call` is what a handler
receives and answers, `fields` checks a request body's fields (400), `observe` and
`transport` are what observers and clients see of an exchange.
"""
