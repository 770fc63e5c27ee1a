#!/usr/bin/env bash
# The test-only TLS chain of the sync tests (a stand-in for IGC-Santé): a CA that no trust store
# knows, and a certificate for 127.0.0.1 signed by it, valid for 100 years. Run once; committed.
set -euo pipefail
cd "$(dirname "$0")"
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 36500 -subj "/CN=annuaire test CA (not IGC-Sante)" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr -subj "/CN=127.0.0.1"
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' > ext.cnf
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out server.pem -days 36500 -extfile ext.cnf
rm -f server.csr ext.cnf ca.srl ca-key.pem
