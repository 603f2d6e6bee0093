"""All outputs of a run appear together or not at all, and never over an input.

Every output is built in a staging folder inside the output folder (same file system, so a rename
moves it) and moved into place only when every report's outputs are built. The staging folder goes
on every exit path; one left by a killed run is removed by the next run into that folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from toolkit.errors import ReconError

STAGING_PREFIX = ".recon-tmp-"  # staging folders and temporary files: ".recon-tmp-<pid>-..."


def folder_names(inputs: list[tuple[str, str]]) -> list[str]:
    """One output subfolder name per (input path, report source): the report's stem; reports that share
    a stem get their input's parent folder in front, then a number, never one folder for two."""
    stems = [Path(source).stem for _, source in inputs]
    shared = Counter(stems)
    names = [stem if shared[stem] == 1 else f"{Path(path).resolve().parent.name or 'root'}_{stem}" for (path, _), stem in zip(inputs, stems)]
    taken: Counter[str] = Counter()
    repeated = Counter(names)
    unique = []
    for name in names:
        taken[name] += 1
        unique.append(name if repeated[name] == 1 else f"{name}-{taken[name]}")
    return unique


def clean_stale(folder: Path) -> None:
    """Remove staging folders and temporary files that runs killed before their cleanup left in `folder`."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(STAGING_PREFIX):
            continue
        pid = entry.name[len(STAGING_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and _alive(int(pid)):
            continue  # a run still writing (concurrent runs into one folder)
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
        except OSError:
            pass


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def refuse_inputs(targets: list[Path], inputs: list[Path]) -> None:
    """Exit 2 before anything moves when an output would land on an input."""
    for target in targets:
        for source in inputs:
            if _same(target, source):
                raise ReconError(f"refused: an output would overwrite the input {source} (choose another --out folder)", path=str(target))


class Staging:
    """`with Staging(out_dir, inputs) as stage:` build into `stage.folder(name)`, then `stage.commit()`."""

    def __init__(self, out_dir: Path, inputs: list[Path]):
        self.out_dir = out_dir
        self.inputs = inputs
        self.root: Path | None = None
        self.created: list[Path] = []

    def __enter__(self) -> Staging:
        for source in self.inputs:
            if _same(self.out_dir, source):
                raise ReconError("refused: the output folder is an input file", path=str(self.out_dir))
        if self.out_dir.exists() and not self.out_dir.is_dir():
            raise ReconError("the output folder is a file", path=str(self.out_dir))
        missing = [p for p in [self.out_dir, *self.out_dir.parents] if not p.exists()]
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self.created = missing
            clean_stale(self.out_dir)
            self.root = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=self.out_dir))
        except OSError as error:
            raise ReconError(f"cannot write into the output folder ({error.strerror or error})", path=str(self.out_dir)) from None
        return self

    def folder(self, name: str = "") -> Path:
        assert self.root is not None
        return self.root / name if name else self.root

    def final(self, staged: Path) -> Path:
        """Where a file built in the staging folder goes (a temporary file's name maps to its target's)."""
        assert self.root is not None
        relative = staged.relative_to(self.root)
        name = relative.name
        if name.startswith(STAGING_PREFIX):  # ".recon-tmp-<pid>-findings.json.<random>.json"
            name = name[len(STAGING_PREFIX):].split("-", 1)[-1]
            name = name[: len(name) - len(Path(name).suffix)].rsplit(".", 1)[0]
        return self.out_dir / relative.parent / name

    def write_error(self, error: OSError) -> ReconError:
        """A failed write (a full disk, a quota) as a message naming the output file it was for."""
        target: Path | str = self.out_dir
        if error.filename and self.root is not None:
            try:
                target = self.final(Path(error.filename))
            except ValueError:
                target = error.filename
        return ReconError(f"cannot write ({error.strerror or error}); nothing was written", path=str(target))

    def commit(self) -> list[Path]:
        """Move every built file into place, after checking none would land on an input or a folder."""
        assert self.root is not None
        staged = sorted(p for p in self.root.rglob("*") if p.is_file())
        moves = [(p, self.final(p)) for p in staged]
        refuse_inputs([target for _, target in moves], self.inputs)
        for _, target in moves:
            if target.is_dir():
                raise ReconError("refused: a folder stands where an output goes", path=str(target))
        try:
            for source, target in moves:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
        except OSError as error:
            raise self.write_error(error) from None
        return [target for _, target in moves]

    def __exit__(self, *exc: object) -> None:
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
        if exc[0] is not None:
            for folder in self.created:  # a failed run leaves no empty output folder behind
                try:
                    folder.rmdir()
                except OSError:
                    break


def write_all(jobs: list[tuple[object, object, str, str]], out_dir: Path, inputs: list[str], formats: list[str]) -> None:
    """Write (result, report, input path, subfolder name) for every report, all or nothing."""
    from toolkit.failure import working_on
    from toolkit.writers import write_outputs

    with Staging(out_dir, [Path(p) for p in inputs]) as stage:
        for result, data, source, name in jobs:
            with working_on(source):
                try:
                    write_outputs(result, data, Path(source), stage.folder(name), formats)  # type: ignore[arg-type]
                except OSError as error:
                    raise stage.write_error(error) from None
        stage.commit()
