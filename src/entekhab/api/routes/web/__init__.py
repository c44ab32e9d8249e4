"""Web pages (issue 12): server-rendered Persian pages over the same services as the JSON API."""
