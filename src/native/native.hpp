// The native side of credprobe: the libcurl driver, the OpenSSL signer and the credential
// sources the CLI reads. Everything here may do I/O; the core (src/credprobe) may not.
#pragma once
