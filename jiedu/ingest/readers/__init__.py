"""One module per input format; each exposes a `read_*` function (and a `looks_like_*` sniffer where the format can be recognised by content).

The registry (`jiedu.ingest.registry`) maps extensions and sniffers to them.
"""
