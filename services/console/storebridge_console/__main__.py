"""`python -m storebridge_console`: read settings and serve."""

from storebridge_console.server import main

main()
