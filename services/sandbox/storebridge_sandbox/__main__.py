"""`python -m storebridge_sandbox`: serve the default configuration on 127.0.0.1:8700."""

from storebridge_sandbox import SandboxConfig, run_sandbox

run_sandbox(SandboxConfig())
