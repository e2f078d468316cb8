"""The participant's kernel: ipykernel without its debugger and without IPython's input history.

``coffeechat serve`` puts ``share/jupyter`` first on ``JUPYTER_PATH``, so Voila finds the kit's
``kernels/python3/kernel.json`` before Jupyter's own and starts participants' kernels with
``python -m coffeechat.launcher``. JupyterLab (``make lab``) and the tests keep the stock kernel.

- No debugger: ipykernel imports debugpy into every kernel when it can (8 MB and 80 modules per kernel,
  measured). Voila never lets a page send debug requests, so a participant's kernel has no use for it.
- No history: IPython keeps every cell in an SQLite file with a thread of its own; nobody types cells here.

Together this is about a sixth of a participant's kernel (``make bench``). Nothing else changes.
"""

from __future__ import annotations

import sys


class _NoDebugger:
    """An import hook that makes ``import debugpy`` fail, as if it were not installed (ipykernel allows that)."""

    def find_spec(self, name, path=None, target=None):
        if name == "debugpy" or name.startswith("debugpy."):
            raise ImportError("a participant's kernel has no debugger")
        return None


def main(argv: list[str] | None = None) -> None:
    sys.meta_path.insert(0, _NoDebugger())
    from ipykernel import kernelapp  # after the hook: ipykernel looks for debugpy when it is imported

    arguments = list(sys.argv[1:] if argv is None else argv)
    kernelapp.launch_new_instance(argv=[*arguments, "--HistoryManager.enabled=False"])


if __name__ == "__main__":
    main()
