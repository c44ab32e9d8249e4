"""Use cases of the candidate side, from registration to the official candidate list.

``registration`` (candidates), ``parties`` (parties, their meetings with HQ, list-PR lists and
consent), ``vetting`` (confidential inquiries), ``qualification`` (decisions, reviews, appeals,
withdrawals), ``ballot_codes`` (the public draw), ``official_list`` (publication merged into the
definition), ``representatives`` (accredited observers at branches), ``public_info``.
"""
