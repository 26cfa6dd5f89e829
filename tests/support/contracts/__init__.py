"""Contract suites: the behaviour a port promises, run against its real adapter and its fake."""
