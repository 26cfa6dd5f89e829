"""`python -m storebridge_ingress`: read settings and serve."""

from storebridge_ingress.server import main

main()
