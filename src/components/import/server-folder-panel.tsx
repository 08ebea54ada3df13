'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatBytes, formatDateTime } from '@/components/lib/format';
import { Button } from '@/components/ui/button';
import { ErrorNote } from '@/components/ui/error-note';
import { useTRPC } from '@/trpc/react';
import { ImportResult } from './import-result';

/** Files in the server folders an admin approved (DUCKQUERY_SERVER_MOUNTS), with breadcrumbs; a click imports one. */
export function ServerFolderPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [folder, setFolder] = useState<string | null>(null);
  const mounts = useQuery(trpc.ingest.serverMounts.queryOptions());
  const listing = useQuery({ ...trpc.ingest.serverBrowse.queryOptions({ path: folder ?? '/' }), enabled: folder !== null });
  const importFile = useMutation(trpc.ingest.serverImport.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }));

  if (mounts.error) return <ErrorNote error={mounts.error} />;
  if (mounts.data?.length === 0) {
    return (
      <p className="text-sm text-slate-500">
        No server folder is shared. An administrator can list folders in <code>DUCKQUERY_SERVER_MOUNTS</code> (docs/CONFIGURATION.md).
      </p>
    );
  }
  return (
    <div className="space-y-3">
      {folder === null ? (
        <ul aria-label="Server folders" className="space-y-1">
          {mounts.data?.map((mount) => (
            <li key={mount.path}>
              <button type="button" onClick={() => setFolder(mount.path)} disabled={!mount.exists} className="w-full rounded border border-slate-200 px-3 py-2 text-left text-sm hover:bg-slate-50 disabled:opacity-50 dark:border-slate-800 dark:hover:bg-slate-900">
                📁 <span className="font-medium">{mount.label}</span> <span className="font-mono text-xs text-slate-500">{mount.path}</span>
                {!mount.exists && <span className="ml-2 text-xs text-red-600">missing on the server</span>}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <>
          <nav aria-label="Breadcrumbs" className="flex flex-wrap items-center gap-1 text-sm">
            <button type="button" className="text-blue-600 hover:underline dark:text-blue-400" onClick={() => setFolder(null)}>
              Server folders
            </button>
            {listing.data?.breadcrumbs.map((crumb) => (
              <span key={crumb.path} className="flex items-center gap-1">
                <span className="text-slate-400">/</span>
                <button type="button" className="text-blue-600 hover:underline dark:text-blue-400" onClick={() => setFolder(crumb.path)}>
                  {crumb.name}
                </button>
              </span>
            ))}
          </nav>
          <ErrorNote error={listing.error} />
          <ul aria-label="Folder contents" className="max-h-72 divide-y divide-slate-100 overflow-auto rounded border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
            {listing.data?.entries.map((entry) => (
              <li key={entry.path} className="flex items-center gap-2 px-3 py-1.5 text-sm">
                {entry.type === 'directory' ? (
                  <button type="button" onClick={() => setFolder(entry.path)} className="flex-1 text-left hover:underline">
                    📁 {entry.name}
                  </button>
                ) : (
                  <>
                    <span className="flex-1 truncate">📄 {entry.name}</span>
                    <span className="text-xs text-slate-500">
                      {'size' in entry ? formatBytes(entry.size) : ''} · {formatDateTime(entry.modified)}
                    </span>
                    {'suggested_table_name' in entry && (
                      <Button size="sm" onClick={() => importFile.mutate({ path: entry.path })} disabled={importFile.isPending} aria-label={`Import ${entry.name}`}>
                        Import
                      </Button>
                    )}
                  </>
                )}
              </li>
            ))}
            {listing.data?.entries.length === 0 && <li className="px-3 py-2 text-sm text-slate-500">This folder is empty.</li>}
          </ul>
        </>
      )}
      {importFile.isPending && <p className="text-sm text-slate-500">Importing…</p>}
      <ErrorNote error={importFile.error} />
      {importFile.data && <ImportResult source={importFile.data.source} />}
    </div>
  );
}
