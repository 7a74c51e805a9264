import { Dialog } from '../components/Dialog';
import { useNavigation } from './navigation';

/** Asked when leaving a screen with unsaved changes (Esc, a shortcut, the palette). */
export function LeaveDialog() {
  const { pending, discard, leave, stay } = useNavigation();
  if (!pending) return null;
  return (
    <Dialog title="Leave with unsaved changes?" role="alertdialog" onEscape={stay} describedBy="leave-text">
      <p id="leave-text">
        {discard
          ? 'Your changes are kept as a draft you can come back to, unless you discard them.'
          : 'Your changes on this screen will be lost.'}
      </p>
      <div className="dialog-actions">
        <button type="button" data-autofocus onClick={stay}>
          Stay <kbd>Esc</kbd>
        </button>
        {discard && (
          <button type="button" onClick={() => leave(false)}>
            Leave and keep the draft
          </button>
        )}
        <button type="button" onClick={() => leave(true)}>
          Discard changes and leave
        </button>
      </div>
    </Dialog>
  );
}
