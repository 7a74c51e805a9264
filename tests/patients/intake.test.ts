import { afterEach, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { anyString, matching } from './matchers';
import { intakeSchema, type IntakeInput } from '../../src-shared/patients/intake';
import { outbox } from '../../src-main/store/schema';
import { freshCareDesk, fromWindow, type TestCareDesk } from '../support/store';
import { fullIntake, minimalIntake } from './fixtures';

const apps: TestCareDesk[] = [];
afterEach(() => apps.splice(0).forEach((a) => a.dispose()));
function open(): TestCareDesk {
  const app = freshCareDesk();
  apps.push(app);
  return app;
}
const actor = { userId: 'u-coordinator' };
const parse = (i: IntakeInput) => intakeSchema.parse(i);
const outboxRows = (app: TestCareDesk) => app.store.db.select().from(outbox).all();
const count = (app: TestCareDesk, table: string) =>
  (app.store.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('the intake schema', () => {
  it('normalises what a coordinator types: phones to E.164, dates to ISO, blanks to null', () => {
    const intake = parse(fullIntake());
    expect(intake.identity.dateOfBirth).toBe('1987-04-09');
    expect(intake.contact.phones.map((p) => p.number)).toEqual(['+16175550148', '+16175550190']);
    expect(intake.contact.address.state).toBe('MA');
    expect(intake.insurance.primary.memberId).toBe('MH1234567');
    expect(intake.insurance.secondary.payer).toBeNull();
    expect(intake.people.representative.name).toBeNull();
    expect(intake.consents.release.expires).toBe('2026-03-01');
  });

  it('ties each mistake to its field, section by section', () => {
    const bad = fullIntake();
    bad.contact.phones = [{ number: '555', type: 'mobile', textOk: false, voicemailOk: false }];
    bad.contact.address = { line1: '12 Elm St', line2: '', city: '', state: 'ZZ', postalCode: '2118' };
    bad.contact.email = 'not-an-email';
    bad.insurance.primary.memberId = '';
    bad.consents.release.expires = '02/01/2025';
    bad.consents.privacyNotice = { given: true, date: '' };
    const result = intakeSchema.safeParse(bad);
    expect(result.success).toBe(false);
    const fields = Object.fromEntries(result.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(fields).toMatchObject({
      'contact.phones.0.number': matching(/valid phone number/),
      'contact.address.state': 'Enter a two-letter state, such as MA',
      'contact.address.postalCode': matching(/ZIP/),
      'contact.email': matching(/email address/),
      'insurance.primary.memberId': 'Member ID is required',
      'consents.release.expires': 'The release must expire after it was signed',
      'consents.privacyNotice.date': 'Privacy notice date is required',
    });
  });

  it('asks for a text-capable phone when texting is the preferred method', () => {
    const i = fullIntake();
    i.contact.phones = [{ number: '6175550148', type: 'home', textOk: false, voicemailOk: true }];
    const result = intakeSchema.safeParse(i);
    expect(result.error?.issues.map((x) => [x.path.join('.'), x.message])).toEqual([
      ['contact.preferredMethod', 'Texting needs a phone with consent to text'],
    ]);
  });
});

describe('creating a patient from an intake', () => {
  it('stores every section, raises flagged needs and captures one change per row, all in one transaction', () => {
    const app = open();
    const created = app.patients.intake({ intake: parse(fullIntake()) }, actor);
    expect(created.mrn).toMatch(/^MRN-\d{12}$/);

    const record = app.patients.get(created.id);
    expect(record.intake.identity).toMatchObject({ firstName: 'María', preferredName: 'Majo', pronouns: 'she/her' });
    expect(record.intake.contact.phones).toHaveLength(2);
    expect(record.intake.insurance.primary).toMatchObject({ payer: 'MassHealth', memberId: 'MH1234567' });
    expect(record.intake.people.emergency).toMatchObject({ name: 'Luis Núñez', mayReceiveHealthInfo: true });
    expect(record.intake.consents.release).toMatchObject({ to: 'Boston Medical Center', expires: '2026-03-01' });
    expect(record.flaggedNeeds.map((f) => f.domain).sort()).toEqual(['food', 'transportation']);

    const changes = outboxRows(app).filter((c) => c.tableName !== 'audit_events');
    expect(changes.map((c) => `${c.tableName}:${c.op}`).sort()).toEqual(
      [
        'patients:insert',
        'patient_phones:insert',
        'patient_phones:insert',
        'patient_people:insert',
        'patient_coverages:insert',
        'patient_consents:insert',
        'patient_consents:insert',
        'patient_consents:insert',
        'patient_social_need_answers:insert',
        'patient_social_need_answers:insert',
        'patient_social_need_answers:insert',
        'patient_flagged_needs:insert',
        'patient_flagged_needs:insert',
      ].sort(),
    );
  });

  it('through the router: bad input is refused with field errors and writes nothing', async () => {
    const app = open();
    const before = outboxRows(app).length;
    const bad = fullIntake({ identity: { lastName: '', dateOfBirth: '13/45/2001' } });
    const result = await app.router('patients.intake', { intake: bad }, fromWindow);
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fields: {
          'intake.identity.lastName': 'Last name is required',
          'intake.identity.dateOfBirth': anyString,
        },
      },
    });
    expect(count(app, 'patients')).toBe(0);
    expect(outboxRows(app).length).toBe(before);
  });

  it('a write that fails half-way leaves nothing behind', () => {
    const app = open();
    // Make the last child write fail: the flagged-needs table refuses inserts.
    app.store.sqlite.exec(
      `CREATE TRIGGER fail_flags BEFORE INSERT ON patient_flagged_needs BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
    );
    expect(() => app.patients.intake({ intake: parse(fullIntake()) }, actor)).toThrow(/disk full/);
    for (const table of ['patients', 'patient_phones', 'patient_coverages', 'patients_fts', 'outbox'])
      expect(count(app, table), table).toBe(0);
  });
});

describe('updating a patient', () => {
  it('records only the fields that changed, per row, as update changes', () => {
    const app = open();
    const created = app.patients.intake({ intake: parse(fullIntake()) }, actor);
    const mark = outboxRows(app).length;

    const edited = fullIntake();
    edited.identity.preferredName = 'Maria';
    edited.contact.phones[1]!.number = '(617) 555-0191';
    edited.insurance.secondary = {
      payer: 'Tufts',
      plan: '',
      memberId: 'T998',
      groupNumber: '',
      subscriberName: '',
      subscriberRelationship: 'self',
    };
    edited.needs.social = { ...edited.needs.social, foodWorry: 'never true' };
    app.patients.update(created.id, parse(edited), actor);

    const changes = outboxRows(app)
      .slice(mark)
      .map((c) => ({ table: c.tableName, op: c.op, fields: JSON.parse(c.fields) as Record<string, unknown> }));
    expect(changes.find((c) => c.table === 'patients')).toEqual({
      table: 'patients',
      op: 'update',
      fields: { preferredName: 'Maria', updatedAt: anyString },
    });
    expect(changes.find((c) => c.table === 'patient_phones')).toEqual({
      table: 'patient_phones',
      op: 'update',
      fields: { number: '+16175550191' },
    });
    expect(changes.find((c) => c.table === 'patient_coverages')).toMatchObject({ op: 'insert' });
    expect(changes.find((c) => c.table === 'patient_social_need_answers')).toEqual({
      table: 'patient_social_need_answers',
      op: 'update',
      fields: { answer: 'never true' },
    });
    // The food need is resolved, not forgotten.
    expect(changes.find((c) => c.table === 'patient_flagged_needs')).toEqual({
      table: 'patient_flagged_needs',
      op: 'update',
      fields: { resolvedAt: anyString },
    });
    const needs = app.patients.get(created.id).flaggedNeeds;
    expect(needs.find((n) => n.domain === 'food')?.resolvedAt).not.toBeNull();
    expect(needs.find((n) => n.domain === 'transportation')?.resolvedAt).toBeNull();
  });

  it('saving an unchanged intake records nothing', () => {
    const app = open();
    const created = app.patients.intake({ intake: parse(fullIntake()) }, actor);
    const mark = outboxRows(app).length;
    app.patients.update(created.id, parse(fullIntake()), actor);
    expect(outboxRows(app).length).toBe(mark);
  });

  it('a renamed patient is found by the new name, not the old one', () => {
    const app = open();
    const created = app.patients.intake(
      { intake: parse(minimalIntake('Ines', 'Ferreira', '02/02/1990', '6175550111')) },
      actor,
    );
    app.patients.update(created.id, parse(minimalIntake('Ines', 'Carvalho', '02/02/1990', '6175550111')), actor);
    expect(app.patients.search('carvalho', 10).map((p) => p.id)).toEqual([created.id]);
    expect(app.patients.search('ferreira', 10)).toEqual([]);
  });
});

describe('drafts', () => {
  it('keeps a draft per user in the encrypted store, returns it, and drops it once the intake is saved', async () => {
    const app = open();
    const data = { identity: { firstName: 'Wilhelmina', lastName: 'Quixotefield' } };
    expect((await app.router('drafts.save', { subject: 'new', data }, fromWindow)).ok).toBe(true);
    const got = await app.router('drafts.get', { subject: 'new' }, fromWindow);
    expect(got).toMatchObject({ ok: true, value: { subject: 'new', data } });
    // Another user at the same workstation does not see it.
    expect(app.patients.drafts.get('new', { userId: 'someone-else' })).toBeNull();

    const intake = fullIntake({ identity: { firstName: 'Wilhelmina', lastName: 'Quixotefield' } });
    expect((await app.router('patients.intake', { intake }, fromWindow)).ok).toBe(true);
    expect(await app.router('drafts.get', { subject: 'new' }, fromWindow)).toEqual({ ok: true, value: null });
  });

  it('never writes a draft in plaintext: the data folder, WAL included, holds only ciphertext', async () => {
    const app = open();
    const secret = { identity: { firstName: 'Zebulonia', lastName: 'Hrothgarsdottir', dateOfBirth: '02/29/1964' } };
    expect((await app.router('drafts.save', { subject: 'new', data: secret }, fromWindow)).ok).toBe(true);
    const bytes = Buffer.concat(
      readdirSync(app.dataDir, { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => readFileSync(join(app.dataDir, e.name))),
    );
    for (const text of ['Zebulonia', 'Hrothgarsdottir', '02/29/1964']) {
      expect(bytes.includes(Buffer.from(text)), text).toBe(false);
      expect(bytes.includes(Buffer.from(text, 'utf16le')), text).toBe(false);
    }
  });

  it('refuses an oversized draft and keeps the one it had', async () => {
    const app = open();
    await app.router('drafts.save', { subject: 'new', data: { a: 'kept' } }, fromWindow);
    const big = await app.router('drafts.save', { subject: 'new', data: { a: 'x'.repeat(70_000) } }, fromWindow);
    expect(big).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await app.router('drafts.get', { subject: 'new' }, fromWindow)).toMatchObject({
      ok: true,
      value: { data: { a: 'kept' } },
    });
  });
});
