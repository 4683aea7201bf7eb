"""Safety: the signs and their advice (one source), the first-run check, the learn pages."""
