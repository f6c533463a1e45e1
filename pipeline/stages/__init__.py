"""Pipeline stages: one module each, exposing NAME, REQUIRES, ASSIGNS, VERSION and run(segments, ctx)."""
