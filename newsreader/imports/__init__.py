"""Bringing a library in from another reader: what it kept, read as data, never run."""
