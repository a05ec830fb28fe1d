"""Backup and restore of an installation on PostgreSQL.

A backup is a directory: ``database.dump`` (pg_dump's custom format, taken from one exported snapshot, so the
row counts written beside it describe exactly the dump), ``audit-checkpoints`` (the copy of the signed head
checkpoints kept outside the database) and ``manifest.json`` (counts, audit head, SHA-256 of both files).
The master keys are never in it: ``key_backup_write`` seals them under a passphrase into a separate file,
kept apart from the dumps. A restore goes into an empty database only, and proves itself: every table's
row count as in the manifest, the audit chain verified against the restored checkpoints, and a sample of
every encrypted model opened with the environment's keys.
"""

import base64
import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_chain_verify, audit_record
from common.errors import ApplicationError, Conflict, InvalidInput
from governance.crypto.errors import CryptoError, RecordShredded
from governance.crypto.fields import EncryptedField, EncryptedModel

DUMP, CHECKPOINTS, MANIFEST = "database.dump", "audit-checkpoints", "manifest.json"
FORMAT = 1
KEY_FILE_AAD = b"mimamori key backup v1"
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
MIN_PASSPHRASE = 12


class BackupRefused(ApplicationError):
    status_code = 409


@dataclass(frozen=True)
class BackupSummary:
    directory: Path
    tables: int
    rows: int
    audit_head: int


@dataclass(frozen=True)
class RestoreSummary:
    tables: int
    rows: int
    audit_head: int
    models_opened: int
    records_opened: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        raise BackupRefused(_("Backup and restore work on PostgreSQL; the embedded SQLite database is a single file "
                            "under var/ (copy it while Mimamori is stopped)."), code="backup.postgresql_only")


def _client(name: str) -> str:
    """pg_dump or pg_restore of the server's own major version (another version may refuse or differ)."""
    major = connection.pg_version // 10000
    for candidate in (f"/usr/lib/postgresql/{major}/bin/{name}", shutil.which(name)):
        if candidate and Path(candidate).is_file():
            return candidate
    raise BackupRefused(
        _(
            "%(name)s is not installed (Debian: postgresql-client-%(major)s)."
        )
        % {
            "name": name,
            "major": major,
        }, code="backup.no_client")


def _libpq_env() -> dict[str, str]:
    s = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(PGHOST=s["HOST"] or "", PGPORT=str(s["PORT"] or ""), PGUSER=s["USER"] or "",
               PGPASSWORD=s["PASSWORD"] or "", PGDATABASE=s["NAME"])
    return {k: v for k, v in env.items() if v != ""}


def _table_counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _audit_head(cursor) -> int:
    cursor.execute("SELECT coalesce(max(seq), 0) FROM audit_auditevent")
    return cursor.fetchone()[0]


def backup_create(*, directory: Path) -> BackupSummary:
    """Dump the database from one snapshot, with the counts and audit head of that same snapshot."""
    _postgresql_only()
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupRefused(
            _(
                "The backup directory '%(directory)s' is not empty: give a new one."
            )
            % {
                "directory": directory,
            },
                            code="backup.directory_not_empty")
    pg_dump = _client("pg_dump")
    directory.mkdir(parents=True, exist_ok=True)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _table_counts(cursor)
        head = _audit_head(cursor)
        # The snapshot lives as long as this transaction: pg_dump sees exactly what was counted.
        dumped = subprocess.run([pg_dump, "--format=custom", "--no-owner", "--no-privileges",
                                 f"--snapshot={snapshot}", f"--file={directory / DUMP}"],
                                env=_libpq_env(), capture_output=True, text=True, check=False)
    if dumped.returncode != 0:
        shutil.rmtree(directory, ignore_errors=True)
        raise BackupRefused(
            _(
                "pg_dump failed: %(strip)s"
            )
            % {
                "strip": dumped.stderr.strip(),
            }, code="backup.dump_failed")
    checkpoints = Path(settings.AUDIT_CHECKPOINT_FILE)
    manifest = {"format": FORMAT, "created_at": timezone.now().isoformat(), "server_version": connection.pg_version,
                "tables": counts, "audit_head": head, "dump_sha256": _sha256(directory / DUMP),
                "checkpoints_sha256": None}
    if checkpoints.is_file():
        shutil.copyfile(checkpoints, directory / CHECKPOINTS)
        manifest["checkpoints_sha256"] = _sha256(directory / CHECKPOINTS)
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    rows = sum(counts.values())
    audit_record("governance.backup.created", object_type="backup", object_id=manifest["dump_sha256"][:16],
                 data={"tables": len(counts), "rows": rows, "audit_head": head})
    return BackupSummary(directory=directory, tables=len(counts), rows=rows, audit_head=head)


def _manifest(directory: Path) -> dict:
    try:
        manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InvalidInput(
            _(
                "'%(directory)s' is not a backup: %(MANIFEST)s is missing or unreadable (%(exc)s)."
            )
            % {
                "directory": directory,
                "MANIFEST": MANIFEST,
                "exc": exc,
            },
                           code="restore.not_a_backup") from None
    if manifest.get("format") != FORMAT:
        raise InvalidInput(
            _(
                "The backup's format %(get)s is not %(FORMAT)s."
            )
            % {
                "get": f"{manifest.get('format')!r}",
                "FORMAT": FORMAT,
            },
                           code="restore.unknown_format")
    if not (directory / DUMP).is_file() or _sha256(directory / DUMP) != manifest["dump_sha256"]:
        raise InvalidInput(
            _(
                "%(DUMP)s is missing or altered: its SHA-256 is not the manifest's."
            )
            % {
                "DUMP": DUMP,
            }, code="restore.damaged")
    copied = directory / CHECKPOINTS
    if manifest["checkpoints_sha256"] and (not copied.is_file() or _sha256(copied) != manifest["checkpoints_sha256"]):
        raise InvalidInput(
            _(
                "%(CHECKPOINTS)s is missing or altered: its SHA-256 is not the manifest's."
            )
            % {
                "CHECKPOINTS": CHECKPOINTS,
            },
                           code="restore.damaged")
    return manifest


def _encrypted_samples_open() -> tuple[int, int]:
    """Open every encrypted field of the first and last record of every encrypted model."""
    models_opened = records = 0
    for model in apps.get_models():
        if not issubclass(model, EncryptedModel):
            continue
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]
        manager = model._default_manager
        sample = {r.pk: r for r in (manager.order_by("pk").first(), manager.order_by("-pk").first()) if r}
        for record in sample.values():
            try:
                for name in fields:
                    getattr(record, name)
            except RecordShredded:
                continue
            except CryptoError as exc:
                raise BackupRefused(
                    _(
                        "%(label)s #%(pk)s does not open with this environment's keys: %(exc)s"
                    )
                    % {
                        "label": model._meta.label,
                        "pk": record.pk,
                        "exc": exc,
                    }, code="restore.keys_do_not_open") from None
            records += 1
        models_opened += bool(sample)
    return models_opened, records


def backup_restore(*, directory: Path) -> RestoreSummary:
    """Restore into this empty database, then prove it: counts, audit chain, encrypted samples."""
    _postgresql_only()
    directory = Path(directory)
    manifest = _manifest(directory)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
        if cursor.fetchone()[0]:
            raise Conflict(
                _(
                    "The database '%(settings_dict)s' is not empty: restore into a new, empty database."
                )
                % {
                    "settings_dict": connection.settings_dict['NAME'],
                }, code="restore.target_not_empty")
    checkpoints = Path(settings.AUDIT_CHECKPOINT_FILE)
    expected = manifest["checkpoints_sha256"]
    if expected and checkpoints.exists() and _sha256(checkpoints) != expected:
        raise Conflict(
            _(
                "The audit checkpoint file '%(checkpoints)s' exists and is not the backup's: move it away first "
                "(it may be the only record of a later head)."
            )
            % {
                "checkpoints": checkpoints,
            }, code="restore.checkpoints_exist")
    restored = subprocess.run([_client("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error",
                               "--single-transaction", f"--dbname={connection.settings_dict['NAME']}",
                               str(directory / DUMP)], env=_libpq_env(), capture_output=True, text=True, check=False)
    if restored.returncode != 0:  # one transaction: nothing was restored
        raise BackupRefused(
            _(
                "pg_restore failed: %(strip)s"
            )
            % {
                "strip": restored.stderr.strip(),
            }, code="restore.failed")
    copied = bool(manifest["checkpoints_sha256"]) and not checkpoints.exists()
    if copied:
        checkpoints.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(directory / CHECKPOINTS, checkpoints)
    connection.close()  # the tables exist now: start afresh
    ContentType.objects.clear_cache()
    try:
        return _restored_proven(manifest)
    except ApplicationError as refusal:
        _empty_again()  # the database was empty before: a restore that does not prove itself leaves nothing
        if copied:
            checkpoints.unlink()
        refusal.message += " " + _("The database was emptied again.")
        raise


def _empty_again() -> None:
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = connection.ops.quote_name(cursor.fetchone()[0])
        cursor.execute(f"DROP SCHEMA {schema} CASCADE")
        cursor.execute(f"CREATE SCHEMA {schema}")
    ContentType.objects.clear_cache()


def _restored_proven(manifest: dict) -> RestoreSummary:
    with connection.cursor() as cursor:
        counts = _table_counts(cursor)
    differing = {t: (n, counts.get(t)) for t, n in manifest["tables"].items() if counts.get(t) != n}
    if differing:
        raise BackupRefused(
            _(
                "Row counts differ from the backup's (expected, restored): %(differing)s"
            )
            % {
                "differing": differing,
            },
                            code="restore.counts_differ")
    verification = audit_chain_verify()
    if not verification.ok:
        raise BackupRefused(
            _(
                "The restored audit log does not verify: %(summary)s"
            )
            % {
                "summary": verification.summary(),
            },
                            code="restore.chain_broken")
    models_opened, records = _encrypted_samples_open()
    rows = sum(counts.values())
    audit_record("governance.backup.restored", object_type="backup", object_id=manifest["dump_sha256"][:16],
                 data={"tables": len(counts), "rows": rows, "audit_head": manifest["audit_head"],
                       "models_opened": models_opened, "records_opened": records})
    return RestoreSummary(tables=len(counts), rows=rows, audit_head=manifest["audit_head"],
                          models_opened=models_opened, records_opened=records)


# --- the keys, apart from the dumps --------------------------------------------------------------------------

def _installation_keys() -> dict[str, str]:
    """The secrets a restored database needs, as environment variables; a KMS keeps its own master keys."""
    keys = {"SECRET_KEY": settings.SECRET_KEY, "MIMAMORI_AUDIT_CHAIN_KEY": settings.AUDIT_CHAIN_KEY,
            "MIMAMORI_AUDIT_SIGNING_KEY": settings.AUDIT_SIGNING_KEY}
    provider = settings.FIELD_KEY_PROVIDER
    if provider.endswith(".SettingsKeyProvider"):
        keys["MIMAMORI_FIELD_KEYS"] = settings.FIELD_ENCRYPTION_KEYS
    elif provider.endswith(".FileKeyProvider"):
        lines = Path(settings.FIELD_KEY_FILE).read_text(encoding="ascii").split()
        keys["MIMAMORI_FIELD_KEYS"] = ",".join(line for line in lines if line)
    return keys


def _passphrase_key(passphrase: str, salt: bytes, params: dict) -> AESGCM:
    return AESGCM(Scrypt(salt=salt, length=32, **params).derive(passphrase.encode("utf-8")))


def key_backup_write(*, path: Path, passphrase: str) -> list[str]:
    """Seal the installation's keys under a passphrase (scrypt, AES-256-GCM) into ``path``; name what it holds."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise InvalidInput(
            _(
                "The passphrase must have at least %(MIN_PASSPHRASE)s characters."
            )
            % {
                "MIN_PASSPHRASE": MIN_PASSPHRASE,
            },
                           code="backup.passphrase_short")
    path = Path(path)
    if path.exists():
        raise BackupRefused(
            _(
                "'%(path)s' exists: a key backup is never overwritten."
            )
            % {
                "path": path,
            }, code="backup.key_file_exists")
    keys = _installation_keys()
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = _passphrase_key(passphrase, salt, SCRYPT).encrypt(nonce, json.dumps(keys).encode(), KEY_FILE_AAD)
    body = {"format": FORMAT, "kdf": {"name": "scrypt", **SCRYPT, "salt": base64.b64encode(salt).decode()},
            "nonce": base64.b64encode(nonce).decode(), "sealed": base64.b64encode(sealed).decode()}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        json.dump(body, f)
    audit_record("governance.key_backup.created", object_type="key_backup", object_id=path.name,
                 data={"keys": sorted(keys)})
    return sorted(keys)


def key_backup_open(*, path: Path, passphrase: str) -> dict[str, str]:
    """The environment variables sealed in a key backup (a wrong passphrase or an edited file is refused)."""
    try:
        body = json.loads(Path(path).read_text(encoding="ascii"))
        kdf = body["kdf"]
        aead = _passphrase_key(passphrase, base64.b64decode(kdf["salt"]), {k: kdf[k] for k in ("n", "r", "p")})
        plain = aead.decrypt(base64.b64decode(body["nonce"]), base64.b64decode(body["sealed"]), KEY_FILE_AAD)
    except InvalidTag:
        raise InvalidInput(_("The passphrase does not open this key backup (or the file was altered)."),
                           code="backup.passphrase_wrong") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(
            _(
                "'%(path)s' is not a key backup (%(__name__)s)."
            )
            % {
                "path": path,
                "__name__": exc.__class__.__name__,
            },
                           code="backup.not_a_key_backup") from None
    return json.loads(plain)
