"""Where a report may be written: never over an input, never half-written.

Nothing the user wrote is ever overwritten, no report lands where the loader
would read it back as a ledger, and files appear whole or not at all.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from wenming.cli.errors import CliError
from wenming.cli.formats import is_stdout
from wenming.cli.state import Speaker
from wenming.model.labels import Label

if TYPE_CHECKING:
    from wenming.dataset import Dataset


def input_paths(dataset: Dataset, directory: Path) -> list[Path]:
    """Every file the dataset was read from, as far as its records tell."""
    root = dataset.root or directory
    # From the store's columns: building every record would cost seconds at a province.
    names = dataset.source_files()
    # A relative name may be relative to the dataset root or to the working
    # directory; guarding both costs nothing.
    paths = [directory, root]
    for path in map(Path, names):
        paths += [path] if path.is_absolute() else [root / path, path]
    return paths


def evidence_folders(directory: Path, dataset: Dataset | None = None) -> list[Path]:
    """The folders the loader reads ledgers from: evidence/ and, via links, where its files live."""
    from wenming.loaders.folder import EVIDENCE_FOLDER

    root = (dataset.root if dataset is not None and dataset.root else None) or directory
    folders = {Path(os.path.realpath(directory / EVIDENCE_FOLDER)),
               Path(os.path.realpath(root / EVIDENCE_FOLDER))}
    if dataset is not None:
        for name in dataset.ledger_files():
            path = Path(name)
            if not path.is_absolute():
                path = root / path
            if path.parts[len(root.parts):][:1] == (EVIDENCE_FOLDER,):
                folders.add(Path(os.path.realpath(path)).parent)
    return sorted(folders)


def refuse_overwrite(speaker: Speaker, output: Path | None, inputs: Sequence[Path],
                     force: bool, evidence: Sequence[Path] = ()) -> None:
    """Never write into an evidence folder or over an input; over another file only with --force."""
    if output is None or is_stdout(output):
        return
    folder_of = output.absolute().parent
    if not folder_of.is_dir():
        # said before the dataset is read and scored, not after, on a temporary file's name
        raise CliError(speaker.say(Label(
            f"输出文件夹 {output.parent} 不存在；请先建好该文件夹，或另选 -o 的位置",
            f"the output folder {output.parent} does not exist; create it first or choose "
            "another -o")))
    target = Path(os.path.realpath(output))
    for folder in evidence:
        if target.is_relative_to(folder):
            raise CliError(speaker.say(Label(
                f"拒绝把报告 {output} 写入证据文件夹 {folder}：下次 validate 会把它当作台账读入。"
                f"请写到数据集的 evidence/ 之外",
                f"refusing to write {output} inside the evidence folder {folder}: the next "
                f"validate would read the report as a ledger. Write it outside the dataset's "
                f"evidence/ folder")))
    for source in (Path(os.path.realpath(path)) for path in inputs):
        # Inside the input directory an existing file may be a ledger the loader
        # reads even if no record points at it, so --force does not apply there.
        inside = source.is_dir() and target.is_relative_to(source) and target.exists()
        if target == source or inside:
            raise CliError(speaker.say(Label(
                f"拒绝覆盖输入文件 {output}；请另选输出位置",
                f"refusing to overwrite input {output}; choose another --output")))
    if target.exists() and not force:
        raise CliError(exists_message(speaker, output))


def exists_message(speaker: Speaker, output: Path) -> str:
    return speaker.say(Label(f"{output} 已存在；加 --force 覆盖",
                             f"{output} already exists; add --force to overwrite it"))


def write_atomic(path: Path, write: Callable[[BinaryIO], object], *, replace: bool) -> None:
    """Write a file whole or not at all: ``write(handle)`` fills it.

    The bytes go to a hidden temporary file in the same folder (so the final
    rename stays on one file system), which then takes the name: with
    ``replace`` by :func:`os.replace`, else by a hard link, which fails
    instead of clobbering a file created meanwhile. A reader never sees half a
    report, and an interrupted run leaves the old file as it was.
    """
    mode = _mode_for(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                         suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        if replace:
            os.replace(temporary, path)
            return
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links (FAT, some network shares)
            if path.exists():
                raise FileExistsError(17, "File exists", str(path)) from None
            os.replace(temporary, path)
    finally:
        with suppress(FileNotFoundError):
            os.unlink(temporary)


def _mode_for(path: Path) -> int:
    """An existing file keeps its permissions; a new one gets what ``open`` would give it."""
    with suppress(OSError):
        return path.stat().st_mode & 0o7777
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
