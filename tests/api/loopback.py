"""A tiny HTTP/1.1 server on 127.0.0.1, served by the test's own event loop (no thread), with
routes that misbehave on purpose, and a self-signed certificate for TLS tests."""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import random
import ssl
from pathlib import Path

BODY = random.Random(7).randbytes(3_000_000)  # several buffers' worth, no repeating pattern
PIECE = 100_000  # the server writes bodies in pieces of this size


class LoopbackServer:
    """Routes: `/body` (BODY, keep-alive), `/once` (BODY, then the connection is closed without
    saying so), `/cut` (half of BODY announced whole, then closed), `/hang` (headers, then
    nothing; a request body is not even read). Records the request targets and bodies, and
    counts connections."""

    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self._ssl = ssl_context
        self._server: asyncio.Server | None = None
        self._release = asyncio.Event()
        self.targets: list[str] = []
        self.received: list[bytes] = []  # the request bodies read
        self.connections = 0
        self.closed_once = asyncio.Event()
        self.port = 0

    @property
    def url(self) -> str:
        scheme = "https" if self._ssl else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    async def __aenter__(self) -> LoopbackServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0, ssl=self._ssl)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc_info) -> None:
        self._release.set()
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                target = head.split(b" ", 2)[1].decode()
                self.targets.append(target)
                route = target.rsplit("/", 1)[-1]
                if route != "hang":  # a request body is read, except by the silent route
                    self.received.append(await reader.readexactly(_content_length(head)))
                if not await self._respond(route, writer):
                    return
        finally:
            writer.close()
            if self._ssl is None:  # a TLS peer may never answer the close_notify
                await writer.wait_closed()

    async def _respond(self, route: str, writer: asyncio.StreamWriter) -> bool:
        """Answer one request; False when the connection is to be closed."""
        head = f"HTTP/1.1 200 OK\r\nContent-Length: {len(BODY)}\r\n\r\n".encode()
        writer.write(head)
        if route == "hang":
            await writer.drain()
            await self._release.wait()
            return False
        body = BODY[: len(BODY) // 2] if route == "cut" else BODY
        for start in range(0, len(body), PIECE):
            writer.write(body[start : start + PIECE])
            await writer.drain()
        if route == "once":
            writer.close()
            await writer.wait_closed()
            self.closed_once.set()
            return False
        return route == "body"


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


def self_signed(folder: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server context, client context trusting only it) for 127.0.0.1 and localhost."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert_file, key_file)
    client = ssl.create_default_context(cafile=str(cert_file))
    return server, client
