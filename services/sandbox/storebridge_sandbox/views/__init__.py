"""HTTP handlers: parse the request, call the domain, wrap the answer in the API's envelope."""
