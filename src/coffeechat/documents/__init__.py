"""Documents: run sheets, the take-home, the guide and printables, as Markdown and as PDF."""
