"""google-auth, Google's own client library, against the emulator; and the assertion credprobe
builds, verified by PyJWT independently of credprobe's code.

If google-auth obtains tokens where the emulator grants them and fails where it refuses, with
Google's error text, the emulator speaks Google's token protocol. If PyJWT verifies credprobe's
assertion with the public key, credprobe's JWT and RS256 signature are standard.
"""

import http.server
import json
import subprocess
import threading
import time
import urllib.parse

import pytest

from emulator_harness import start_emulator

pytest.importorskip("google.auth")
jwt = pytest.importorskip("jwt")
requests = pytest.importorskip("requests")

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
from cli_runner import run_credprobe  # noqa: E402
from gcp_fixtures import READABLE, REFUSED, make_gcp_fixture  # noqa: E402

from cryptography.hazmat.primitives.serialization import load_pem_private_key  # noqa: E402
from google.auth.exceptions import RefreshError  # noqa: E402
from google.auth.transport.requests import AuthorizedSession, Request  # noqa: E402
from google.oauth2 import credentials as user_credentials  # noqa: E402
from google.oauth2 import service_account  # noqa: E402

SCOPES = ["https://www.googleapis.com/auth/cloud-platform"]


@pytest.fixture(scope="module")
def gcp():
    return make_gcp_fixture()


@pytest.fixture(scope="module")
def emulator(gcp):
    with start_emulator(gcp.fixtures) as running:
        yield running


def local_session():
    session = requests.Session()
    session.trust_env = False  # no proxy between the test and the loopback emulator
    return session


def sa_credentials(gcp, emulator, name):
    info = {**gcp.key_files[name], "token_uri": f"{emulator.url}/token"}
    return service_account.Credentials.from_service_account_info(info, scopes=SCOPES)


def test_google_auth_obtains_a_token_from_the_emulator(gcp, emulator):
    creds = sa_credentials(gcp, emulator, "reader")
    creds.refresh(Request(local_session()))
    assert creds.token.startswith("ya29.")
    assert creds.expiry is not None
    session = AuthorizedSession(creds)
    session.trust_env = False
    project = session.get(f"{emulator.url}/v3/projects/{READABLE}")
    assert project.status_code == 200
    assert project.json()["projectId"] == READABLE
    refused = session.get(f"{emulator.url}/v3/projects/{REFUSED}")
    assert refused.status_code == 403
    assert refused.json()["error"]["status"] == "PERMISSION_DENIED"


@pytest.mark.parametrize("name,message", [
    ("deleted", "invalid_grant: Invalid JWT Signature."),
    ("stranger", "invalid_grant: Invalid JWT Signature."),
    ("disabled", "invalid_grant: Invalid grant: account not found"),
])
def test_google_auth_is_refused_as_google_refuses(gcp, emulator, name, message):
    creds = sa_credentials(gcp, emulator, name)
    with pytest.raises(RefreshError) as error:
        creds.refresh(Request(local_session()))
    assert error.value.args[0] == message


def test_google_auth_refreshes_an_authorized_user(gcp, emulator):
    body = gcp.key_files["adc_user"]
    creds = user_credentials.Credentials(
        token=None, refresh_token=body["refresh_token"], client_id=body["client_id"],
        client_secret=body["client_secret"], token_uri=f"{emulator.url}/token")
    creds.refresh(Request(local_session()))
    assert creds.token.startswith("ya29.")

    revoked = gcp.key_files["adc_revoked"]
    creds = user_credentials.Credentials(
        token=None, refresh_token=revoked["refresh_token"], client_id=revoked["client_id"],
        client_secret=revoked["client_secret"], token_uri=f"{emulator.url}/token")
    with pytest.raises(RefreshError) as error:
        creds.refresh(Request(local_session()))
    assert "Token has been expired or revoked." in str(error.value)


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Records token POST bodies and refuses every one, so credprobe stops after the first."""

    bodies: list = []

    def do_POST(self):  # noqa: N802 (http.server's naming)
        length = int(self.headers.get("Content-Length", "0"))
        type(self).bodies.append(self.rfile.read(length).decode())
        payload = json.dumps({"error": "invalid_grant", "error_description": "Invalid JWT Signature."})
        self.send_response(400)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload.encode())

    def log_message(self, *args):
        pass


def capture_assertion(key_path) -> tuple[str, str]:
    """Runs credprobe against a loopback server that records the jwt-bearer POST."""
    _Recorder.bodies = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    server.timeout = 1
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        run = run_credprobe("check", "gcp", "--field", f"gcp_service_account_key=@{key_path}",
                            "--endpoint", f"token={url}", "--endpoint", f"resourcemanager={url}",
                            "--json", "--timeout", "5")
    finally:
        server.shutdown()
        server.server_close()
    assert run.code == 1, run.everything()
    assert len(_Recorder.bodies) == 1
    form = urllib.parse.parse_qs(_Recorder.bodies[0], strict_parsing=True)
    assert form["grant_type"] == ["urn:ietf:params:oauth:grant-type:jwt-bearer"]
    return form["assertion"][0], url


def test_credprobe_assertion_verifies_with_pyjwt(gcp, tmp_path):
    body = gcp.key_files["reader"]
    before = int(time.time())
    assertion, url = capture_assertion(gcp.write(tmp_path, "reader"))
    public_key = load_pem_private_key(body["private_key"].encode(), None).public_key()
    claims = jwt.decode(assertion, public_key, algorithms=["RS256"], audience=f"{url}/token",
                        issuer=body["client_email"], options={"require": ["iat", "exp", "iss", "aud"]})
    assert claims["scope"] == "https://www.googleapis.com/auth/cloud-platform.read-only"
    assert claims["exp"] - claims["iat"] == 3600
    assert before - 5 <= claims["iat"] <= int(time.time()) + 5
    header = jwt.get_unverified_header(assertion)
    assert header == {"alg": "RS256", "kid": body["private_key_id"], "typ": "JWT"}


def test_credprobe_assertion_verifies_with_the_openssl_cli(gcp, tmp_path):
    body = gcp.key_files["reader"]
    assertion, _ = capture_assertion(gcp.write(tmp_path, "reader"))
    signing_input, _, signature = assertion.rpartition(".")
    public_key = load_pem_private_key(body["private_key"].encode(), None).public_key()
    from cryptography.hazmat.primitives import serialization

    pub = tmp_path / "pub.pem"
    pub.write_bytes(public_key.public_bytes(serialization.Encoding.PEM,
                                            serialization.PublicFormat.SubjectPublicKeyInfo))
    sig = tmp_path / "sig.bin"
    sig.write_bytes(jwt.utils.base64url_decode(signature))
    data = tmp_path / "data.txt"
    data.write_text(signing_input)
    done = subprocess.run(["openssl", "dgst", "-sha256", "-verify", str(pub), "-signature", str(sig), str(data)],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Verified OK"


def test_emulator_accepts_the_assertion_credprobe_builds(gcp, emulator, tmp_path):
    run = run_credprobe("check", "gcp", "--field", f"gcp_service_account_key=@{gcp.write(tmp_path, 'reader')}",
                        "--endpoint", f"token={emulator.url}", "--endpoint", f"resourcemanager={emulator.url}",
                        "--json")
    assert run.code == 0, run.everything()
