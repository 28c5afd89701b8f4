import { PROJECT_ID, TODAY, refusal, registerCommand, registered, untyped, when } from './testing/project-fixtures.js';

describe('registerProject', () => {
  it('registers a new project with trimmed text and the given facts', () => {
    const events = when(registerCommand({ name: '  滁州市第二实验小学新校区 ', managerEmail: ' manager@example.org ' }));
    expect(events).toEqual([registered()]);
  });

  it('accepts a project without planned dates or source reference', () => {
    const [event] = when(registerCommand({ plannedStart: null, plannedCompletion: undefined, sourceRef: '  ' }));
    expect(event.data).toMatchObject({ plannedStart: null, plannedCompletion: null, sourceRef: null });
  });

  it('refuses an id that already exists (conflict)', () => {
    expect(refusal(registerCommand(), registered())).toMatchObject({
      kind: 'conflict',
      code: 'PROJECT_ALREADY_EXISTS',
      field: 'projectId',
    });
  });

  it.each(['city-1a2b3c4d5e', '2b1f5f8e-2c5a-4d65-9a57-0e6f0d5f6a11', 'x'])('accepts project id %s', (projectId) => {
    expect(when(registerCommand({ projectId }))[0].data).toMatchObject({ projectId });
  });

  it.each(['', ' langya-1', 'a/b', 'x'.repeat(101), 42])('refuses project id #%#', (projectId) => {
    expect(refusal(registerCommand({ projectId: untyped(projectId) }))).toMatchObject({
      kind: 'invalid',
      code: 'INVALID_PROJECT_ID',
      field: 'projectId',
    });
  });

  describe('known values', () => {
    it.each(['city', 'mingguang', 'tianchang'])('accepts county %s', (county) => {
      expect(when(registerCommand({ county }))[0].data).toMatchObject({ county });
    });

    it.each(['chuzhou', 'Langya', '', null])('refuses county %p', (county) => {
      const error = refusal(registerCommand({ county: untyped(county) }));
      expect(error).toMatchObject({ kind: 'invalid', code: 'UNKNOWN_COUNTY', field: 'county' });
      expect(error.message).toMatch(/^county .* is not one of city, langya/);
    });

    it.each(['health', 'social_welfare'])('accepts category %s', (category) => {
      expect(when(registerCommand({ category }))[0].data).toMatchObject({ category });
    });

    it.each(['hospital', 'Education', undefined])('refuses category %p', (category) => {
      expect(refusal(registerCommand({ category: untyped(category) }))).toMatchObject({
        kind: 'invalid',
        code: 'UNKNOWN_CATEGORY',
        field: 'category',
      });
    });

    it.each(['启用', '改造提升', '迁建'])('accepts action %s', (action) => {
      expect(when(registerCommand({ action }))[0].data).toMatchObject({ action });
    });

    it.each(['拆除', 'build', ''])('refuses action %p', (action) => {
      expect(refusal(registerCommand({ action }))).toMatchObject({ kind: 'invalid', code: 'UNKNOWN_ACTION', field: 'action' });
    });
  });

  describe('name', () => {
    it('accepts 200 characters (counted as characters, not UTF-16 units)', () => {
      const name = '校'.repeat(199) + '𠀀';
      expect(when(registerCommand({ name }))[0].data).toMatchObject({ name });
    });

    it.each(['', '   ', null])('refuses an empty name %p', (name) => {
      const error = refusal(registerCommand({ name: untyped(name) }));
      expect(error).toMatchObject({ kind: 'invalid', code: 'NAME_REQUIRED', field: 'name' });
      expect(error.message).toBe('name must not be empty');
    });

    it('refuses 201 characters', () => {
      expect(refusal(registerCommand({ name: '校'.repeat(201) }))).toMatchObject({
        kind: 'invalid',
        code: 'NAME_TOO_LONG',
        field: 'name',
      });
    });

    it('refuses a name that is not text', () => {
      expect(refusal(registerCommand({ name: untyped(['a']) }))).toMatchObject({ kind: 'invalid', code: 'NOT_TEXT', field: 'name' });
    });
  });

  describe('subType, plan and sourceRef', () => {
    it.each([
      ['subType', 'empty', '', 'SUB_TYPE_REQUIRED'],
      ['subType', '51 characters', '类'.repeat(51), 'SUB_TYPE_TOO_LONG'],
      ['plan', 'blank', ' ', 'PLAN_REQUIRED'],
      ['plan', '201 characters', '规'.repeat(201), 'PLAN_TOO_LONG'],
      ['sourceRef', '1001 characters', '专'.repeat(1001), 'SOURCE_REF_TOO_LONG'],
    ])('refuses %s of %s with %s', (field, _label, value, code) => {
      expect(refusal(registerCommand({ [field]: value }))).toMatchObject({ kind: 'invalid', code, field });
    });

    it('accepts them at their limits', () => {
      const command = registerCommand({ subType: '类'.repeat(50), plan: '规'.repeat(200), sourceRef: '专'.repeat(1000) });
      expect(when(command)).toHaveLength(1);
    });
  });

  describe('managerEmail', () => {
    it.each(['a@b.cn', 'zhang.san+taizhang@chuzhou.gov.cn'])('accepts %s', (managerEmail) => {
      expect(when(registerCommand({ managerEmail }))[0].data).toMatchObject({ managerEmail });
    });

    it.each(['', 'manager', 'manager@', 'manager@localhost', 'a b@c.cn', 'a@b..cn'])('refuses %p', (managerEmail) => {
      expect(refusal(registerCommand({ managerEmail }))).toMatchObject({
        kind: 'invalid',
        code: 'INVALID_EMAIL',
        field: 'managerEmail',
      });
    });

    it('refuses an address longer than 254 characters', () => {
      expect(refusal(registerCommand({ managerEmail: `${'a'.repeat(250)}@b.cn` }))).toMatchObject({ code: 'INVALID_EMAIL' });
    });
  });

  describe('planned dates', () => {
    it('accepts plannedStart equal to plannedCompletion', () => {
      expect(when(registerCommand({ plannedStart: '2025-01-01', plannedCompletion: '2025-01-01' }))).toHaveLength(1);
    });

    it('refuses plannedStart after plannedCompletion', () => {
      const error = refusal(registerCommand({ plannedStart: '2025-06-02', plannedCompletion: '2025-06-01' }));
      expect(error).toMatchObject({ kind: 'rule_violation', code: 'PLANNED_START_AFTER_COMPLETION', field: 'plannedCompletion' });
    });

    it.each([
      ['plannedStart', '2025-02-29'],
      ['plannedStart', '2025-6-1'],
      ['plannedCompletion', '2025-13-01'],
      ['plannedCompletion', 20251231],
    ])('refuses %s %p that is not a real date', (field, value) => {
      const error = refusal(registerCommand({ [field]: untyped(value) }));
      expect(error).toMatchObject({ kind: 'invalid', code: 'INVALID_DATE', field });
      expect(error.message).toContain(field);
    });

    it('accepts a leap day', () => {
      expect(when(registerCommand({ plannedStart: '2024-02-29' }))[0].data).toMatchObject({ plannedStart: '2024-02-29' });
    });
  });

  it('validates the input before the existence of the project (400 before 409)', () => {
    expect(refusal(registerCommand({ county: 'nowhere' }), registered())).toMatchObject({ code: 'UNKNOWN_COUNTY' });
  });

  it(`accepts planned dates after today (${TODAY}): they are plans, not facts`, () => {
    expect(when(registerCommand({ plannedStart: '2030-01-01', plannedCompletion: '2031-01-01' }))[0].data).toMatchObject({
      projectId: PROJECT_ID,
      plannedStart: '2030-01-01',
    });
  });
});
