"""Policy-as-code: the Rego bundle and the engines that evaluate it. Knows no models.

    from policies import decide
    decision = decide("exchange", policy_input)   # Decision(allow, reasons, output)
"""

from policies.decision import Decision
from policies.engine import decide

__all__ = ["Decision", "decide"]
