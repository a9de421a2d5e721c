"""gzip and zip: members are dispatched by name like any other input.

gzip streams (a truncated one yields the records read before the damage,
then an error). zip is guarded: at most ``MAX_ZIP_MEMBERS`` members and
``MAX_ZIP_BYTES`` uncompressed in all (zipfile itself stops each member at
its declared size and checks its CRC), no absolute or ``..`` paths, no
symlinks, no encrypted members. Hidden members and ``__MACOSX`` metadata are
skipped. A member's source is ``archive.zip!member/path``. What either
decompresses is charged to the input's budget (:mod:`.budget`); a zip whose
members declare more than that budget is refused before any is read.
"""

from __future__ import annotations

import gzip
import io
import re
import stat
import zipfile
from collections.abc import Iterator
from typing import IO

from sitrep.ingest import dispatch
from sitrep.ingest.base import MAX_ITEM_BYTES, MAX_NESTING, MAX_ZIP_BYTES, MAX_ZIP_MEMBERS, ReadError
from sitrep.ingest.budget import InputBudget
from sitrep.records import ItemError, RawItem

_DRIVE = re.compile(r"^[A-Za-z]:")


class _GzipStream(gzip.GzipFile):
    """A GzipFile that also closes the file it decompresses."""

    def close(self) -> None:
        inner = self.fileobj
        try:
            super().close()
        finally:
            if inner is not None:
                inner.close()


def read_gzip(
    source: str, name: str, open_: dispatch.Opener, *, depth: int, budget: InputBudget
) -> Iterator[RawItem | ItemError]:
    if depth >= MAX_NESTING:
        raise ReadError(f"archives nested more than {MAX_NESTING} deep")
    inner = name[:-3] if name.lower().endswith(".gz") else name
    # The stream is decompressed as it is read, so a bomb stops at the readers' caps and the budget.
    yield from dispatch.read_stream(
        source,
        inner,
        lambda: budget.meter(_GzipStream(fileobj=open_(), mode="rb")),
        size=None,
        depth=depth + 1,
        budget=budget,
    )


def hidden(name: str) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in name.split("/") if part)


def unsafe_member(info: zipfile.ZipInfo) -> str | None:
    """Why a member's name or type is refused, or None."""
    name = info.filename
    parts = re.split(r"[\\/]", name)
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        return "absolute path in archive refused"
    if ".." in parts:
        return "'..' in archive path refused"
    if "\x00" in name:
        return "NUL in archive path refused"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "symbolic link in archive refused"
    if info.flag_bits & 0x1:
        return "encrypted archive member"
    return None


def read_zip(
    source: str, open_: dispatch.Opener, *, depth: int, budget: InputBudget
) -> Iterator[RawItem | ItemError]:
    if depth >= MAX_NESTING:
        raise ReadError(f"archives nested more than {MAX_NESTING} deep")
    with open_() as raw:
        handle: IO[bytes] = raw
        if depth > 0 or not raw.seekable():
            # zipfile needs to seek; a zip inside another archive is read into memory, capped.
            data = raw.read(MAX_ITEM_BYTES + 1)
            if len(data) > MAX_ITEM_BYTES:
                raise ReadError(f"nested zip over {MAX_ITEM_BYTES} bytes")
            handle = io.BytesIO(data)
        try:
            archive = zipfile.ZipFile(handle)
        except zipfile.BadZipFile as exc:
            raise ReadError(f"not a valid zip archive ({exc})") from None
        with archive:
            members = [i for i in archive.infolist() if not i.is_dir()]
            if len(members) > MAX_ZIP_MEMBERS:
                raise ReadError(f"zip has {len(members)} members (limit {MAX_ZIP_MEMBERS}): refused")
            total = sum(i.file_size for i in members)
            if total > MAX_ZIP_BYTES:
                raise ReadError(
                    f"zip would expand to {total} bytes (limit {MAX_ZIP_BYTES}): refused as a possible zip bomb"
                )
            if not members:
                raise ReadError("empty zip archive")
            budget.check_declared(total)
            for info in sorted(members, key=lambda i: i.filename):
                member_source = f"{source}!{info.filename}"
                if reason := unsafe_member(info):
                    yield ItemError(member_source, "read", reason)
                    continue
                if hidden(info.filename):
                    continue
                yield from dispatch.read_stream(
                    member_source,
                    info.filename,
                    lambda info=info: budget.meter(archive.open(info)),  # type: ignore[misc]
                    size=info.file_size,
                    depth=depth + 1,
                    budget=budget,
                )
