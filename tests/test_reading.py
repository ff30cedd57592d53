"""Reading a file whole (`engine.reading`): its bytes, a limit, and what a hostile content
folder may put in a role file's place between its listing and its reading."""

from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

from versus.engine.reading import CHUNK, read_limited


def test_a_file_is_read_whole_and_a_big_one_just_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "role.yaml"
    data = bytes(range(256)) * (3 * CHUNK // 256 + 7)
    path.write_bytes(data)
    assert read_limited(path) == data
    assert read_limited(str(path), len(data)) == data
    cut = read_limited(path, 10)
    assert len(cut) > 10 and data.startswith(cut)


def test_a_fifo_in_a_role_files_place_reads_as_empty_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "nurse.yaml"
    os.mkfifo(fifo)
    found: list[bytes] = []
    reader = threading.Thread(target=lambda: found.append(read_limited(fifo)), daemon=True)
    reader.start()
    reader.join(5)
    waited = reader.is_alive()
    if waited:  # it waits for a writer: give it one, so that it ends
        os.close(os.open(fifo, os.O_WRONLY))
        reader.join()
    assert not waited and found == [b""]


def test_a_link_is_followed_only_when_asked(tmp_path: Path) -> None:
    (tmp_path / "real.yaml").write_text("title: Nurse\n")
    link = tmp_path / "nurse.yaml"
    link.symlink_to("real.yaml")
    assert read_limited(link) == b"title: Nurse\n"
    with pytest.raises(OSError) as caught:
        read_limited(link, follow=False)
    assert caught.value.errno == errno.ELOOP
