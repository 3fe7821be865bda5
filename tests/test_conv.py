"""dlcore.conv: numpy convolution and pooling equal torch's; size arithmetic equals torch's shapes."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import need
from dlcore import conv


def torch_conv(torch, x, w, b, stride, padding):
    t = lambda a: torch.as_tensor(a, dtype=torch.float64)
    return torch.nn.functional.conv2d(t(x), t(w), None if b is None else t(b), stride=stride, padding=padding).numpy()


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 3), c=st.integers(1, 3), o=st.integers(1, 4), h=st.integers(3, 9), w=st.integers(3, 9),
       kh=st.integers(1, 3), kw=st.integers(1, 3), stride=st.integers(1, 3), padding=st.integers(0, 2),
       bias=st.booleans(), seed=st.integers(0, 2**16))
def test_conv2d_equals_torch(n, c, o, h, w, kh, kw, stride, padding, bias, seed):
    torch = need("torch")
    rng = np.random.default_rng(seed)
    x, k = rng.normal(size=(n, c, h, w)), rng.normal(size=(o, c, kh, kw))
    b = rng.normal(size=o) if bias else None
    np.testing.assert_allclose(conv.conv2d(x, k, b, stride=stride, padding=padding),
                               torch_conv(torch, x, k, b, stride, padding), rtol=1e-10, atol=1e-12)


def test_conv2d_single_image_and_float32():
    torch = need("torch")
    rng = np.random.default_rng(0)
    img, k = rng.normal(size=(8, 8)).astype(np.float32), rng.normal(size=(3, 3)).astype(np.float32)
    out = conv.conv2d(img, k, padding=1)
    assert out.shape == (8, 8) and out.dtype == np.float32
    np.testing.assert_allclose(out, torch_conv(torch, img[None, None], k[None, None], None, 1, 1)[0, 0],
                               rtol=1e-5, atol=1e-5)
    # by hand: the centre of a 3x3 window
    assert out[4, 4] == pytest.approx(float(np.sum(img[3:6, 3:6] * k)), rel=1e-5)


@settings(max_examples=30, deadline=None)
@given(h=st.integers(2, 9), w=st.integers(2, 9), size=st.integers(1, 3), stride=st.integers(1, 3),
       seed=st.integers(0, 2**16))
def test_max_pool_equals_torch(h, w, size, stride, seed):
    torch = need("torch")
    if size > min(h, w):
        return
    x = np.random.default_rng(seed).normal(size=(2, 3, h, w))
    expected = torch.nn.functional.max_pool2d(torch.as_tensor(x), size, stride=stride).numpy()
    np.testing.assert_array_equal(conv.max_pool2d(x, size, stride=stride), expected)


@pytest.mark.parametrize("n, k, s, p, d", [(8, 3, 1, 0, 1), (8, 3, 1, 1, 1), (28, 5, 2, 2, 1), (7, 2, 2, 0, 1),
                                           (10, 3, 3, 1, 2), (5, 5, 1, 0, 1), (32, 3, 2, 1, 1)])
def test_output_size_matches_torch_shapes(n, k, s, p, d):
    torch = need("torch")
    layer = torch.nn.Conv2d(1, 1, k, stride=s, padding=p, dilation=d)
    assert layer(torch.zeros(1, 1, n, n)).shape[-1] == conv.conv_output_size(n, k, stride=s, padding=p, dilation=d)


def test_receptive_field_by_brute_force():
    torch = need("torch")
    # The receptive field of the centre output unit is the set of input pixels with a nonzero gradient
    # (average pooling, so that every pixel of a window gets gradient, not only the maximum).
    stack = torch.nn.Sequential(torch.nn.Conv2d(1, 1, 3), torch.nn.AvgPool2d(2), torch.nn.Conv2d(1, 1, 3),
                                torch.nn.Conv2d(1, 1, 3))
    with torch.no_grad():
        for m in stack:
            if isinstance(m, torch.nn.Conv2d):
                m.weight.fill_(1.0)
    x = torch.ones(1, 1, 24, 24, requires_grad=True)
    out = stack(x)
    out[0, 0, out.shape[2] // 2, out.shape[3] // 2].backward()
    rows = np.flatnonzero(x.grad[0, 0].abs().sum(1).numpy())
    assert conv.receptive_field([3, (2, 2), 3, 3])[-1] == rows.max() - rows.min() + 1 == 12


def test_receptive_field_grows_as_documented():
    assert conv.receptive_field([3, 3, 3]) == [3, 5, 7]          # stride 1: +2 per layer
    assert conv.receptive_field([(2, 2)] * 3) == [2, 4, 8]       # pooling doubles it


def test_shift_moves_content_and_fills_zeros():
    img = np.arange(1.0, 10.0).reshape(3, 3)
    np.testing.assert_array_equal(conv.shift(img, down=1), [[0, 0, 0], [1, 2, 3], [4, 5, 6]])
    np.testing.assert_array_equal(conv.shift(img, right=-1), [[2, 3, 0], [5, 6, 0], [8, 9, 0]])
    np.testing.assert_array_equal(conv.shift(conv.shift(img, 1, 1), -1, -1)[:2, :2], img[:2, :2])
    assert not conv.shift(img, down=3).any()
    batch = np.stack([img, 2 * img])
    np.testing.assert_array_equal(conv.shift(batch, right=1)[1], 2 * conv.shift(img, right=1))


def test_convolution_is_translation_equivariant():
    rng = np.random.default_rng(3)
    img = np.zeros((10, 10))
    img[3:7, 3:7] = rng.normal(size=(4, 4))  # content away from the border
    k = rng.normal(size=(3, 3))
    np.testing.assert_allclose(conv.conv2d(conv.shift(img, 1, 2), k, padding=1),
                               conv.shift(conv.conv2d(img, k, padding=1), 1, 2), atol=1e-12)


def test_bad_input():
    with pytest.raises(ValueError, match="does not fit"):
        conv.conv_output_size(2, 5)
    with pytest.raises(ValueError, match="stride must be at least 1"):
        conv.conv_output_size(8, 3, stride=0)
    with pytest.raises(TypeError, match="kernel must be an integer"):
        conv.conv_output_size(8, 2.5)
    with pytest.raises(ValueError, match="2 channels but w expects 3"):
        conv.conv2d(np.zeros((1, 2, 5, 5)), np.zeros((4, 3, 3, 3)))
    with pytest.raises(ValueError, match="2-D image with a 2-D kernel"):
        conv.conv2d(np.zeros((5, 5)), np.zeros((1, 1, 3, 3)))
    with pytest.raises(ValueError, match="must be 2-D or 4-D"):
        conv.conv2d(np.zeros((3, 5, 5)), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="one bias per output channel"):
        conv.conv2d(np.zeros((1, 1, 5, 5)), np.zeros((4, 1, 3, 3)), np.zeros(3))
    with pytest.raises(ValueError, match="NaN"):
        conv.conv2d(np.full((4, 4), np.nan), np.ones((2, 2)))
    with pytest.raises(TypeError, match="real numbers"):
        conv.max_pool2d(np.array([["a", "b"], ["c", "d"]]))
    with pytest.raises(ValueError, match="does not fit"):
        conv.max_pool2d(np.zeros((3, 3)), 4)
    with pytest.raises(ValueError, match="non-empty list"):
        conv.receptive_field([])
    with pytest.raises(ValueError, match=r"\(kernel, stride\)"):
        conv.receptive_field([(3, 1, 1)])
    with pytest.raises(ValueError, match="at least 1"):
        conv.receptive_field([0])
    with pytest.raises(TypeError, match="whole number"):
        conv.shift(np.zeros((3, 3)), down=0.5)
    with pytest.raises(ValueError, match="at least 2 axes"):
        conv.shift(np.zeros(3), right=1)
