"""`python -m storebridge_cli`."""

from storebridge_cli.main import main

main()
