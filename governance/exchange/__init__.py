"""The exchange gate and its handover ledger (see governance/exchange/gate.py)."""

from governance.exchange.builders import PayloadRequest, register_payload_builder
from governance.exchange.gate import (
    ExchangeDenied,
    ExchangeResult,
    IncomingFile,
    exchange_check,
    exchange_request,
)

__all__ = ["ExchangeDenied", "ExchangeResult", "IncomingFile", "PayloadRequest", "exchange_check",
           "exchange_request", "register_payload_builder"]
