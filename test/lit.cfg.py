# -*- Python -*- lit configuration of the gnnc regression tests.
import os
import subprocess

import lit.formats
from lit.llvm import llvm_config

config.name = "GNNC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.gnnc_obj_root, "test")
config.excludes = ["CMakeLists.txt", "README.md", "lit.cfg.py",
                   "lit.site.cfg.py", "unittests", "Inputs"]

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(
    ["gnn-opt", "gnn-translate", "gnn-run"],
    [config.gnnc_tools_dir])

config.substitutions.append(("%gnnc_src", config.gnnc_src_root))
config.substitutions.append(("%gnnc_tools_dir", config.gnnc_tools_dir))
config.substitutions.append(("%examples", os.path.join(config.gnnc_src_root, "examples")))

# Debian's python3 with torch (python3-torch), for PyTorch parity tests.
debian_python = "/usr/bin/python3"
try:
    subprocess.run([debian_python, "-c", "import torch, numpy"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    config.available_features.add("torch")
    # Before the default %python substitution, which would match its prefix.
    config.substitutions.insert(0, ("%python_torch", debian_python))
except (OSError, subprocess.CalledProcessError):
    lit_config.note("python3-torch not importable from /usr/bin/python3: "
                    "PyTorch parity tests are skipped")

# Real datasets live beside the checkout, never in it.
datasets = os.path.join(os.path.dirname(config.gnnc_src_root), "shared", "datasets")
if os.path.isdir(datasets):
    config.available_features.add("datasets")
    config.substitutions.append(("%datasets", datasets))
