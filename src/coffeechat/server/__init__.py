"""Serving the kit: Voila as a child process, its kernels, the guard, and the participant's kernel."""
