import { Dialog } from '../../components/Dialog';

/** Offered when an intake is opened and an unsaved one is waiting: restore it, or start over. */
export function RestoreDraftDialog({
  savedAt,
  name,
  onRestore,
  onDiscard,
}: {
  savedAt: string;
  name: string;
  onRestore: () => void;
  onDiscard: () => void;
}) {
  const when = new Date(savedAt).toLocaleString();
  return (
    <Dialog
      title="Restore the unsaved intake?"
      role="alertdialog"
      onEscape={onRestore}
      describedBy="restore-draft-text"
    >
      <p id="restore-draft-text">
        An intake for {name} was not saved. It was kept as a draft at {when}.
      </p>
      <div className="dialog-actions">
        <button type="button" data-autofocus onClick={onRestore}>
          Restore it
        </button>
        <button type="button" onClick={onDiscard}>
          Discard it and start over
        </button>
      </div>
    </Dialog>
  );
}
