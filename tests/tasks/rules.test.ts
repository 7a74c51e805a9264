import { describe, expect, it } from 'vitest';
import type { CallOutcome, CallReason } from '../../src-shared/calls/schemas';
import {
  compareWorklist,
  isOnWorklistOf,
  isOverdue,
  tasksForCall,
  type LoggedCall,
} from '../../src-shared/tasks/rules';
import type { TaskPriority } from '../../src-shared/tasks/schemas';

const call = (reason: CallReason, outcome: CallOutcome, followUpDue: string | null = null): LoggedCall => ({
  id: 'c1',
  patientId: 'p1',
  patientName: 'Ana Diaz',
  callerName: '',
  reason,
  outcome,
  endedAt: '2026-11-24T15:00:00.000Z',
  followUpDue,
  coordinator: { userId: 'u-kim', name: 'Kim Park' },
});

describe('the tasks a call leaves behind', () => {
  it('an insurance question needing a callback is a callback for the coordinator, due in two hours', () => {
    expect(tasksForCall(call('insurance_benefits', 'callback_needed'))).toEqual([
      {
        kind: 'callback',
        title: 'Call back Ana Diaz',
        patientId: 'p1',
        assignee: { kind: 'person', userId: 'u-kim', name: 'Kim Park' },
        dueAt: '2026-11-24T17:00:00.000Z',
        priority: 'normal',
      },
    ]);
  });

  it('a chosen callback time wins over the default', () => {
    const [task] = tasksForCall(call('billing', 'callback_needed', '2026-11-25T14:00:00.000Z'));
    expect(task!.dueAt).toBe('2026-11-25T14:00:00.000Z');
  });

  it.each<CallOutcome>(['callback_needed', 'message_taken'])(
    'a clinical question left open (%s) goes to the clinician pool, high priority',
    (outcome) => {
      expect(tasksForCall(call('clinical_question', outcome))).toEqual([
        expect.objectContaining({
          kind: 'clinical_question',
          assignee: { kind: 'pool', pool: 'clinicians' },
          priority: 'high',
          dueAt: '2026-11-24T19:00:00.000Z',
        }),
      ]);
    },
  );

  const nothing: Array<[CallReason, CallOutcome]> = [
    ['clinical_question', 'resolved'],
    ['clinical_question', 'transferred_clinical'],
    ['scheduling', 'resolved'],
    ['billing', 'left_voicemail'],
    ['records_request', 'message_taken'],
    ['other', 'no_answer'],
  ];
  it.each(nothing)('%s ending %s leaves no task', (reason, outcome) => {
    expect(tasksForCall(call(reason, outcome))).toEqual([]);
  });

  it('names the caller when no patient is linked', () => {
    const [task] = tasksForCall({
      ...call('billing', 'callback_needed'),
      patientId: null,
      patientName: null,
      callerName: 'Acme Health',
    });
    expect(task!.title).toBe('Call back Acme Health');
  });
});

describe('worklist order and membership', () => {
  const t = (id: string, dueAt: string, priority: TaskPriority = 'normal') => ({ id, dueAt, priority });
  it('puts overdue first, then by due time, the most urgent first at the same time', () => {
    const list = [
      t('later', '2026-11-24T18:00:00.000Z'),
      t('same-low', '2026-11-24T16:00:00.000Z', 'low'),
      t('overdue', '2026-11-24T09:00:00.000Z'),
      t('same-urgent', '2026-11-24T16:00:00.000Z', 'urgent'),
    ];
    expect(list.sort(compareWorklist).map((x) => x.id)).toEqual(['overdue', 'same-urgent', 'same-low', 'later']);
  });

  it('an open task past due is overdue; a done one never is', () => {
    const now = new Date('2026-11-24T12:00:00.000Z');
    expect(isOverdue({ dueAt: '2026-11-24T11:59:00.000Z', status: 'open' }, now)).toBe(true);
    expect(isOverdue({ dueAt: '2026-11-24T12:01:00.000Z', status: 'open' }, now)).toBe(false);
    expect(isOverdue({ dueAt: '2026-11-24T11:00:00.000Z', status: 'done' }, now)).toBe(false);
  });

  it("a task is on someone's own worklist when it names them or one of their pools", () => {
    const nurse = { userId: 'u-n', pools: ['nurses', 'clinicians'] };
    expect(isOnWorklistOf({ kind: 'pool', pool: 'clinicians' }, nurse)).toBe(true);
    expect(isOnWorklistOf({ kind: 'pool', pool: 'coordinators' }, nurse)).toBe(false);
    expect(isOnWorklistOf({ kind: 'person', userId: 'u-n', name: 'N' }, nurse)).toBe(true);
    expect(isOnWorklistOf({ kind: 'person', userId: 'u-x', name: 'X' }, nurse)).toBe(false);
  });
});
