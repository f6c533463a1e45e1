"""qsynth: offline qualitative research synthesis, from customer texts to an evidence-backed journey map."""

__version__ = "0.1.0"
