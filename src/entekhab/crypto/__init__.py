"""Cryptography: canonical hashing, Ed25519 signatures, Merkle trees."""
