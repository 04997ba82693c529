"""psamap: map your records to ConnectWise PSA companies."""

__version__ = "0.1.0"
