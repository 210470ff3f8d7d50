#!/bin/sh
# Writes tls.crt and tls.key into TLS_DIR (default /tls) unless both exist, so a certificate
# that is already there (a real one, or last run's) is never replaced.
#
#   TLS_HOSTNAME   the name clients use (default localhost); also in the subjectAltName
#   TLS_DAYS       validity (default 365)
set -eu

dir="${TLS_DIR:-/tls}"
host="${TLS_HOSTNAME:-localhost}"
days="${TLS_DAYS:-365}"

if [ -s "${dir}/tls.crt" ] && [ -s "${dir}/tls.key" ]; then
    echo "certs: ${dir} already has a certificate; leaving it"
    exit 0
fi

mkdir -p "${dir}"
umask 077
# Written under temporary names and renamed, so a gateway never reads half a pair.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -days "${days}" -subj "/CN=${host}" \
    -addext "subjectAltName=DNS:${host},DNS:localhost,IP:127.0.0.1" \
    -keyout "${dir}/tls.key.tmp" -out "${dir}/tls.crt.tmp"
chmod 0644 "${dir}/tls.crt.tmp"
mv "${dir}/tls.key.tmp" "${dir}/tls.key"
mv "${dir}/tls.crt.tmp" "${dir}/tls.crt"
echo "certs: wrote a self-signed certificate for ${host} (${days} days) to ${dir}"
