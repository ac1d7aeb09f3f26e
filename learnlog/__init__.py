"""Learnlog's commands: build, serve and preview the site (called by tasks.py)."""
