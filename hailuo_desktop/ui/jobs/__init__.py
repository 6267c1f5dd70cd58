"""The job list: model (rows from engine events), card painter, thumbnail cache and view."""
