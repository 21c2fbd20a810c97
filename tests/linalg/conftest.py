import sys
from pathlib import Path

# local helper modules (_strategies.py) import by name under --import-mode=importlib
sys.path.insert(0, str(Path(__file__).resolve().parent))
