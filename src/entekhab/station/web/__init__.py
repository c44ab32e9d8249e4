"""The branch console in the browser (``entekhab station run --web``): the agent's screen and
the voter's booth, one small FastAPI app inside the station process, bound to 127.0.0.1, over
the same ``Station`` as the terminal prompt (see docs/station.md, "The web console")."""
