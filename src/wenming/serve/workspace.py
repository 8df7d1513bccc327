"""A campaign workspace: the dataset folder the CLI reads, and what the server keeps beside it.

The folder is exactly what ``wenming score`` reads; the server adds a hidden
``.wenming/`` folder (the loaders skip hidden folders) holding every uploaded
version of every ledger, an append-only upload log and the server's settings.

Every write — an upload, a setup form — is tried on a staged copy first (hard
links of the current files plus the change) and loaded there with the same
loader as the CLI; only a copy that loads is put in place, so a refused change
leaves the workspace as it was. Writes take the workspace lock, which is a
thread lock and an ``flock`` on ``.wenming/lock``, so two requests (or two
server processes) writing at once land one after the other, both whole.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
from attrs import frozen

from wenming.errors import DataIssue, DatasetError, WenmingError
from wenming.serve.uploads import UploadRefused, check_ledger

if TYPE_CHECKING:
    from wenming.dataset import Dataset
    from wenming.plugins.manager import PluginHost
    from wenming.rubric import Rubric
    from wenming.scoring import Scorecard

__all__ = ["STATE_DIR", "Upload", "Workspace", "WorkspaceBroken"]

#: The server's folder inside the workspace; hidden, so the loaders never read it.
STATE_DIR = ".wenming"
_SETTINGS = "serve.toml"
_LOG = "uploads.jsonl"
#: Scorecards kept per (as-of, unit): a page and its JSON twin, filters, a few dates.
_CARD_CACHE = 32


class WorkspaceBroken(WenmingError, ValueError):
    """The workspace's own files do not load; carries the loader's located problems."""

    def __init__(self, error: Exception) -> None:
        self.error = error
        self.issues: tuple[DataIssue, ...] = tuple(getattr(error, "issues", ()))
        super().__init__(str(error))


@frozen
class Upload:
    """One accepted file version, as the upload log records it."""

    seq: int
    name: str
    sha256: str
    size: int
    uploaded: str
    stored: str
    replaced: str | None = None


class Workspace:
    """One campaign folder served: cached dataset and scorecards, guarded writes."""

    def __init__(self, root: Path, host: PluginHost) -> None:
        self.root = root.resolve()
        self.host = host
        self.state = self.root / STATE_DIR
        self._lock = threading.RLock()
        self._loaded: tuple[tuple[Any, ...], Dataset] | None = None
        self._cards: dict[tuple[Any, ...], list[Scorecard]] = {}
        self.generation = 0
        self._depth = 0

    # -- reading ----------------------------------------------------------------------------
    def _stamp(self) -> tuple[Any, ...]:
        """Sizes and change times of every file the loader may read (hidden folders aside)."""
        entries: list[tuple[str, int, int]] = []
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "~$")))
            for name in files:
                path = os.path.join(folder, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                entries.append((path, info.st_size, info.st_mtime_ns))
        return tuple(sorted(entries))

    def dataset(self) -> Dataset:
        """The dataset as the CLI would load it now; reloaded only when a file changed."""
        stamp = self._stamp()
        with self._lock:
            if self._loaded is not None and self._loaded[0] == stamp:
                return self._loaded[1]
            try:
                dataset = self._load(self.root)
            except (DatasetError, WenmingError) as error:
                raise WorkspaceBroken(error) from error
            self._loaded = (stamp, dataset)
            self._cards.clear()
            self.generation += 1
            return dataset

    def _load(self, root: Path) -> Dataset:
        from wenming.loaders import load_dataset

        return load_dataset(root, vocabulary=self.host.vocabulary())

    def rubrics(self) -> Mapping[str, Rubric]:
        """The installed rubrics this campaign counts: its settings, else the CLI's default
        (every rubric but the examples, which are counted only when chosen)."""
        from wenming.rubric import default_rubric_ids

        installed = self.host.rubrics()
        chosen = self.settings().get("rubrics")
        if isinstance(chosen, list):
            picked = {r: installed[r] for r in chosen if r in installed}
            if picked:
                return picked
        return {r: installed[r] for r in default_rubric_ids(installed)}

    def default_as_of(self, dataset: Dataset) -> date:
        """Today in Beijing while the campaign runs; its last day once it has ended."""
        from wenming.scoring import today

        window = dataset.campaign.window
        day = today()
        return min(max(day, window.start), window.end)

    def scorecards(self, as_of: date, unit: str | None = None,
                   rubric_ids: Sequence[str] | None = None) -> list[Scorecard]:
        """Every counted rubric's scorecard, cached until a file of the workspace changes."""
        from wenming.scoring import Scorer

        dataset = self.dataset()
        ids = tuple(rubric_ids or self.rubrics())
        key = (self.generation, as_of, unit, ids)
        with self._lock:
            cached = self._cards.get(key)
            if cached is not None:
                return cached
        scorer = Scorer(self.host)
        cards = [scorer.score(dataset, rubric_id, as_of, unit) for rubric_id in ids]
        with self._lock:
            if len(self._cards) >= _CARD_CACHE:
                self._cards.pop(next(iter(self._cards)))
            self._cards[key] = cards
        return cards

    # -- settings ---------------------------------------------------------------------------
    def settings(self) -> dict[str, Any]:
        import tomllib

        path = self.state / _SETTINGS
        try:
            return tomllib.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}

    def save_rubric_choice(self, rubric_ids: Sequence[str]) -> None:
        import tomlkit

        with self.writing():
            document = tomlkit.document()
            document["rubrics"] = list(rubric_ids)
            _write_atomic(self.state / _SETTINGS, tomlkit.dumps(document).encode("utf-8"))
            self._cards.clear()
            self.generation += 1

    # -- writing ----------------------------------------------------------------------------
    @contextmanager
    def writing(self) -> Iterator[None]:
        """The workspace lock: this process's threads, then other processes, in turn."""
        with self._lock:
            if self._depth:  # already held by this thread: flock on a new handle would wait
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self.state.mkdir(exist_ok=True)
            with open(self.state / "lock", "a+b") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                self._depth = 1
                try:
                    yield
                finally:
                    self._depth = 0
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def _staged(self, changes: Mapping[str, bytes]) -> tuple[Path, Dataset]:
        """A copy of the workspace with ``changes`` (relative path → bytes), loaded.

        Unchanged files are hard links (copies where links are not possible);
        a changed file is written new, never through a link into the original.
        Raises :class:`DatasetError` with the loader's problems; the copy is
        removed then, and the caller removes it after use otherwise.
        """
        self.state.mkdir(exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix="stage-", dir=self.state))
        try:
            for folder, dirs, files in os.walk(self.root):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                relative = os.path.relpath(folder, self.root)
                target = stage / relative
                target.mkdir(parents=True, exist_ok=True)
                for name in files:
                    source = os.path.join(folder, name)
                    if os.path.islink(source) or not os.path.isfile(source):
                        continue  # the real folder's loader reports these; the copy skips them
                    try:
                        os.link(source, target / name)
                    except OSError:
                        shutil.copy2(source, target / name)
            for relative_path, data in changes.items():
                path = stage / relative_path
                path.parent.mkdir(parents=True, exist_ok=True)
                path.unlink(missing_ok=True)
                path.write_bytes(data)
            return stage, self._load(stage)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise

    def apply(self, changes: Mapping[str, bytes],
              before_replace: Callable[[], None] | None = None) -> Dataset:
        """Put ``changes`` in place if the workspace still loads with them; else refuse.

        Caller holds :meth:`writing`. Returns the dataset as loaded from the stage.
        """
        try:
            stage, dataset = self._staged(changes)
        except DatasetError as error:
            raise UploadRefused(error.issues) from error
        try:
            if before_replace is not None:
                before_replace()
            for relative_path, data in changes.items():
                _write_atomic(self.root / relative_path, data)
            # The stage held exactly these files: its dataset is the workspace's now, and
            # re-scoring after an upload need not load the folder a second time.
            dataset = attrs.evolve(dataset, root=self.root)
            self._loaded = (self._stamp(), dataset)
            self._cards.clear()
            self.generation += 1
        finally:
            shutil.rmtree(stage, ignore_errors=True)
        return dataset

    def upload(self, files: Sequence[tuple[str, bytes]]) -> list[Upload]:
        """Accept ledgers into ``evidence/``: all of them, or none with every problem listed.

        A name that exists already becomes a new version; the earlier bytes stay
        under ``.wenming/uploads/`` and in the log, never overwritten.
        """
        if not files:
            raise UploadRefused([DataIssue("upload", "no file sent / 未选择文件",
                                           expected="one or more ledger files")], status=400)
        import unicodedata

        files = [(unicodedata.normalize("NFC", name), data) for name, data in files]
        issues: list[DataIssue] = []
        names: set[str] = set()
        for name, data in files:
            issues += check_ledger(name, data)
            if name in names:
                issues.append(DataIssue(name, "sent twice in one upload / 同一文件重复上传"))
            names.add(name)
        if issues:
            # Load the files that passed, too, so that one answer lists every problem.
            bad = {issue.where.removeprefix("evidence/") for issue in issues}
            rest = {f"evidence/{n}": d for n, d in files if n not in bad}
            if rest:  # only names that passed reach the staged copy
                try:
                    shutil.rmtree(self._staged(rest)[0], ignore_errors=True)
                except DatasetError as error:
                    issues += error.issues
            raise UploadRefused(issues, status=413 if any(
                "too large" in i.message for i in issues) else 422)
        changes = {f"evidence/{name}": data for name, data in files}
        with self.writing():
            log = self.uploads()
            seq = max((u.seq for u in log), default=0)
            accepted: list[Upload] = []
            known = {u.sha256 for u in log}

            def keep_versions() -> None:
                nonlocal seq
                store = self.state / "uploads"
                store.mkdir(exist_ok=True)
                for name, data in files:
                    current = self.root / "evidence" / name
                    replaced = None
                    if current.is_file():
                        old = current.read_bytes()
                        replaced = hashlib.sha256(old).hexdigest()
                        if replaced not in known:  # a file put there by hand: keep it too
                            seq += 1
                            self._record(seq, name, old, store, None)
                            known.add(replaced)
                    seq += 1
                    accepted.append(self._record(seq, name, data, store, replaced))

            self.apply(changes, keep_versions)
        return accepted

    def _record(self, seq: int, name: str, data: bytes, store: Path,
                replaced: str | None) -> Upload:
        digest = hashlib.sha256(data).hexdigest()
        stored = f"{seq:06d}-{digest[:12]}{Path(name).suffix.lower()}"
        _write_atomic(store / stored, data)
        entry = Upload(seq, name, digest, len(data),
                       datetime.now(UTC).isoformat(timespec="seconds"),
                       f"{STATE_DIR}/uploads/{stored}", replaced)
        with open(self.state / _LOG, "a", encoding="utf-8") as log:
            log.write(json.dumps(_upload_dict(entry), ensure_ascii=False) + "\n")
            log.flush()
            os.fsync(log.fileno())
        return entry

    def uploads(self) -> list[Upload]:
        """Every accepted version, oldest first."""
        path = self.state / _LOG
        if not path.is_file():
            return []
        entries = []
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                entries.append(Upload(**json.loads(line)))
        return entries

    def version_path(self, seq: int) -> tuple[Upload, Path] | None:
        for entry in self.uploads():
            if entry.seq == seq:
                return entry, self.root / entry.stored
        return None


def _upload_dict(entry: Upload) -> dict[str, Any]:
    return {"seq": entry.seq, "name": entry.name, "sha256": entry.sha256, "size": entry.size,
            "uploaded": entry.uploaded, "stored": entry.stored, "replaced": entry.replaced}


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (a reader sees the old or the new file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".wenming-", dir=path.parent)
    mask = os.umask(0)
    os.umask(mask)
    try:
        os.chmod(temporary, 0o666 & ~mask)  # as any file the clerk saves, not mkstemp's 0600
        with os.fdopen(handle, "wb") as sink:
            sink.write(data)
            sink.flush()
            os.fsync(sink.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
