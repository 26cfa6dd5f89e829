"""`make run`: the whole system on one machine, supervised until Ctrl-C (`scripts/run_local.py`).

Pure decisions (which settings win, which BigCommerce, which ports) in `environment`, `target`
and `ports`; processes in `children`; probes in `readiness`; the order of things in `supervisor`.
"""
