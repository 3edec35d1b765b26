/** The revoked_certificates table: every certificate the CA revoked, the source of the CRL. */
import type { Database } from "./database.ts";
import { type Row, text, textOrNull } from "./rows.ts";

export type RevocationReason = "superseded" | "cessationOfOperation" | "keyCompromise";

export interface RevokedCertificateRecord {
  /** Lowercase hex. */
  serialNumber: string;
  plantId: string | null;
  revokedAt: string;
  reason: RevocationReason;
  notAfter: string | null;
}

export interface RevokedCertificateStore {
  /** Records a revocation; revoking the same serial again keeps the first record. */
  add(record: RevokedCertificateRecord): void;
  isRevoked(serialNumber: string): boolean;
  /** Every revocation, oldest first. */
  list(): RevokedCertificateRecord[];
  count(): number;
}

export function createRevokedCertificateStore(db: Database): RevokedCertificateStore {
  const add = db.sqlite.prepare(
    `INSERT INTO revoked_certificates (serial_number, plant_id, revoked_at, reason, not_after)
     VALUES (:serialNumber, :plantId, :revokedAt, :reason, :notAfter) ON CONFLICT (serial_number) DO NOTHING`,
  );
  const one = db.sqlite.prepare("SELECT 1 FROM revoked_certificates WHERE serial_number = ?");
  const all = db.sqlite.prepare("SELECT * FROM revoked_certificates ORDER BY revoked_at, serial_number");
  const count = db.sqlite.prepare("SELECT COUNT(*) AS n FROM revoked_certificates");
  return {
    add: (record) => {
      add.run({ ...record, serialNumber: record.serialNumber.toLowerCase() });
    },
    isRevoked: (serialNumber) => one.get(serialNumber.toLowerCase()) !== undefined,
    list: () =>
      (all.all() as Row[]).map((row) => ({
        serialNumber: text(row, "serial_number"),
        plantId: textOrNull(row, "plant_id"),
        revokedAt: text(row, "revoked_at"),
        reason: text(row, "reason") as RevocationReason,
        notAfter: textOrNull(row, "not_after"),
      })),
    count: () => Number((count.get() as Row).n),
  };
}
