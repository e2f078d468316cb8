"""The facilitated room: its model (pacing, timer, groups, results) and how each kernel meets it."""
