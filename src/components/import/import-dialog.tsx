'use client';

import { useState } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { PastePanel } from './paste-panel';
import { ServerFolderPanel } from './server-folder-panel';
import { UploadPanel } from './upload-panel';
import { UrlPanel } from './url-panel';

const SOURCES = [
  { id: 'upload', label: 'File' },
  { id: 'url', label: 'URL' },
  { id: 'paste', label: 'Paste' },
  { id: 'server', label: 'Server folder' },
] as const;

type Source = (typeof SOURCES)[number]['id'];

/** Getting data in: a file (drag and drop or browse, Excel sheets), a URL, pasted text, or a server folder. */
export function ImportDialog({ onClose }: { onClose: () => void }) {
  const [source, setSource] = useState<Source>('upload');
  return (
    <Dialog title="Import data" onClose={onClose} wide>
      <div role="tablist" aria-label="Import from" className="mb-4 flex gap-1 border-b border-slate-200 dark:border-slate-800">
        {SOURCES.map((s) => (
          <button
            key={s.id}
            type="button"
            role="tab"
            aria-selected={source === s.id}
            onClick={() => setSource(s.id)}
            className={`px-3 py-2 text-sm ${source === s.id ? 'border-b-2 border-blue-600 font-medium' : 'text-slate-500'}`}
          >
            {s.label}
          </button>
        ))}
      </div>
      {source === 'upload' && <UploadPanel />}
      {source === 'url' && <UrlPanel />}
      {source === 'paste' && <PastePanel />}
      {source === 'server' && <ServerFolderPanel />}
    </Dialog>
  );
}
