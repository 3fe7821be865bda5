"""dlcore.summary: parameter counts agree with torch and with the closed forms."""

import pytest

from conftest import need
from dlcore import summary


def test_count_params_against_torch_layers():
    torch = need("torch")
    nn = torch.nn
    assert summary.count_params(nn.Linear(64, 10)) == 64 * 10 + 10
    assert summary.count_params(nn.Conv2d(3, 8, 5)) == 8 * 3 * 5 * 5 + 8
    lstm = nn.LSTM(4, 16)
    assert summary.count_params(lstm) == 4 * 16 * (4 + 16 + 2)
    lstm.weight_hh_l0.requires_grad_(False)
    assert summary.count_params(lstm) == 4 * 16 * (4 + 2)
    assert summary.count_params(lstm, trainable_only=False) == 4 * 16 * (4 + 16 + 2)


def test_summary_rows_shapes_and_total():
    torch = need("torch")
    nn = torch.nn
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(64, 10))
    table = summary.summary(model, (2, 1, 8, 8))
    assert [r[1] for r in table.rows] == ["Conv2d", "ReLU", "MaxPool2d", "Flatten", "Linear"]
    assert [r[2] for r in table.rows] == [(2, 4, 8, 8), (2, 4, 8, 8), (2, 4, 4, 4), (2, 64), (2, 10)]
    assert [r[3] for r in table.rows] == [40, 0, 0, 0, 650]
    assert table.total == 690 == sum(r[3] for r in table.rows)
    text = str(table)
    assert "total parameters: 690" in text and "(2, 4, 4, 4)" in text and text.count("\n") == 8


def test_summary_leaves_batch_norm_and_mode_alone():
    torch = need("torch")
    nn = torch.nn
    model = nn.Sequential(nn.Linear(3, 5), nn.BatchNorm1d(5))
    model.train()
    before = model[1].running_mean.clone()
    summary.summary(model, (4, 3))
    assert model.training and torch.equal(model[1].running_mean, before)


def test_summary_of_a_recurrent_model():
    torch = need("torch")
    nn = torch.nn
    class Seq(nn.Module):
        def __init__(self):
            super().__init__()
            self.rnn, self.head = nn.GRU(4, 8, batch_first=True), nn.Linear(8, 2)

        def forward(self, x):
            return self.head(self.rnn(x)[0][:, -1])

    table = summary.summary(Seq(), (1, 5, 4))
    assert table.rows[0][1:] == ("GRU", (1, 5, 8), 3 * 8 * (4 + 8 + 2))


@pytest.mark.parametrize("d_in, hidden, d_out", [(64, [32], 10), (64, [16, 16, 16], 10), (2, [3], 1), (5, [], 3)])
def test_mlp_params_matches_torch(d_in, hidden, d_out):
    torch = need("torch")
    nn = torch.nn
    sizes = [d_in, *hidden, d_out]
    net = nn.Sequential(*[nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])])
    assert summary.mlp_params(d_in, hidden, d_out) == summary.count_params(net)


@pytest.mark.parametrize("depth", [1, 2, 3, 8])
@pytest.mark.parametrize("budget", [1000, 5000, 20_000])
def test_width_for_budget_is_the_largest_that_fits(depth, budget):
    w = summary.width_for_budget(64, 10, depth=depth, budget=budget)
    assert summary.mlp_params(64, [w] * depth, 10) <= budget < summary.mlp_params(64, [w + 1] * depth, 10)


def test_bad_input():
    torch = need("torch")
    nn = torch.nn
    with pytest.raises(TypeError, match="torch.nn.Module"):
        summary.count_params([1, 2])
    with pytest.raises(TypeError, match="torch.nn.Module"):
        summary.summary(lambda x: x, (1, 2))
    with pytest.raises(ValueError, match="does not accept an input of shape"):
        summary.summary(nn.Linear(3, 2), (1, 4))
    with pytest.raises(ValueError, match="input_shape must be a tuple"):
        summary.summary(nn.Linear(3, 2), 3)
    with pytest.raises(ValueError, match="at least 1"):
        summary.summary(nn.Linear(3, 2), (0, 3))
    with pytest.raises(ValueError, match="at least 1"):
        summary.mlp_params(64, [0], 10)
    with pytest.raises(ValueError, match="more than the budget"):
        summary.width_for_budget(64, 10, depth=2, budget=50)
    with pytest.raises(TypeError, match="budget must be an integer"):
        summary.width_for_budget(64, 10, depth=2, budget=1e4)
