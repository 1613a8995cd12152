"""Helpers the tests share: the front door (the installed command), built dashboards, hostile files."""
