"""msal, Microsoft's own client (ConfidentialClientApplication), against the emulator.

msal insists on an https authority, so the emulator is put behind a TLS-terminating front made
here with a certificate generated at test time (the `cryptography` package msal itself depends
on); msal trusts exactly that certificate. The front adds X-Forwarded-Proto: https, so the
emulator's OpenID configuration names https endpoints, as Entra's does.

If msal acquires a token for the valid principal and surfaces the AADSTS errors for the others,
as it does against login.microsoftonline.com, the emulator speaks Entra's protocol.
"""

from __future__ import annotations

import base64
import datetime
import http.client
import http.server
import ipaddress
import json
import ssl
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

from azure_fixtures import make_azure_fixture
from emulator_harness import start_emulator

msal = pytest.importorskip("msal")
requests = pytest.importorskip("requests")
x509 = pytest.importorskip("cryptography.x509")

ARM_SCOPE = ["https://management.azure.com/.default"]
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade"}


def make_certificate(directory: Path) -> tuple[Path, Path]:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "credprobe emulator test front")])
    now = datetime.datetime.now(datetime.timezone.utc)
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "front.pem", directory / "front.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_path.chmod(0o600)
    return cert_path, key_path


@contextmanager
def tls_front(backend_port: int, cert: Path, key: Path):
    """https://127.0.0.1:PORT -> http://127.0.0.1:backend_port, one request per connection."""

    class Forward(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            headers["X-Forwarded-Proto"] = "https"
            upstream = http.client.HTTPConnection("127.0.0.1", backend_port, timeout=30)
            try:
                upstream.request(self.command, self.path, body=body, headers=headers)
                response = upstream.getresponse()
                data = response.read()
                self.send_response(response.status)
                for name, value in response.getheaders():
                    if name.lower() not in HOP_BY_HOP and name.lower() != "content-length":
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(data)
            finally:
                upstream.close()
            self.close_connection = True

        do_GET = do_POST = do_OPTIONS = _forward

        def log_message(self, *args):  # keep test output clean (and free of request lines)
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Forward)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    fixture = make_azure_fixture()
    cert, key = make_certificate(tmp_path_factory.mktemp("tls"))
    with start_emulator(fixture.fixtures) as emulator, tls_front(emulator.port, cert, key) as url:
        yield fixture, emulator, url, cert


def app_for(world, name: str, tenant: str | None = None):
    fixture, _, url, cert = world
    c = fixture.credentials[name]
    session = requests.Session()
    session.trust_env = False  # no proxy between msal and the loopback front
    session.verify = str(cert)
    return msal.ConfidentialClientApplication(
        c["client_id"],
        client_credential=c["secret"],
        authority=f"{url}/{tenant or c['tenant']}",
        validate_authority=False,
        instance_discovery=False,
        http_client=session,
    )


def claims_of(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_msal_acquires_a_token_for_the_valid_principal(world):
    fixture, emulator, _, _ = world
    emulator.clear_requests()
    app = app_for(world, "valid")
    result = app.acquire_token_for_client(scopes=ARM_SCOPE)
    assert "access_token" in result, result
    assert result["token_type"] == "Bearer"
    assert 3000 < result["expires_in"] <= 3599
    claims = claims_of(result["access_token"])
    assert claims["appid"] == fixture.credentials["valid"]["client_id"]
    assert claims["tid"] == fixture.tenant
    assert claims["app_displayname"] == "credprobe-valid"
    assert claims["aud"] == "https://management.azure.com/"
    paths = [(r["method"], r["path"]) for r in emulator.requests()]
    assert paths == [
        ("GET", f"/{fixture.tenant}/v2.0/.well-known/openid-configuration"),
        ("POST", f"/{fixture.tenant}/oauth2/v2.0/token"),
    ]
    # msal accepted expires_in: the second call is served from its cache, with no request.
    again = app.acquire_token_for_client(scopes=ARM_SCOPE)
    assert again["access_token"] == result["access_token"]
    assert again.get("token_source") == "cache"
    assert len(emulator.requests()) == 2


def test_the_token_msal_got_lists_subscriptions(world):
    fixture, emulator, _, _ = world
    token = app_for(world, "valid").acquire_token_for_client(scopes=ARM_SCOPE)["access_token"]
    response = emulator.request(
        "GET", "/subscriptions?api-version=2022-12-01", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status == 200
    body = response.json()
    assert sorted(s["displayName"] for s in body["value"]) == ["Production", "Research"]
    assert body["count"] == {"type": "Total", "value": 2}


def test_msal_accepts_the_tenant_domain_as_authority(world):
    fixture = world[0]
    result = app_for(world, "valid", tenant=fixture.tenant_domain).acquire_token_for_client(scopes=ARM_SCOPE)
    assert claims_of(result["access_token"])["tid"] == fixture.tenant


@pytest.mark.parametrize(
    "name, error, code",
    [
        ("wrong_secret", "invalid_client", 7000215),
        ("expired", "invalid_client", 7000222),
        ("unknown_client", "unauthorized_client", 700016),
        ("conditional_access", "interaction_required", 53003),
    ],
)
def test_msal_surfaces_the_aadsts_error(world, name, error, code):
    result = app_for(world, name).acquire_token_for_client(scopes=ARM_SCOPE)
    assert "access_token" not in result
    assert result["error"] == error
    assert result["error_codes"] == [code]
    assert result["error_description"].startswith(f"AADSTS{code}: ")
    assert "\r\nTrace ID: " in result["error_description"]
    # msal sends its client-request-id; Entra (and the emulator) answers with it.
    assert result["correlation_id"] == result["error_description"].split("Correlation ID: ")[1].split("\r\n")[0]


def test_msal_reports_an_unknown_tenant_during_discovery(world):
    with pytest.raises(ValueError) as raised:
        app_for(world, "unknown_tenant").acquire_token_for_client(scopes=ARM_SCOPE)
    chain, error = [], raised.value
    while error is not None:
        chain.append(str(error))
        error = error.__cause__ or error.__context__
    assert any("AADSTS90002" in text and "invalid_tenant" in text for text in chain), chain


def test_msal_refuses_the_plain_http_emulator(world):
    _, emulator, _, _ = world
    with pytest.raises(ValueError, match="https"):
        msal.ConfidentialClientApplication(
            "00000000-0000-0000-0000-000000000001",
            client_credential="x",
            authority=f"{emulator.url}/tenant",
            validate_authority=False,
            instance_discovery=False,
        )
