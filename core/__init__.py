"""The shared core of Learning Desk: what the coordinator's app and the district server must agree on.

No Qt, no HTTP client, no server framework: the schema and its one migration chain, the sync protocol,
the conflict rules, the request workflow, the week's figures, ids, value conversion, search keys, the
clock, user-facing sentences and the product's vocabulary. Both ``desktop`` and ``server`` stand on it.
"""
