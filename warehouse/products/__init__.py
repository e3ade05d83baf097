"""The read side: queries over the published warehouse and what is made from them (show, search, compare, evidence
sheets, the roster coder, the dashboard, the JSON API and the MCP server)."""
