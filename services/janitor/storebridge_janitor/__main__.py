"""`python -m storebridge_janitor`: read settings and run the janitor."""

from storebridge_janitor.app import main
from storebridge_janitor.settings import JanitorSettings
from storebridge_shared.settings import load_settings

main(load_settings(JanitorSettings))
