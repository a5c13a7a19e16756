"""A stand-in for transformers: its version, the two availability checks verify calls, and (from 5.0 on, written
by make_venv.py) a modeling_utils.py whose source names the hub kernel it falls back to, as the real one does."""
import importlib.metadata

__version__ = importlib.metadata.version("transformers")
