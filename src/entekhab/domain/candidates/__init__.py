"""The candidate side of an election (نامزدها): who may stand, registration, parties and lists,
vetting, qualification, ballot codes and the official candidate list — pure rules, no I/O.

``rules`` holds the candidacy rules as data of the definition (eligibility per office, the
resignation rule, the vetting bodies, the legal grounds a decision may cite); ``eligibility``,
``qualification``, ``lists`` and ``ballot_codes`` apply them.
"""
