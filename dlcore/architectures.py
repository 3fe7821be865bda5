"""Small torch models whose only differences are their architecture, for chapter 7.

* :class:`SmallCNN`: two 3x3 convolutions with max pooling, for 8x8 images;
* :func:`mlp`: a plain fully connected network;
* :class:`DeepMLP`: ``depth`` identical blocks, plain or with skip connections,
  optionally normalized;
* :class:`RecurrentClassifier`: a vanilla RNN, LSTM or GRU that reads a sequence
  and classifies it from its last hidden state.

This module needs torch, so ``import dlcore`` does not import it; use
``from dlcore import architectures``.

>>> torch.manual_seed(0) and None
>>> DeepMLP(64, 10, depth=3, width=16, residual=True)(torch.zeros(5, 64)).shape
torch.Size([5, 10])
>>> SmallCNN((8, 16))(torch.zeros(5, 64)).shape          # flattened 8x8 digits are fine
torch.Size([5, 10])
>>> RecurrentClassifier("lstm", 8, 32, 8, chrono=40)(torch.zeros(5, 40, 8)).shape
torch.Size([5, 8])
"""

from __future__ import annotations

from typing import Optional, Sequence

import torch
from torch import nn

from ._validate import as_int

__all__ = ["SmallCNN", "mlp", "DeepMLP", "RecurrentClassifier", "ACTIVATIONS"]

ACTIVATIONS = {"relu": nn.ReLU, "sigmoid": nn.Sigmoid, "tanh": nn.Tanh}


def _activation(name: str, where: str) -> nn.Module:
    if name not in ACTIVATIONS:
        raise ValueError(f"{where}: unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}.")
    return ACTIVATIONS[name]()


class SmallCNN(nn.Module):
    """conv 3x3 -> ReLU -> max-pool 2 -> conv 3x3 -> ReLU -> max-pool 2 -> linear, for ``side`` x ``side`` images.

    Accepts images ``(N, 1, side, side)`` or flattened rows ``(N, side * side)``, such as
    :func:`dlcore.data.digits` returns. ``channels`` are the two layers' feature-map counts.
    """

    def __init__(self, channels: Sequence[int] = (8, 16), n_classes: int = 10, side: int = 8) -> None:
        super().__init__()
        if len(channels) != 2:
            raise ValueError(f"SmallCNN: channels must be two numbers (c1, c2), got {channels!r}.")
        c1, c2 = (as_int(c, "each channel count", "SmallCNN", minimum=1) for c in channels)
        self.side = as_int(side, "side", "SmallCNN", minimum=4)
        self.features = nn.Sequential(
            nn.Conv2d(1, c1, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(c1, c2, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.head = nn.Linear(c2 * (self.side // 4) ** 2, as_int(n_classes, "n_classes", "SmallCNN", minimum=2))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.ndim == 2:  # flattened images: restore the grid the convolutions need
            x = x.view(-1, 1, self.side, self.side)
        return self.head(self.features(x).flatten(1))


def mlp(sizes: Sequence[int], activation: str = "relu") -> nn.Sequential:
    """Linear layers of the given ``sizes`` (input first, output last) with ``activation`` between them."""
    if len(sizes) < 2:
        raise ValueError(f"mlp: give at least an input and an output size, got {list(sizes)}.")
    sizes = [as_int(s, "each size", "mlp", minimum=1) for s in sizes]
    layers: list = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(a, b), _activation(activation, "mlp")]
    return nn.Sequential(*layers[:-1])  # no activation after the output layer


class DeepMLP(nn.Module):
    """An input layer, ``depth`` blocks of width ``width``, and an output layer.

    Block ``l`` computes :math:`f_l(h) = W_l\\,\\phi(\\mathrm{norm}(h)) + b_l`; a plain net sets
    :math:`h_{l+1} = f_l(h_l)`, a residual net :math:`h_{l+1} = h_l + f_l(h_l)`. Both have
    exactly the same parameters. ``norm`` is ``None``, ``"batch"`` or ``"layer"``.
    """

    def __init__(self, d_in: int, d_out: int, *, depth: int, width: int = 32, residual: bool = False,
                 norm: Optional[str] = None, activation: str = "sigmoid") -> None:
        super().__init__()
        d_in = as_int(d_in, "d_in", "DeepMLP", minimum=1)
        d_out = as_int(d_out, "d_out", "DeepMLP", minimum=1)
        depth = as_int(depth, "depth", "DeepMLP", minimum=1)
        width = as_int(width, "width", "DeepMLP", minimum=1)
        norms = {None: nn.Identity, "batch": nn.BatchNorm1d, "layer": nn.LayerNorm}
        if norm not in norms:
            raise ValueError(f"DeepMLP: norm must be None, 'batch' or 'layer', got {norm!r}.")
        self.residual = bool(residual)
        self.inp = nn.Linear(d_in, width)
        self.norms = nn.ModuleList(norms[norm](width) if norm else nn.Identity() for _ in range(depth))
        self.act = _activation(activation, "DeepMLP")
        self.layers = nn.ModuleList(nn.Linear(width, width) for _ in range(depth))
        self.out = nn.Linear(width, d_out)

    def hidden(self, x: torch.Tensor) -> torch.Tensor:
        """The last block's output :math:`h_L`, the representation the output layer reads."""
        h = self.inp(x)
        for norm, layer in zip(self.norms, self.layers):
            f = layer(self.act(norm(h)))
            h = h + f if self.residual else f
        return h

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.out(self.hidden(x))


class RecurrentClassifier(nn.Module):
    """A one-layer ``"rnn"`` (tanh), ``"lstm"`` or ``"gru"`` over ``(N, T, n_inputs)``, classified from :math:`h_T`.

    ``chrono=T_max`` initializes an LSTM's gates for memories of up to ``T_max`` steps
    (Tallec & Ollivier, 2018): forget-gate biases :math:`\\log u`, :math:`u \\sim U(1, T_{max} - 1)`,
    and input-gate biases their negatives, so each cell starts out keeping its content.
    """

    def __init__(self, kind: str, n_inputs: int, hidden: int, n_classes: int, *,
                 chrono: Optional[int] = None) -> None:
        super().__init__()
        cells = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}
        if kind not in cells:
            raise ValueError(f"RecurrentClassifier: kind must be 'rnn', 'lstm' or 'gru', got {kind!r}.")
        n_inputs = as_int(n_inputs, "n_inputs", "RecurrentClassifier", minimum=1)
        hidden = as_int(hidden, "hidden", "RecurrentClassifier", minimum=1)
        self.kind = kind
        self.rnn = cells[kind](n_inputs, hidden, batch_first=True)
        self.head = nn.Linear(hidden, as_int(n_classes, "n_classes", "RecurrentClassifier", minimum=2))
        if chrono is not None:
            if kind != "lstm":
                raise ValueError("RecurrentClassifier: chrono initialization is defined for kind='lstm' only.")
            self._chrono(as_int(chrono, "chrono", "RecurrentClassifier", minimum=3), hidden)

    def _chrono(self, t_max: int, h: int) -> None:
        # PyTorch orders an LSTM's gate rows as input, forget, cell, output.
        with torch.no_grad():
            forget = torch.log(torch.empty(h).uniform_(1, t_max - 1))
            for bias in (self.rnn.bias_ih_l0, self.rnn.bias_hh_l0):
                bias[:2 * h] = 0.0
            self.rnn.bias_hh_l0[h:2 * h] = forget
            self.rnn.bias_hh_l0[:h] = -forget

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.ndim != 3:
            raise ValueError(f"RecurrentClassifier: x must be (batch, time, features), got shape {tuple(x.shape)}.")
        states, _ = self.rnn(x)
        return self.head(states[:, -1])

