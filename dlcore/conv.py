"""Convolution and pooling in numpy, written to be read, and the size arithmetic of conv layers.

:func:`conv2d` computes what ``torch.nn.functional.conv2d`` computes (a
cross-correlation: the kernel is not flipped), for the same ``(N, C, H, W)``
layout, so the chapter can check one against the other. It also accepts a
single image ``(H, W)`` with a single kernel ``(kh, kw)``.

>>> x = np.arange(16.0).reshape(4, 4)
>>> conv2d(x, np.ones((2, 2)))            # each output sums a 2x2 window
array([[10., 14., 18.],
       [26., 30., 34.],
       [42., 46., 50.]])
>>> conv_output_size(8, 3, padding=1), conv_output_size(8, 2, stride=2)
(8, 4)
"""

from __future__ import annotations

from typing import Any, List, Optional, Sequence, Tuple, Union

import numpy as np

from ._validate import as_float_array, as_int

__all__ = ["conv_output_size", "conv2d", "max_pool2d", "receptive_field", "shift"]


def conv_output_size(n: int, kernel: int, *, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """Output length of a convolution or pooling along one axis of length ``n``.

    .. math:: n_\\text{out} = \\left\\lfloor \\frac{n + 2p - d\\,(k - 1) - 1}{s} \\right\\rfloor + 1
    """
    n = as_int(n, "n", "conv_output_size", minimum=1)
    kernel = as_int(kernel, "kernel", "conv_output_size", minimum=1)
    stride = as_int(stride, "stride", "conv_output_size", minimum=1)
    padding = as_int(padding, "padding", "conv_output_size", minimum=0)
    dilation = as_int(dilation, "dilation", "conv_output_size", minimum=1)
    span = dilation * (kernel - 1) + 1  # how many input positions one window covers
    if n + 2 * padding < span:
        raise ValueError(f"conv_output_size: a window spanning {span} positions does not fit in an input of "
                         f"length {n} with padding {padding}; use a smaller kernel or more padding.")
    return (n + 2 * padding - span) // stride + 1


def _as_images(x: Any, where: str) -> Tuple[np.ndarray, bool]:
    """``x`` as an (N, C, H, W) float array, and whether it was a single (H, W) image."""
    arr = as_float_array(x, "x", where, ndim=(2, 4))
    return (arr[None, None], True) if arr.ndim == 2 else (arr, False)


def _windows(x: np.ndarray, i: int, j: int, out_hw: Tuple[int, int], stride: int) -> np.ndarray:
    """The input values that kernel offset (i, j) meets at every output position: shape (N, C, Ho, Wo)."""
    ho, wo = out_hw
    return x[:, :, i:i + stride * (ho - 1) + 1:stride, j:j + stride * (wo - 1) + 1:stride]


def conv2d(x: Any, w: Any, b: Optional[Any] = None, *, stride: int = 1, padding: int = 0) -> np.ndarray:
    """2-D cross-correlation with torch's conventions.

    ``x`` is ``(N, C, H, W)``, ``w`` is ``(O, C, kh, kw)``, ``b`` is ``(O,)``; the output is
    ``(N, O, Ho, Wo)`` with

    .. math:: y_{n,o,r,c} = b_o + \\sum_{c', i, j} w_{o,c',i,j}\\, x_{n,c',\\,sr+i,\\,sc+j}

    after zero-padding ``x`` by ``padding`` on every side. A 2-D ``x`` with a 2-D ``w``
    is one image and one kernel, and gives a 2-D result.
    """
    xs, single = _as_images(x, "conv2d")
    warr = as_float_array(w, "w", "conv2d", ndim=(2, 4))
    if single != (warr.ndim == 2):
        raise ValueError(f"conv2d: pass a 2-D image with a 2-D kernel, or (N, C, H, W) images with "
                         f"(O, C, kh, kw) kernels; got x of shape {np.shape(x)} and w of shape {warr.shape}.")
    ws = warr[None, None] if single else warr
    stride = as_int(stride, "stride", "conv2d", minimum=1)
    padding = as_int(padding, "padding", "conv2d", minimum=0)
    n_out, c_in, kh, kw = ws.shape
    if xs.shape[1] != c_in:
        raise ValueError(f"conv2d: x has {xs.shape[1]} channels but w expects {c_in} "
                         f"(w has shape (out, in, kh, kw) = {ws.shape}).")
    ho = conv_output_size(xs.shape[2], kh, stride=stride, padding=padding)
    wo = conv_output_size(xs.shape[3], kw, stride=stride, padding=padding)
    xp = np.pad(xs, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    out = np.zeros((xs.shape[0], n_out, ho, wo), dtype=np.result_type(xs, ws))
    # Loop over the kh*kw kernel offsets, not over output pixels: each offset adds
    # its weights times a shifted view of the input, summed over input channels.
    for i in range(kh):
        for j in range(kw):
            out += np.einsum("nchw,oc->nohw", _windows(xp, i, j, (ho, wo), stride), ws[:, :, i, j])
    if b is not None:
        barr = as_float_array(b, "b", "conv2d", ndim=(0, 1) if single else (1,))
        if barr.size != n_out:
            raise ValueError(f"conv2d: b must hold one bias per output channel ({n_out}), got shape {barr.shape}.")
        out += barr.reshape(1, n_out, 1, 1)
    return out[0, 0] if single else out


def max_pool2d(x: Any, size: int = 2, *, stride: Optional[int] = None) -> np.ndarray:
    """Maximum over ``size`` x ``size`` windows (stride defaults to ``size``), per channel.

    >>> max_pool2d(np.array([[1., 2, 0, 0], [3, 4, 0, 1], [0, 0, 5, 0], [0, 9, 0, 0]]))
    array([[4., 1.],
           [9., 5.]])
    """
    xs, single = _as_images(x, "max_pool2d")
    size = as_int(size, "size", "max_pool2d", minimum=1)
    stride = size if stride is None else as_int(stride, "stride", "max_pool2d", minimum=1)
    ho = conv_output_size(xs.shape[2], size, stride=stride)
    wo = conv_output_size(xs.shape[3], size, stride=stride)
    out = np.full(xs.shape[:2] + (ho, wo), -np.inf, dtype=xs.dtype)
    for i in range(size):
        for j in range(size):
            out = np.maximum(out, _windows(xs, i, j, (ho, wo), stride))
    return out[0, 0] if single else out


Layer = Union[int, Tuple[int, int]]


def receptive_field(layers: Sequence[Layer]) -> List[int]:
    """Receptive-field size after each layer of a stack of convolutions and poolings.

    Each layer is a kernel size ``k`` (stride 1) or a pair ``(k, s)``. With ``j`` the
    distance in input pixels between neighbouring units (the product of earlier strides),
    a layer grows the field by ``(k - 1) * j``: ``r <- r + (k - 1) j`` and then ``j <- j s``.

    >>> receptive_field([3, 3, (2, 2), 3])     # conv3, conv3, pool2, conv3
    [3, 5, 6, 10]
    """
    if isinstance(layers, (str, bytes)) or not hasattr(layers, "__len__") or len(layers) == 0:
        raise ValueError("receptive_field: give a non-empty list of layers, each a kernel size k or a pair (k, s).")
    r, jump, sizes = 1, 1, []
    for n, layer in enumerate(layers):
        if isinstance(layer, (tuple, list)):
            if len(layer) != 2:
                raise ValueError(f"receptive_field: layer {n} is {layer!r}; write a pair as (kernel, stride).")
            k, s = layer
        else:
            k, s = layer, 1
        k = as_int(k, f"the kernel of layer {n}", "receptive_field", minimum=1)
        s = as_int(s, f"the stride of layer {n}", "receptive_field", minimum=1)
        r, jump = r + (k - 1) * jump, jump * s
        sizes.append(r)
    return sizes


def shift(image: Any, down: int = 0, right: int = 0) -> np.ndarray:
    """Translate the last two axes of ``image`` by whole pixels, filling with zeros.

    >>> shift(np.array([[1., 2], [3, 4]]), right=1)
    array([[0., 1.],
           [0., 3.]])
    """
    arr = as_float_array(image, "image", "shift")
    if arr.ndim < 2:
        raise ValueError(f"shift: image must have at least 2 axes (height, width), got shape {arr.shape}.")
    for name, step in (("down", down), ("right", right)):
        if isinstance(step, bool) or not isinstance(step, (int, np.integer)):
            raise TypeError(f"shift: {name} must be a whole number of pixels, got {step!r}.")
    out = np.zeros_like(arr)
    h, w = arr.shape[-2:]
    if abs(down) >= h or abs(right) >= w:
        return out  # shifted entirely out of the frame
    src = (slice(max(0, -down), h - max(0, down)), slice(max(0, -right), w - max(0, right)))
    dst = (slice(max(0, down), h - max(0, -down)), slice(max(0, right), w - max(0, -right)))
    out[(..., *dst)] = arr[(..., *src)]
    return out
