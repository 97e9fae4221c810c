"""What the person sees on a terminal: tables, panels, progress bars, JSON."""
