#!/usr/bin/env python3
"""Makes a real virtual environment for a test, with the stand-in torch (and optionally flash-attn and
transformers) installed as real distributions: a package folder plus a .dist-info that pip and importlib.metadata
read like any other.

    make_venv.py DEST [--with-pip] [--build-deps] [--torch JSON] [--flash-attn VERSION[:IMPORT_ERROR|SEGFAULT|HANG]]
                 [--transformers VERSION] [--kernels VERSION] [--flash-attn-4 VERSION]

--torch takes the stand-in's profile, e.g. '{"version": "2.8.0+cu128", "cuda": "12.8", "cxx11abi": true,
"cudaAvailable": true, "devices": ["8.9"]}'; its "requires" list becomes torch's Requires-Dist lines (the real
torch 2.15 pins cuda-toolkit==13.2.2), and "nvidiaRuntime": "cu13" lays out the CUDA runtime wheels torch brings
(site-packages/nvidia/cu13 with include/ and lib/libcudart.so.13). Without --torch the venv has no torch.
--transformers installs the stand-in transformers (standin-packages/transformers) with the real Requires-Dist
lines of that release, and from 5.0 on a modeling_utils.py naming the hub kernel it falls back to.
--kernels installs the stand-in kernels (standin-packages/kernels).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import sysconfig

HERE = os.path.dirname(os.path.abspath(__file__))


def site_packages(venv):
    out = subprocess.check_output(
        [os.path.join(venv, "bin", "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    return out.decode().strip()


# Requires-Dist lines as the real transformers releases carry them (the kernels extra is what the route reads).
TRANSFORMERS_REQUIRES = {
    # From 5.25.0 kernels is required with no extra: every install of transformers brings it.
    "5.25.0": ["huggingface-hub<2.0,>=1.5.0", "numpy>=1.17", "packaging>=20.0", "safetensors>=0.4.3",
               "tokenizers<=0.23.0,>=0.22.0", "kernels<0.20,>=0.19.1", "kernels<0.20,>=0.19.1; extra == \"kernels\"",
               "accelerate>=1.1.0; extra == \"torch\""],
    "5.24.0": ["huggingface-hub<2.0,>=1.3.0", "numpy>=1.17", "packaging>=20.0", "safetensors>=0.4.3",
               "tokenizers<=0.23.0,>=0.22.0", "kernels<0.19,>=0.18.2; extra == \"kernels\"",
               "kernels<0.19,>=0.18.2; extra == \"all\"", "accelerate>=1.1.0; extra == \"torch\""],
    "5.22.2": ["huggingface-hub<2.0,>=1.3.0", "numpy>=1.17", "packaging>=20.0", "safetensors>=0.4.3",
               "tokenizers<=0.23.0,>=0.22.0", "kernels<0.18,>=0.17.2; extra == \"kernels\"",
               "kernels<0.18,>=0.17.2; extra == \"all\"", "accelerate>=1.1.0; extra == \"torch\""],
    "4.57.1": ["huggingface-hub<1.0,>=0.34.0", "numpy>=1.17", "packaging>=20.0",
               "kernels<=0.9,>=0.6.1; extra == \"hub-kernels\""],
}

# The statements transformers' source defines its hub-kernel fallback with, verbatim from the real wheels
# (scripts/cut-transformers-excerpts), copied into the stand-in package of that version.
EXCERPTS = os.path.join(HERE, "transformers-excerpts")


def copy_tree(source, site):
    files = []
    for folder, _, names in os.walk(source):
        for n in names:
            path = os.path.join(folder, n)
            rel = os.path.relpath(path, source)
            os.makedirs(os.path.dirname(os.path.join(site, rel)), exist_ok=True)
            shutil.copy2(path, os.path.join(site, rel))
            files.append(rel)
    return files


def write_dist_info(site, name, version, top_level, files, requires=()):
    dist = os.path.join(site, "%s-%s.dist-info" % (name.replace("-", "_"), version))
    os.makedirs(dist, exist_ok=True)
    with open(os.path.join(dist, "METADATA"), "w") as f:
        f.write("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: test stand-in\n" % (name, version))
        f.write("".join("Requires-Dist: %s\n" % r for r in requires))
    with open(os.path.join(dist, "INSTALLER"), "w") as f:
        f.write("pip\n")
    with open(os.path.join(dist, "top_level.txt"), "w") as f:
        f.write(top_level + "\n")
    records = [os.path.relpath(os.path.join(site, p), site) + ",," for p in files]
    records += [os.path.relpath(os.path.join(dist, n), site) + ",," for n in ("METADATA", "INSTALLER", "top_level.txt", "RECORD")]
    with open(os.path.join(dist, "RECORD"), "w") as f:
        f.write("\n".join(records) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dest")
    parser.add_argument("--with-pip", action="store_true")
    parser.add_argument("--torch")
    parser.add_argument("--flash-attn")
    parser.add_argument("--transformers")
    parser.add_argument("--transformers-source",
                        help="a folder laid out like the transformers package whose files replace the excerpts")
    parser.add_argument("--kernels")
    parser.add_argument("--flash-attn-4")
    parser.add_argument("--build-deps", action="store_true",
                        help="record packaging, psutil, ninja and wheel as installed (metadata only), so a build plan "
                             "needs nothing from the package index")
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()

    command = [args.python, "-m", "venv", args.dest]
    if not args.with_pip:
        command.append("--without-pip")
    subprocess.check_call(command)
    site = site_packages(args.dest)

    if args.torch:
        profile = json.loads(args.torch)
        target = os.path.join(site, "torch")
        shutil.copytree(os.path.join(HERE, "standin-torch", "torch"), target)
        with open(os.path.join(target, "_standin.json"), "w") as f:
            json.dump(profile, f)
        files = [os.path.join("torch", n) for n in os.listdir(target)]
        write_dist_info(site, "torch", profile["version"], "torch", files, profile.get("requires", []))
        if profile.get("nvidiaRuntime"):
            runtime = os.path.join(site, "nvidia", profile["nvidiaRuntime"])
            os.makedirs(os.path.join(runtime, "lib"), exist_ok=True)
            os.makedirs(os.path.join(runtime, "include"), exist_ok=True)
            open(os.path.join(runtime, "lib", "libcudart.so.13"), "w").close()
            with open(os.path.join(runtime, "include", "cuda_runtime_api.h"), "w") as f:
                f.write("/* stand-in */\n")

    if args.flash_attn:
        version, _, import_error = args.flash_attn.partition(":")
        package = os.path.join(site, "flash_attn")
        os.makedirs(package)
        with open(os.path.join(package, "__init__.py"), "w") as f:
            if import_error == "SEGFAULT":
                # An extension that crashes the interpreter on import, as one built for another torch can.
                f.write("import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n")
            elif import_error == "HANG":
                f.write("import time\ntime.sleep(3600)\n")
            elif import_error:
                f.write("raise ImportError(%r)\n" % import_error)
            else:
                f.write("__version__ = %r\n" % version)
        write_dist_info(site, "flash-attn", version, "flash_attn", [os.path.join("flash_attn", "__init__.py")])

    if args.build_deps:
        for name, version in (("packaging", "24.2"), ("psutil", "6.1.0"), ("ninja", "1.11.1.3"), ("wheel", "0.45.1")):
            write_dist_info(site, name, version, name, [])

    if args.transformers:
        files = copy_tree(os.path.join(HERE, "standin-packages", "transformers"), site)
        source = args.transformers_source or os.path.join(EXCERPTS, args.transformers)
        if os.path.isdir(source):
            files += [os.path.join("transformers", f) for f in copy_tree(source, os.path.join(site, "transformers"))]
        write_dist_info(site, "transformers", args.transformers, "transformers", files,
                        TRANSFORMERS_REQUIRES.get(args.transformers, []))

    if args.kernels:
        files = copy_tree(os.path.join(HERE, "standin-packages", "kernels"), site)
        write_dist_info(site, "kernels", args.kernels, "kernels", files, ["huggingface-hub>=1.10.0"])

    if args.flash_attn_4:
        package = os.path.join(site, "flash_attn", "cute")
        os.makedirs(package, exist_ok=True)
        with open(os.path.join(package, "__init__.py"), "w") as f:
            f.write("__version__ = '0.0.0'\n\ndef flash_attn_func(q, k, v, causal=False, **kwargs):\n    raise RuntimeError('stand-in FA4 has no kernels')\n")
        write_dist_info(site, "flash-attn-4", args.flash_attn_4, "flash_attn", [os.path.join("flash_attn", "cute", "__init__.py")])


if __name__ == "__main__":
    main()
