"""Labels in one run differ: the cluster stage hands the labels it has given to the next theme's naming."""

import numpy as np
import pandas as pd
from sklearn.datasets import make_blobs

from pipeline.config import load_config
from pipeline.stages.cluster import build_themes
from pipeline.themes import label_key


def test_themes_whose_best_quotes_read_alike_get_different_labels():
    # a money-transfer app's calls: four themes had all been "Продиктуйте пожалуйста номер карты"
    X, _ = make_blobs(n_samples=90, centers=3, n_features=16, cluster_std=0.3, random_state=0)
    X = (X / np.linalg.norm(X, axis=1, keepdims=True)).astype(np.float32)
    # distinct texts (copies of one text are one theme) whose labels, their first sentence, read alike
    texts = [f"Продиктуйте, пожалуйста, номер карты. Это нужно, чтобы найти перевод номер {i} и вернуть деньги."
             for i in range(len(X))]
    table = pd.DataFrame({"segment_id": [f"s{i}" for i in range(len(X))], "doc_id": [f"d{i}" for i in range(len(X))],
                          "text": texts, "lang": "ru", "kind": "question"})
    found = build_themes(table, X, ["question"], load_config(overrides={"cluster": {"max_themes": 3}}).cluster, seed=0)
    assert len(found.table) == 3
    keys = [label_key(label) for label in found.table["label"]]
    assert len(set(keys)) == len(keys), found.table["label"].tolist()
