"""Shared test settings: dlcore tests must not touch the network or a display."""

import matplotlib

matplotlib.use("Agg")
