"""How people provision Redis Cloud today, each modelled as its source describes it.

- `guide`: the API guide's recipe, one item after another, polling every 10 s;
- `terraform`: Terraform's provider on the official Go SDK, 10 resources at a time;
- `gather`: a plain `asyncio.gather` over httpx, polling every task every second.

Each speaks raw httpx to the same simulator as the library, on the same time scale.
"""
