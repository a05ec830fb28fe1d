"""The OPA-server engine: the same bundle, evaluated by an OPA server over its REST Data API.

`OpaClient.query_rule` posts {"input": …} to /v1/data/mimamori/<area>/decision; `push_bundle` puts
every policy module with `update_policy_from_string` (PUT /v1/policies/<id>). Every request has
the configured timeout and no retry: a slow server is a denial, not a longer wait on the hot path.
"""

from typing import Any
from urllib.parse import urlsplit

import requests
from opa_client.opa import OpaClient

from policies import bundle
from policies.engines import EngineError, EngineTimeout


class OpaServerEngine:
    name = "opa"

    def __init__(self, url: str, timeout: float) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise EngineError(f"OPA_URL must be http(s)://host:port, not {url!r}")
        self.url = url
        self.timeout = timeout
        self._client = OpaClient(
            host=parts.hostname,
            port=parts.port or (443 if parts.scheme == "https" else 8181),
            ssl=parts.scheme == "https",
            timeout=timeout,
            retries=0,
        )

    def push_bundle(self) -> list[str]:
        """Put every policy module of the bundle on the server; returns the policy ids pushed."""
        pushed = []
        for module in bundle.policy_modules():
            self._client.update_policy_from_string(module.text, module.policy_id, rego_compat=False)
            pushed.append(module.policy_id)
        return pushed

    def evaluate(self, area: str, input: dict[str, Any]) -> Any:
        """The raw value of the area's decision rule (None when the server has no result)."""
        if area not in bundle.areas():
            raise EngineError(f"No policy area named {area!r}")
        try:
            response = self._client.query_rule(
                input_data=input, package_path=bundle.package(area), rule_name="decision"
            )
        except requests.Timeout as exc:
            raise EngineTimeout(f"The OPA server did not answer within {self.timeout} s") from exc
        except requests.RequestException as exc:
            status = getattr(exc.response, "status_code", None)
            raise EngineError(f"The OPA server failed ({status or type(exc).__name__})") from exc
        except ValueError as exc:  # the body was not JSON
            raise EngineError("The OPA server answered with something that is not JSON") from exc
        if not isinstance(response, dict):
            raise EngineError("The OPA server answered with something that is not a JSON object")
        return response.get("result")
