"""Reading a response's body: capped on the wire and after gzip or deflate, within the deadline."""

from __future__ import annotations

import http.client
import socket
import zlib

from newsreader.config import RefreshConfig
from newsreader.sources.http.deadline import Deadline
from newsreader.sources.http.errors import FetchError, size_text

__all__ = ["CHUNK", "BodyDecoder", "read_body"]

CHUNK = 64 * 1024


def read_body(
    response: http.client.HTTPResponse,
    sock: socket.socket,
    headers: dict[str, str],
    config: RefreshConfig,
    max_bytes: int,
    deadline: Deadline,
) -> bytes:
    length = headers.get("content-length", "").strip()
    if length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"response larger than {size_text(max_bytes)}")
    decoder = BodyDecoder(headers.get("content-encoding", ""), max_bytes)
    raw_total = 0
    while True:
        sock.settimeout(min(config.read_timeout, deadline.remaining()))
        chunk = response.read1(CHUNK)
        if not chunk:
            break
        raw_total += len(chunk)
        if raw_total > max_bytes:
            raise FetchError(f"response larger than {size_text(max_bytes)}")
        decoder.feed(chunk)
        deadline.remaining()
    if length.isdigit() and raw_total < int(length):
        raise FetchError(f"connection closed early (got {raw_total} of {int(length)} bytes)")
    return decoder.finish()


class BodyDecoder:
    """Incremental gzip/deflate (zlib or raw) decoding with a cap on the output."""

    def __init__(self, encoding: str, max_bytes: int) -> None:
        self.encoding = encoding.strip().lower()
        self.max_bytes = max_bytes
        self.parts: list[bytes] = []
        self.size = 0
        self._zlib = None
        self._first = b""
        if self.encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.encoding == "deflate":
            self._zlib = None  # chosen on the first bytes: zlib wrapper or raw deflate
        elif self.encoding not in ("", "identity"):
            raise FetchError(f"unsupported content encoding {self.encoding!r}")

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise FetchError(f"response larger than {size_text(self.max_bytes)}")
        self.parts.append(data)

    def _inflate(self, data: bytes) -> None:
        inflater = self._zlib
        assert inflater is not None
        try:
            out = inflater.decompress(data, self.max_bytes - self.size + 1)
            self._keep(out)
            while inflater.unconsumed_tail:
                out = inflater.decompress(inflater.unconsumed_tail, self.max_bytes - self.size + 1)
                self._keep(out)
        except zlib.error as error:
            raise FetchError(f"bad {self.encoding} data: {error}") from None

    def feed(self, data: bytes) -> None:
        if self.encoding == "deflate" and self._zlib is None:
            self._first += data
            if len(self._first) < 2:
                return
            data, self._first = self._first, b""
            wrapped = (data[0] & 0x0F) == 8 and ((data[0] << 8) | data[1]) % 31 == 0
            self._zlib = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        if self._zlib is not None:
            self._inflate(data)
        else:
            self._keep(data)

    def finish(self) -> bytes:
        if self._first:  # a deflate body of a single byte
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            self._inflate(self._first)
        if self._zlib is not None:
            try:
                self._keep(self._zlib.flush())
            except zlib.error as error:
                raise FetchError(f"bad {self.encoding} data: {error}") from None
            if self.encoding != "deflate" and not self._zlib.eof:
                raise FetchError(f"bad {self.encoding} data: the stream is cut short")
        return b"".join(self.parts)
