#!/usr/bin/env python3
"""Makes a small pure wheel of one of the stand-in packages in standin-packages/, for a find-links folder that pip
installs from with the package index switched off.

    make_package.py OUT_DIR NAME VERSION [--tree FOLDER] [--requires SPEC ...] [--extra NAME:SPEC ...]

--tree is a folder under standin-packages/ whose files the wheel carries (their executable bits kept);
--requires adds Requires-Dist lines; --extra NAME:SPEC adds one required only with that extra
(cuda-toolkit[nvcc] -> nvidia-cuda-nvcc). Prints the wheel's path.
"""
import argparse
import os
import zipfile

from make_wheel import record_line as record

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("name")
    parser.add_argument("version")
    parser.add_argument("--tree")
    parser.add_argument("--requires", action="append", default=[])
    parser.add_argument("--extra", action="append", default=[])
    args = parser.parse_args()
    normalized = args.name.replace("-", "_")
    dist = "%s-%s.dist-info" % (normalized, args.version)
    entries = []
    if args.tree:
        root = os.path.join(HERE, "standin-packages", args.tree)
        for folder, _, names in os.walk(root):
            for n in sorted(names):
                if n.endswith(".pyc"):
                    continue
                path = os.path.join(folder, n)
                with open(path, "rb") as f:
                    entries.append((os.path.relpath(path, root), f.read(), os.stat(path).st_mode & 0o777))
    metadata = "Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: test stand-in\n" % (args.name, args.version)
    metadata += "".join("Requires-Dist: %s\n" % r for r in args.requires)
    extras = {}
    for item in args.extra:
        extra, _, spec = item.partition(":")
        extras.setdefault(extra, []).append(spec)
    for extra, specs in extras.items():
        metadata += "Provides-Extra: %s\n" % extra
        metadata += "".join("Requires-Dist: %s; extra == \"%s\"\n" % (s, extra) for s in specs)
    entries.append((dist + "/METADATA", metadata.encode(), 0o644))
    entries.append((dist + "/WHEEL", b"Wheel-Version: 1.0\nGenerator: flash-attn-setup tests\nRoot-Is-Purelib: true\nTag: py3-none-any\n", 0o644))
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "%s-%s-py3-none-any.whl" % (normalized, args.version))
    records = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data, mode in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
            records.append(record(name, data))
        records.append(dist + "/RECORD,,")
        z.writestr(dist + "/RECORD", "\n".join(records) + "\n")
    print(path)


if __name__ == "__main__":
    main()
