#!/bin/sh
# Regenerates the client-certificate fixtures of spiderpoolctl's tests and SpiderpoolctlE2ETest with
# openssl (real tooling output in each key format kubeconfigs carry). Valid for 100 years; run in this
# directory: sh make.sh
set -eu
days=36500
ext='basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth'
printf '%s\n' "$ext" > client.ext
for ca in ca other-ca; do
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $ca.key -out $ca.crt -days $days \
    -subj "/CN=spiderpoolctl-test-$ca" -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign
done
# carol: allowed in SpiderpoolctlE2ETest; RSA, PKCS#1 (openssl genrsa -traditional) and PKCS#8
openssl genrsa -traditional -out carol.key 2048
openssl pkcs8 -topk8 -nocrypt -in carol.key -out carol.pkcs8.key
openssl req -new -key carol.key -subj "/O=spiderpool-admins/O=ops/CN=carol" -out carol.csr
openssl x509 -req -in carol.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days $days -extfile client.ext -out carol.crt
# dave: refused by RBAC; EC, SEC1 (openssl ecparam -genkey) and PKCS#8
openssl ecparam -name prime256v1 -genkey -noout -out dave.key
openssl pkcs8 -topk8 -nocrypt -in dave.key -out dave.pkcs8.key
openssl req -new -key dave.key -subj "/CN=dave" -out dave.csr
openssl x509 -req -in dave.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days $days -extfile client.ext -out dave.crt
# mallory: signed by a CA the cluster does not trust
openssl ecparam -name prime256v1 -genkey -noout -out mallory.key
openssl req -new -key mallory.key -subj "/O=system:masters/CN=mallory" -out mallory.csr
openssl x509 -req -in mallory.csr -CA other-ca.crt -CAkey other-ca.key -CAcreateserial -days $days -extfile client.ext -out mallory.crt
rm -f ./*.csr ./*.srl client.ext
