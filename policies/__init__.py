"""Policy-as-code: the Rego bundle and the engines that evaluate it. Knows no models."""
