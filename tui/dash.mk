# tui/: the dashboard views (appended to pcaptop's sources).
