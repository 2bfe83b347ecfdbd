"""The Streamlit side of Attention Explorer: shared state (explorer.state), figures (explorer.figures)
and tables (explorer.tables). Pages lay out widgets and call into these; no model math lives here."""
