"""Resource namespaces, one module per area of the API."""
