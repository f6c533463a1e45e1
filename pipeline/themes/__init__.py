"""Clustering and naming of recurring themes (pain points, questions, requests, praise)."""

from pipeline.themes._cluster import ThemeClusterer, centre_languages
from pipeline.themes._naming import (key_phrases, label_key, name_theme, reads_right_for, representatives, short_label,
                                     too_short)
from pipeline.themes._projection import ThemeProjection, load_projection

__all__ = [
    "ThemeClusterer", "ThemeProjection", "centre_languages", "key_phrases", "label_key", "load_projection", "name_theme",
    "reads_right_for", "representatives", "short_label", "too_short",
]
