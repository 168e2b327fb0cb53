# Builds native/sha256_batch.c (batch SHA-256 for ledger verification) against Node's own OpenSSL.
# Optional: without it the ledger hashes with node:crypto, correct but slower (docs/ledger.md).
{
  "targets": [
    {
      "target_name": "kilpi_sha256",
      "sources": ["native/sha256_batch.c"],
      "cflags": ["-O2", "-Wall", "-Wno-deprecated-declarations"]
    }
  ]
}
