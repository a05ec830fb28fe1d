"""Audit event names of field encryption: key rotation and crypto-shredding."""

CRYPTO_EVENTS = {
    "governance.key_rotation.started": "A key ring's data keys began to be re-wrapped under a new key version",
    "governance.key_rotation.finished": "Every data key of a key ring is wrapped by its current key version",
    "governance.master_key.retired": "A master key was retired; the key versions it wrapped were destroyed",
    "governance.data_key.shredded": "A record's data key was destroyed (crypto-shredding)",
    "governance.data_keys.shredded": "Data keys of many records were destroyed at once (crypto-shredding)",
    "governance.records.sealed": "A model's records stored one value per column were moved into sealed records",
}
