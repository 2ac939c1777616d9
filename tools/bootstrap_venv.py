"""Create .venv even where Debian's python3-venv (ensurepip) is not installed.

Tries the standard `python -m venv`; if ensurepip is missing, creates the venv
without pip and installs pip from its wheel on PyPI.
"""

import json
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

VENV = Path(sys.argv[1] if len(sys.argv) > 1 else ".venv")


def main():
    if subprocess.run([sys.executable, "-m", "venv", str(VENV)]).returncode == 0:
        return
    print("未找到 ensurepip（python3-venv），改为从 PyPI 安装 pip……", flush=True)
    subprocess.run(
        [sys.executable, "-m", "venv", "--clear", "--without-pip", str(VENV)], check=True
    )
    with urllib.request.urlopen("https://pypi.org/pypi/pip/json", timeout=60) as response:
        release = json.load(response)
    wheel = next(u for u in release["urls"] if u["filename"].endswith(".whl"))
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / wheel["filename"]
        urllib.request.urlretrieve(wheel["url"], target)
        python = VENV / "bin" / "python"
        subprocess.run(
            [str(python), f"{target}/pip", "install", "--quiet", str(target)], check=True
        )


if __name__ == "__main__":
    main()
