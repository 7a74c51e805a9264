import './patients.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { tinykeys } from 'tinykeys';
import {
  blankIntake,
  INTAKE_SECTIONS,
  intakeSchema,
  type Intake,
  type IntakeFormValues,
  type IntakeInput,
} from '../../../src-shared/patients/intake';
import type { DuplicateCandidate } from '../../../src-shared/patients/records';
import type { Patient } from '../../../src-shared/patients/schemas';
import { call } from '../../ipc/client';
import { useActiveForm } from '../../app/active-form';
import { useAnnouncer } from '../../app/announcer';
import { useNavigation } from '../../app/navigation';
import { DuplicateDialog } from './DuplicateDialog';
import {
  CareSection,
  ConsentsSection,
  ContactSection,
  IdentitySection,
  InsuranceSection,
  LanguageSection,
  NeedsSection,
  PeopleSection,
} from './IntakeSections';
import { RestoreDraftDialog } from './RestoreDraftDialog';
import { useIntakeDraft } from './useIntakeDraft';

interface Props {
  /** Editing this patient; absent for a new intake. */
  patient?: { id: string; values: IntakeFormValues; name: string };
  /** After an edit is saved (or given up), back to the chart. */
  onDone?: (saved: Patient | null) => void;
}

/**
 * The intake, new or edited: eight sections in Tab order, Alt+1…8 to jump, Ctrl+S to
 * save, Ctrl+Enter to save and start the next one. Each field is validated when it
 * is left; the typing is kept as an encrypted draft as it happens.
 */
export function IntakeForm({ patient, onDone }: Props) {
  const subject = patient?.id ?? 'new';
  const { go, setDirty } = useNavigation();
  const announce = useAnnouncer((s) => s.announce);
  const setSave = useActiveForm((s) => s.setSave);
  const formRef = useRef<HTMLFormElement>(null);
  const [duplicates, setDuplicates] = useState<{ candidates: DuplicateCandidate[]; next: boolean } | null>(null);
  const initial = useRef(patient?.values ?? blankIntake());
  const form = useForm<IntakeInput, unknown, Intake>({
    resolver: zodResolver(intakeSchema),
    mode: 'onBlur',
    reValidateMode: 'onBlur',
    defaultValues: initial.current,
  });
  const { handleSubmit, setError, reset, getValues, setFocus, formState } = form;
  const draft = useIntakeDraft(subject, form, initial.current);

  const focusFirstField = useCallback(() => setFocus('identity.firstName'), [setFocus]);

  const afterSave = useCallback(
    (saved: Patient, verb: string, next: boolean) => {
      draft.forget();
      setDirty(false);
      announce(`${verb} ${saved.firstName} ${saved.lastName}, ${saved.mrn}`);
      if (onDone) return onDone(saved);
      if (next) {
        reset(blankIntake());
        requestAnimationFrame(focusFirstField);
        return;
      }
      go({ name: 'patient', patientId: saved.id });
    },
    [announce, draft, focusFirstField, go, onDone, reset, setDirty],
  );

  const create = useCallback(
    async (next: boolean, review?: { candidateIds: string[]; reason: string }) => {
      const raw = getValues();
      const result = await call('patients.intake', review ? { intake: raw, duplicateReview: review } : { intake: raw });
      if (result.ok) return afterSave(result.value, 'Saved', next);
      showServerErrors(result.error.fields, result.error.message);
    },
    [afterSave, getValues],
  );

  const showServerErrors = (fields: Record<string, string> | undefined, message: string) => {
    draft.resume();
    for (const [path, text] of Object.entries(fields ?? {})) {
      setError(path.replace(/^intake\./, '') as keyof IntakeInput, { message: text });
    }
    announce(`Not saved: ${message}`);
    focusFirstInvalid();
  };

  const focusFirstInvalid = () =>
    requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());

  const submit = (next: boolean) =>
    handleSubmit(
      async () => {
        draft.suspend();
        const raw = getValues();
        if (patient) {
          const result = await call('patients.update', { id: patient.id, intake: raw });
          if (result.ok) return afterSave(result.value, 'Saved changes to', false);
          return showServerErrors(result.error.fields, result.error.message);
        }
        // Before creating: is this someone already registered?
        const found = await call('patients.duplicates', { intake: raw });
        if (found.ok && found.value.length > 0) {
          setDuplicates({ candidates: found.value, next });
          announce(`Possible duplicate: ${found.value.length} similar patient${found.value.length > 1 ? 's' : ''}`);
          return;
        }
        await create(next);
      },
      () => {
        announce('Not saved: some fields need attention');
        focusFirstInvalid();
      },
    )();

  const save = useRef(submit);
  save.current = submit;

  useEffect(() => {
    setSave(() => void save.current(false));
    return () => setSave(null);
  }, [setSave]);

  const discardDraft = draft.discard;
  useEffect(() => {
    setDirty(formState.isDirty, discardDraft);
    // Once the form is gone, nothing unsaved is on screen.
    return () => setDirty(false);
  }, [formState.isDirty, setDirty, discardDraft]);

  useEffect(() => {
    const bindings: Record<string, (e: KeyboardEvent) => void> = {
      '$mod+Enter': (e) => {
        e.preventDefault();
        if (!patient) void save.current(true);
      },
    };
    INTAKE_SECTIONS.forEach((s, i) => {
      bindings[`Alt+Digit${i + 1}`] = (e) => {
        e.preventDefault();
        formRef.current?.querySelector<HTMLElement>(`[data-section="${s.id}"] :is(input, select, textarea)`)?.focus();
      };
    });
    return tinykeys(window, bindings);
  }, [patient]);

  useEffect(() => {
    if (!draft.offer) focusFirstField();
  }, [draft.offer, focusFirstField]);

  const title = patient ? `Edit ${patient.name}` : 'New patient';
  return (
    <FormProvider {...form}>
      <form
        ref={formRef}
        className="form intake"
        aria-labelledby="intake-title"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save.current(false);
        }}
      >
        <h1 id="intake-title">{title}</h1>
        <p className="form-help">
          <kbd>Alt+1</kbd>…<kbd>Alt+8</kbd> jump to a section · <kbd>Ctrl+S</kbd> save
          {!patient && (
            <>
              {' '}
              · <kbd>Ctrl+Enter</kbd> save and start the next
            </>
          )}{' '}
          · <kbd>Esc</kbd> leave · <kbd>?</kbd> all shortcuts
          <span className="draft-state" aria-live="off">
            {draft.pending
              ? ' · Keeping the draft…'
              : draft.savedAt
                ? ` · Draft kept ${new Date(draft.savedAt).toLocaleTimeString()}`
                : ''}
          </span>
        </p>
        <IdentitySection />
        <ContactSection />
        <LanguageSection />
        <PeopleSection />
        <InsuranceSection />
        <CareSection />
        <NeedsSection />
        <ConsentsSection />
        <div className="form-actions">
          <button type="submit" disabled={formState.isSubmitting}>
            Save <kbd>Ctrl+S</kbd>
          </button>
          {onDone && (
            <button type="button" onClick={() => onDone(null)}>
              Cancel
            </button>
          )}
        </div>
      </form>
      {draft.offer && (
        <RestoreDraftDialog
          savedAt={draft.offer.savedAt}
          name={draft.offer.name}
          onRestore={() => {
            draft.restore();
            announce('Restored the unsaved intake');
            focusFirstField();
          }}
          onDiscard={() => {
            draft.discard();
            focusFirstField();
          }}
        />
      )}
      {duplicates && (
        <DuplicateDialog
          candidates={duplicates.candidates}
          onOpen={(id) => {
            setDuplicates(null);
            // This person is on file: what was typed for them is not needed.
            draft.forget();
            setDirty(false);
            go({ name: 'patient', patientId: id });
          }}
          onCreateAnyway={(reason) => {
            const next = duplicates.next;
            const candidateIds = duplicates.candidates.map((c) => c.patient.id);
            setDuplicates(null);
            void create(next, { candidateIds, reason });
          }}
          onBack={() => {
            setDuplicates(null);
            draft.resume();
            focusFirstField();
          }}
        />
      )}
    </FormProvider>
  );
}
