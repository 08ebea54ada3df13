'use client';

import { Button } from './button';
import { Dialog } from './dialog';
import { ErrorNote } from './error-note';

/** "Are you sure?" for destructive actions; shows the action's error in place if it fails. */
export function ConfirmDialog({
  title,
  message,
  confirmLabel,
  onConfirm,
  onClose,
  pending,
  error,
}: {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  pending: boolean;
  error: unknown;
}) {
  return (
    <Dialog title={title} onClose={onClose}>
      <p className="mb-4 text-sm">{message}</p>
      <ErrorNote error={error} className="mb-4" />
      <div className="flex justify-end gap-2">
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="danger" onClick={onConfirm} disabled={pending} autoFocus>
          {pending ? 'Working…' : confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
