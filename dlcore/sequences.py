"""Small generated sequence tasks for recurrent networks: nothing here downloads anything.

Every generator takes an explicit ``seed`` and returns ``(X, y)`` with ``X`` of
shape ``(n, length, vocab)``, one-hot and float32 (ready for ``torch.nn.RNN`` with
``batch_first=True``), and integer labels ``y`` of shape ``(n,)``.

>>> X, y = first_token_recall(3, length=5, vocab=4, seed=0)
>>> X.shape, X.dtype, y.shape
((3, 5, 4), dtype('float32'), (3,))
>>> bool((X[:, 0].argmax(axis=1) == y).all())   # the label is the first token
True
>>> X, y = first_token_recall(3, length=5, vocab=4, filler="blank", seed=0)
>>> float(X[:, 1:].sum())                        # followed by silence
0.0
"""

from __future__ import annotations

from typing import Any, Tuple

import numpy as np

from ._validate import as_int, as_rng

__all__ = ["one_hot", "first_token_recall", "last_token_recall"]

Dataset = Tuple[np.ndarray, np.ndarray]


def one_hot(tokens: Any, vocab: int) -> np.ndarray:
    """Integer tokens of any shape ``S`` as float32 one-hot vectors of shape ``S + (vocab,)``.

    >>> one_hot([2, 0], 3)
    array([[0., 0., 1.],
           [1., 0., 0.]], dtype=float32)
    """
    vocab = as_int(vocab, "vocab", "one_hot", minimum=1)
    arr = np.asarray(tokens)
    if arr.size == 0:
        arr = arr.astype(np.int64)  # [] is float64 to numpy, but an empty sequence is fine
    if arr.dtype.kind not in "iu":
        raise TypeError(f"one_hot: tokens must be integers, got an array of dtype {arr.dtype}.")
    if arr.size and (arr.min() < 0 or arr.max() >= vocab):
        raise ValueError(f"one_hot: tokens must lie in 0..{vocab - 1}, got values from {arr.min()} to {arr.max()}.")
    return np.eye(vocab, dtype=np.float32)[arr]


def _tokens(n: Any, length: Any, vocab: Any, seed: Any, where: str) -> np.ndarray:
    n = as_int(n, "n", where, minimum=1)
    length = as_int(length, "length", where, minimum=1)
    vocab = as_int(vocab, "vocab", where, minimum=2)
    return as_rng(seed, where).integers(0, vocab, size=(n, length))


def first_token_recall(n: int, length: int, *, vocab: int = 8, filler: str = "random", seed: Any = 0) -> Dataset:
    """``n`` sequences that start with a uniformly random token, labelled by that *first* token.

    The other ``length - 1`` steps are random tokens (``filler="random"``), which a model
    must learn to ignore, or all-zero vectors (``filler="blank"``). A model that reads
    left to right and answers at the end must carry the first token across ``length - 1``
    steps: a memory task. Chance accuracy is ``1 / vocab``.
    """
    if filler not in ("blank", "random"):
        raise ValueError(f"first_token_recall: filler must be 'blank' or 'random', got {filler!r}.")
    tokens = _tokens(n, length, vocab, seed, "first_token_recall")
    X = one_hot(tokens, vocab)
    if filler == "blank":
        X[:, 1:] = 0.0
    return X, tokens[:, 0].astype(np.int64)


def last_token_recall(n: int, length: int, *, vocab: int = 8, seed: Any = 0) -> Dataset:
    """The same sequences labelled by their *last* token: no memory needed (a control task)."""
    tokens = _tokens(n, length, vocab, seed, "last_token_recall")
    return one_hot(tokens, vocab), tokens[:, -1].astype(np.int64)
