"""The registry's services, selectors, versioning, consistency review and seed transcription."""
