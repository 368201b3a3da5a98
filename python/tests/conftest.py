# Loads the plugin from src/ without installing it (CI has Debian's python3-pytest, no pip).
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

pytest_plugins = ["pytest_l610", "pytester"]
