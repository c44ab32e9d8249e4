"""API request and response schemas (pydantic, extra fields forbidden)."""
