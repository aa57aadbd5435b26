"""Views of the housing app (records, facilities, KdU, needs, offers; placements elsewhere)."""
