/**
 * The govern stage: the data's life after a run. Retention (status, review, purge), the hash-chained audit log,
 * withdrawal of a volunteer, and export of a pseudonymised package for sharing.
 */
// public API
export { AUDIT_LOG_FILE, AuditEntrySchema, appendAudit, readAuditLog, verifyAuditLog, type AuditEntry, type AuditEvent } from './audit-log.ts';
export { folderInventory, type Inventory, type InventoryFile } from './folder-inventory.ts';
export { retentionStatus, RetentionState, type FolderStatus, type ClassStatus } from './retention-status.ts';
export { planPurge, executePurge, type PurgePlan, type PurgeOutcome } from './purge.ts';
export { recordReview, type Review } from './record-review.ts';
export { planWithdrawal, executeWithdrawal, type WithdrawalPlan, type WithdrawalOutcome } from './withdraw-volunteer.ts';
export { buildSharingPackage, type SharingPackage } from './sharing-package.ts';
export { scanForIdentifiers, ID_COLUMNS, type Finding, type KnownIdentifiers } from './identifier-scan.ts';
export { pseudonymiser, PSEUDONYM, type Pseudonymiser } from './pseudonymise.ts';
