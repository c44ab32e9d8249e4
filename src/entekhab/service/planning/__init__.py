"""Branch planning use cases (issue 13): readiness, capacity, network, mobile boxes, equipment
custody, staffing and training, and the county plan that puts them together.

The algorithms are pure and live in ``entekhab.planning``; these modules read and write the
tables of ``store/tables/planning.py`` and record every change in the event log.
"""
