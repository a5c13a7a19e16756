#!/usr/bin/env python3
"""Makes a small but real flash-attn wheel for tests: a zip with the package, a stand-in for the compiled extension
(flash_attn_2_cuda), and a .dist-info whose METADATA says "Version: 2.8.3" while the file name carries the
+cu..torch..cxx11abi.. label, exactly as the official release wheels do.

    make_wheel.py OUT_DIR FILENAME [--requires SPEC ...] [--broken-extension MESSAGE] [--payload-mb N] [--files N]

--requires adds Requires-Dist lines (default: "torch"); a test wheel asks for nothing from the package index.
--broken-extension makes `import flash_attn_2_cuda` raise ImportError(MESSAGE), as a wheel for another torch does.
--payload-mb N adds a stand-in for the compiled kernels of N MB unpacked, compressing to about 0.57 of that as
the real 2.8.3 wheels do (240 MB of wheel, 420 MB on disk), for benchmarks of a real-sized install.
--files N adds N small modules under flash_attn/kernels/, so that pip takes seconds to unpack it (the real wheel
holds about 40,000 files once its headers are counted), for tests that stop pip in the middle.
Prints the file's path and its sha256.
"""
import argparse
import base64
import hashlib
import os
import re
import sys
import zipfile

PATTERN = re.compile(r"^flash_attn-(?P<version>[0-9.]+(?:post\d+)?)\+(?P<label>[^-]+)-(?P<py>[^-]+)-(?P<abi>[^-]+)-(?P<plat>.+)\.whl$")


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (name, digest, len(data))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("filename")
    parser.add_argument("--requires", action="append")
    parser.add_argument("--broken-extension")
    parser.add_argument("--payload-mb", type=int, default=0)
    parser.add_argument("--files", type=int, default=0)
    args = parser.parse_args()
    m = PATTERN.match(args.filename)
    if not m:
        sys.exit("not a flash-attn wheel name: " + args.filename)
    version = m.group("version")
    files = {
        "flash_attn/__init__.py": (
            "__version__ = %r\n\nfrom flash_attn.flash_attn_interface import flash_attn_func\n" % version),
        "flash_attn/flash_attn_interface.py": (
            "import flash_attn_2_cuda as flash_attn_gpu\n\n\n"
            "def flash_attn_func(q, k, v, dropout_p=0.0, softmax_scale=None, causal=False, **kwargs):\n"
            "    # The stand-in has no kernels; the tests never reach here without a GPU.\n"
            "    raise RuntimeError('stand-in flash-attn has no CUDA kernels')\n"),
        "flash_attn_2_cuda.py": (
            "raise ImportError(%r)\n" % args.broken_extension if args.broken_extension
            else "# Stands in for the compiled extension flash_attn_2_cuda.*.so.\nBUILT_FOR = %r\n" % m.group("label")),
    }
    for i in range(args.files):
        files["flash_attn/kernels/k%05d.py" % i] = "KERNEL = %d\n" % i
    dist = "flash_attn-%s.dist-info" % version
    requires = [r for r in (args.requires if args.requires is not None else ["torch"]) if r]
    files[dist + "/METADATA"] = (
        "Metadata-Version: 2.1\nName: flash_attn\nVersion: %s\nSummary: Flash Attention (test stand-in)\n" % version
        + "".join("Requires-Dist: %s\n" % r for r in requires))
    files[dist + "/WHEEL"] = (
        "Wheel-Version: 1.0\nGenerator: flash-attn-setup tests\nRoot-Is-Purelib: false\nTag: %s-%s-%s\n"
        % (m.group("py"), m.group("abi"), m.group("plat")))
    files[dist + "/top_level.txt"] = "flash_attn\nflash_attn_2_cuda\n"
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, args.filename)
    records = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            data = text.encode()
            z.writestr(name, data)
            records.append(record_line(name, data))
        if args.payload_mb:
            # Pieces of random bytes (incompressible) and zeros, 55:45, as machine code and padding compress.
            name = "flash_attn/flash_attn_2_cuda_kernels.bin"
            digest, size = hashlib.sha256(), 0
            with z.open(name, "w", force_zip64=True) as out:
                for i in range(args.payload_mb):
                    piece = os.urandom(1 << 20) if i % 20 < 11 else bytes(1 << 20)
                    out.write(piece)
                    digest.update(piece)
                    size += len(piece)
            encoded = base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()
            records.append("%s,sha256=%s,%d" % (name, encoded, size))
        records.append(dist + "/RECORD,,")
        z.writestr(dist + "/RECORD", "\n".join(records) + "\n")
    with open(path, "rb") as f:
        print(path, hashlib.sha256(f.read()).hexdigest())


if __name__ == "__main__":
    main()
