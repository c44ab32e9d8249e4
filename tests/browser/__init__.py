"""Browser tests: Debian's chromium driven by Playwright against a real uvicorn server."""
