"""tilsyn: state supervision of municipalities' introduction programme."""

__version__ = "0.1.0"
