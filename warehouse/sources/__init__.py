"""Sources: the publishers' files (catalog), fetching them (download, transfer), polling for new releases, naming
releases for citations, and the maintainers' tools that write the curated bridges in warehouse/curated/."""
