#!/usr/bin/env python3
"""Writes the emulator fixture for the demo: the committed Hugging Face demo tokens plus
credentials for every other provider, generated now (fake keys, fresh RSA keys for GCP) so that
no key is ever committed. A top-level "demo_fields" names the credentials the demo page fills in.

    python3 scripts/make-demo-fixture.py OUT.json
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "integration"))

from aws_fixtures import make_aws_fixture  # noqa: E402
from azure_fixtures import make_azure_fixture  # noqa: E402
from gcp_fixtures import make_gcp_fixture  # noqa: E402
from lambda_fixtures import make_lambda_fixture  # noqa: E402


def main(out: str) -> None:
    fixture = json.loads((ROOT / "tests/emulator/fixtures/demo.json").read_text())
    demo_fields = {"huggingface": {"hf_token": fixture["huggingface"]["tokens"][0]["token"]}}

    aws = make_aws_fixture()
    fixture.update(aws.fixtures)
    key = aws["iam_user"]
    demo_fields["aws"] = {"aws_access_key_id": key.access_key_id, "aws_secret_access_key": key.secret_access_key}

    azure = make_azure_fixture()
    fixture.update(azure.fixtures)
    demo_fields["azure"] = azure.fields("valid")

    gcp = make_gcp_fixture()
    fixture.update(gcp.fixtures)
    demo_fields["gcp"] = {"gcp_service_account_key": gcp.text("reader")}

    lam = make_lambda_fixture(rate_limit=False)
    fixture.update(lam.fixtures)
    demo_fields["lambda"] = {"lambda_api_key": lam["two_instances"]}

    fixture["demo_fields"] = demo_fields
    Path(out).write_text(json.dumps(fixture, indent=1) + "\n")
    Path(out).chmod(0o600)


if __name__ == "__main__":
    main(sys.argv[1])
