"""OCR receipts once with the real engine and cache their blocks under var/ocr-cache/ by file hash.

The cache holds text read from the shared data: it lives under var/ (never committed).
Usage: python bench/_ocr_cache.py DIR [DIR ...] [--procs 2]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = ROOT / "var" / "ocr-cache"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_engine: Any = None
_cfg: Any = None


def file_hash(path: Path) -> str:
    """Return the SHA-256 of a file's bytes (the cache key)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cache_path(path: Path) -> Path:
    """Return where the blocks of `path` are cached."""
    return CACHE_DIR / f"{file_hash(path)}.json"


def cached_dicts(path: Path) -> list[dict[str, Any]] | None:
    """Return the cached block dicts of `path`, or None when it was not read yet."""
    where = cache_path(path)
    return json.loads(where.read_text()) if where.is_file() else None


def cached_blocks(path: Path) -> list[Any]:
    """Return the cached blocks of `path` as TextBlocks (empty when it was not read yet)."""
    from app.ocr.types import TextBlock

    return [
        TextBlock(d["text"], d["confidence"], tuple(tuple(p) for p in d["bounding_box"]), d.get("page", 1))
        for d in cached_dicts(path) or []
    ]


def _init_engine() -> None:
    global _engine, _cfg
    from app.ocr.config import OcrConfig
    from app.ocr.engine import build_engine

    _cfg = OcrConfig(model_dir=ROOT / "var" / "models", use_gpu=False)
    _engine = build_engine(_cfg)


def _ocr_one(path: str) -> str:
    from app.ocr.document import recognize_document
    from app.ocr.pages import open_document

    result = recognize_document(open_document(path, _cfg), _engine)
    where = cache_path(Path(path))
    tmp = where.with_suffix(".tmp")
    tmp.write_text(json.dumps([b.to_dict() for b in result.blocks]))
    tmp.replace(where)
    return path


def fill(paths: list[Path], procs: int) -> int:
    """OCR every path not cached yet; return how many were read."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    todo = [str(p) for p in paths if not cache_path(p).is_file()]
    if not todo:
        return 0
    with ProcessPoolExecutor(max_workers=procs, initializer=_init_engine) as pool:
        for done, path in enumerate(pool.map(_ocr_one, todo), 1):
            print(f"{done}/{len(todo)} {Path(path).name}", flush=True)
    return len(todo)


def main(argv: list[str] | None = None) -> int:
    """Fill the cache for the images listed in each DIR's labels.jsonl."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--procs", type=int, default=2)
    args = parser.parse_args(argv)
    paths = []
    for folder in args.dirs:
        with (folder / "labels.jsonl").open(encoding="utf-8") as fh:
            paths += [folder / json.loads(line)["file"] for line in fh if line.strip()]
    fill(paths, args.procs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
