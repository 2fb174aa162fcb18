import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFhir } from '../../../electron/core/ingest/formats/fhir';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/ingest', name), 'utf8'));
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('parseFhir', () => {
  it('reads a DocumentReference: the first readable attachment, the contained patient and its MR identifier', () => {
    const [note, ...rest] = parseFhir(fixture('documentreference.fhir.json'));
    expect(rest).toEqual([]);
    expect(note).toMatchObject({
      key: '',
      title: 'Diabetes clinic follow-up',
      meta: {
        noteType: 'Progress note',
        date: '2024-02-29',
        author: 'Dr. Aiko Tanaka',
        patient: 'Kenji Nakamura',
        mrn: 'A-558201',
      },
    });
    expect(note!.text).toBe(
      [
        'SUBJECTIVE: Feels well. Home glucose 6–9 mmol/L.',
        'OBJECTIVE: BP 128/76. Foot exam: monofilament sensation intact.',
        'ASSESSMENT: Type 2 diabetes, HbA1c 7.1% (down from 8.4%).',
        'PLAN: Continue metformin 1 g twice daily; recheck HbA1c in 3 months.',
      ].join('\n'),
    );
  });

  it('makes each DocumentReference and Composition of a Bundle its own note, following references', () => {
    const notes = parseFhir(fixture('bundle.fhir.json'));
    expect(notes.map((n) => [n.key, n.title])).toEqual([
      ['entry:ed-visit-1', 'Emergency department note'],
      ['entry:5', 'Telephone note'],
      ['entry:fracture-clinic', 'Fracture clinic consultation'],
    ]);
    const patient = { patient: 'Oluwaseun Adebayo', mrn: 'MRN-40718' };
    expect(notes[0]!.meta).toEqual({
      noteType: 'Emergency department note',
      date: '2023-11-05',
      author: 'Priya Raman, MD',
      ...patient,
    });
    expect(notes[0]!.text).toBe(
      'Chief Complaint\n\nLeft ankle injury after a fall on ice.\n\nExam\n\nSwelling over the lateral malleolus; Ottawa rules positive.\n\n- X-ray: no fracture\n- Discharged with a brace & crutches',
    );
    expect(notes[1]!.meta).toEqual({ noteType: 'Telephone note', date: '2023-11-07', ...patient });
    expect(notes[2]!.meta).toEqual({
      noteType: 'Consult note',
      date: '2023-11-20',
      author: 'Priya Raman, MD',
      ...patient,
    });
    expect(notes[2]!.text).toBe(
      [
        'REASON FOR REFERRAL:\nPersistent lateral ankle pain two weeks after an inversion injury.',
        'ASSESSMENT AND PLAN:\nGrade II ATFL sprain.\n\nPhysiotherapy referral; review in 6 weeks.',
        'MEDICATIONS:\nIbuprofen | 400 mg | as needed',
      ].join('\n\n'),
    );
  });

  it('reads a Composition on its own', () => {
    const [note] = parseFhir({
      resourceType: 'Composition',
      title: 'Clinic letter',
      date: '2021-06-01T10:00:00Z',
      section: [
        { title: 'Summary', text: { div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Stable angina.</p></div>' } },
      ],
    });
    expect(note).toEqual({
      key: '',
      title: 'Clinic letter',
      meta: { date: '2021-06-01' },
      text: 'SUMMARY:\nStable angina.',
    });
  });

  it('decodes the attachment charset and reads RTF attachments', () => {
    const latin1 = Buffer.from('Caf\xe9 au lait spots.', 'latin1').toString('base64');
    const [a] = parseFhir({
      resourceType: 'DocumentReference',
      content: [{ attachment: { contentType: 'text/plain; charset=iso-8859-1', data: latin1 } }],
    });
    expect(a!.text).toBe('Café au lait spots.');
    const [b] = parseFhir({
      resourceType: 'DocumentReference',
      content: [{ attachment: { contentType: 'application/rtf', data: b64('{\\rtf1 Knee\\par pain}') } }],
    });
    expect(b!.text).toBe('Knee\npain');
  });

  it('keeps a lone DocumentReference without inline text, with empty text (the extractor refuses it)', () => {
    const [note] = parseFhir({
      resourceType: 'DocumentReference',
      content: [{ attachment: { contentType: 'application/pdf', url: 'Binary/1' } }],
    });
    expect(note!.text).toBe('');
  });

  it.each([
    [{ name: 'x' }, 'JSON without a FHIR "resourceType"'],
    [[1, 2], 'JSON without a FHIR "resourceType"'],
    [{ resourceType: 'Patient', id: 'p' }, 'a FHIR Patient, not a DocumentReference, Composition or Bundle'],
    [
      { resourceType: 'Bundle', entry: [{ resource: { resourceType: 'Observation' } }] },
      'a FHIR Bundle with no DocumentReference or Composition',
    ],
  ])('refuses %j', (json, reason) => {
    expect(() => parseFhir(json)).toThrow(reason);
  });
});
