#!/usr/bin/env python3
"""Makes a real virtual environment for a test, with the stand-in torch (and optionally flash-attn and
transformers) installed as real distributions: a package folder plus a .dist-info that pip and importlib.metadata
read like any other.

    make_venv.py DEST [--with-pip] [--build-deps] [--torch JSON] [--flash-attn VERSION[:IMPORT_ERROR]]
                 [--transformers VERSION]

--torch takes the stand-in's profile, e.g. '{"version": "2.8.0+cu128", "cuda": "12.8", "cxx11abi": true,
"cudaAvailable": true, "devices": ["8.9"]}'. Without --torch the venv has no torch.
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


def write_dist_info(site, name, version, top_level, files):
    dist = os.path.join(site, "%s-%s.dist-info" % (name.replace("-", "_"), version))
    os.makedirs(dist, exist_ok=True)
    with open(os.path.join(dist, "METADATA"), "w") as f:
        f.write("Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: test stand-in\n" % (name, version))
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
        write_dist_info(site, "torch", profile["version"], "torch", files)

    if args.flash_attn:
        version, _, import_error = args.flash_attn.partition(":")
        package = os.path.join(site, "flash_attn")
        os.makedirs(package)
        with open(os.path.join(package, "__init__.py"), "w") as f:
            if import_error:
                f.write("raise ImportError(%r)\n" % import_error)
            else:
                f.write("__version__ = %r\n" % version)
        write_dist_info(site, "flash-attn", version, "flash_attn", [os.path.join("flash_attn", "__init__.py")])

    if args.build_deps:
        for name, version in (("packaging", "24.2"), ("psutil", "6.1.0"), ("ninja", "1.11.1.3"), ("wheel", "0.45.1")):
            write_dist_info(site, name, version, name, [])

    if args.transformers:
        package = os.path.join(site, "transformers")
        os.makedirs(package)
        with open(os.path.join(package, "__init__.py"), "w") as f:
            f.write("__version__ = %r\n" % args.transformers)
        write_dist_info(site, "transformers", args.transformers, "transformers", [os.path.join("transformers", "__init__.py")])


if __name__ == "__main__":
    main()
