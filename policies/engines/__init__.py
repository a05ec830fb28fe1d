"""The engines behind `policies.decide`: embedded (regorus, in-process) and an OPA server (REST)."""


class EngineError(Exception):
    """The engine could not produce a decision; `policies.decide` turns this into a denial."""


class EngineTimeout(EngineError):
    """The engine did not answer in time."""
