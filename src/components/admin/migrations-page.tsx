'use client';

import { useQuery } from '@tanstack/react-query';
import { ErrorNote } from '@/components/ui/error-note';
import { PageHeader } from '@/components/ui/page-header';
import { useTRPC } from '@/trpc/react';
import { AuditLogViewer } from './audit-log-viewer';
import { KeyRotationNote } from './key-rotation-note';
import { LegacyImportHistory } from './legacy-import-history';
import { LegacyImportPanel } from './legacy-import-panel';
import { SchemaLedger } from './schema-ledger';

/** Admin → Migrations: schema ledger, legacy import (preview, run, history), audit log, key rotation. */
export function MigrationsPage() {
  const trpc = useTRPC();
  const status = useQuery(trpc.migrations.status.queryOptions());
  return (
    <div>
      <PageHeader title="Admin · Migrations" description="Schema migrations, the legacy JSON import, the audit log and key rotation. Admins only." />
      <div className="max-w-6xl space-y-8 px-6 py-5">
        <ErrorNote error={status.error} />
        {status.data && (
          <>
            <SchemaLedger status={status.data} />
            <LegacyImportPanel configDir={status.data.configDir} />
            <LegacyImportHistory rows={status.data.legacyImports} />
          </>
        )}
        {!status.error && <AuditLogViewer />}
        <KeyRotationNote />
      </div>
    </div>
  );
}
