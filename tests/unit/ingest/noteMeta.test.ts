import { describe, expect, it } from 'vitest';
import { toIsoDate } from '../../../electron/core/ingest/formats/dates';
import { parseNoteMeta } from '../../../electron/core/ingest/formats/noteMeta';
import { extractTextFile } from '../../../electron/core/ingest/textFile';

describe('toIsoDate', () => {
  it.each([
    ['01/02/2023', '2023-01-02'],
    ['1/2/23', '2023-01-02'],
    ['13/02/2023', '2023-02-13'],
    ['2023-01-02', '2023-01-02'],
    ['2023-01-02T10:30:00Z', '2023-01-02'],
    ['20230412153000-0500', '2023-04-12'],
    ['20230412', '2023-04-12'],
    ['January 2, 2023', '2023-01-02'],
    ['Sept. 3rd 2021', '2021-09-03'],
    ['2 Jan 2023', '2023-01-02'],
    ['02-Jan-2023', '2023-01-02'],
    ['11/30/2023 14:05', '2023-11-30'],
    ['03/04/85', '1985-03-04'],
  ])('%s → %s', (input, iso) => expect(toIsoDate(input)).toBe(iso));

  it.each(['02/30/2023', '13/13/2023', 'tomorrow', '', '12345678', 'Smarch 3, 2020'])('rejects %j', (input) => {
    expect(toIsoDate(input)).toBeUndefined();
  });
});

describe('parseNoteMeta', () => {
  it('reads a transcription header', () => {
    const note = [
      'DISCHARGE SUMMARY',
      '',
      'PATIENT NAME: Jane Q. Doe',
      'MEDICAL RECORD NUMBER: 00412-77',
      'DATE OF ADMISSION: 12/28/2022',
      'DATE OF DISCHARGE: 01/02/2023',
      'ATTENDING PHYSICIAN: Robert Kline, MD',
      '',
      'HOSPITAL COURSE: The patient was admitted on 12/28/2022 with pneumonia.',
    ].join('\n');
    expect(parseNoteMeta(note)).toEqual({
      noteType: 'Discharge Summary',
      patient: 'Jane Q. Doe',
      mrn: '00412-77',
      date: '2023-01-02',
      author: 'Robert Kline, MD',
    });
  });

  it('prefers the date of service to other dates, and reads aligned header fields', () => {
    const note =
      'Patient: DOE, JOHN    MRN: 5512093    DOB: 04/05/1950\nDate: 03/03/2023\nDate of Service: 03/01/2023\n';
    expect(parseNoteMeta(note)).toEqual({ patient: 'DOE, JOHN', mrn: '5512093', date: '2023-03-01' });
  });

  it('finds the dictating author in the signature block at the end', () => {
    const body = Array.from({ length: 60 }, (_v, i) => `Line ${i} of the narrative.`).join('\n');
    const note = `OPERATIVE REPORT\nDATE OF PROCEDURE: 7/4/2021\n${body}\n\nDICTATED BY: Amara Nwosu, MD\nD: 07/04/2021 T: 07/05/2021`;
    expect(parseNoteMeta(note)).toEqual({
      noteType: 'Operative Report',
      date: '2021-07-04',
      author: 'Amara Nwosu, MD',
    });
  });

  it('reads MR# forms and a stated note type', () => {
    expect(parseNoteMeta('MR#: A00981\nNOTE TYPE: Progress note\n')).toEqual({
      mrn: 'A00981',
      noteType: 'Progress note',
    });
    expect(parseNoteMeta('MR # 77120\n')).toEqual({ mrn: '77120' });
  });

  it('does not take narrative for a name, an MRN without digits, or an unlabelled date', () => {
    const note = [
      'PATIENT: This is a pleasant 45-year-old man seen today.',
      'MRN: unknown',
      'The patient was seen on 01/02/2023 and again later.',
      'CHIEF COMPLAINT: Cough.',
    ].join('\n');
    expect(parseNoteMeta(note)).toEqual({});
  });

  it('takes a note-type heading only when it names a kind of note', () => {
    expect(parseNoteMeta('CONSULTATION\nREASON FOR CONSULTATION: chest pain')).toEqual({ noteType: 'Consultation' });
    expect(parseNoteMeta('HISTORY AND PHYSICAL\n')).toEqual({ noteType: 'History And Physical' });
    expect(parseNoteMeta('SUBJECTIVE:,  This 23-year-old white female presents with allergies.')).toEqual({});
    expect(parseNoteMeta('REVIEW OF SYSTEMS\nNegative.')).toEqual({});
  });

  it('reads MTSamples-style comma-run headings without mistaking them for fields', () => {
    const note = 'DATE OF SERVICE:,  10/12/2008,PREOPERATIVE DIAGNOSIS:,  Cataract, right eye.';
    expect(parseNoteMeta(note)).toEqual({ date: '2008-10-12' });
  });

  it('handles names with accents and particles, and cuts a following label', () => {
    expect(parseNoteMeta('PATIENT NAME: Zoë van der Berg\n').patient).toBe('Zoë van der Berg');
    expect(parseNoteMeta('PATIENT: Ana Souza MRN: 88120\n')).toEqual({ patient: 'Ana Souza', mrn: '88120' });
  });
});

describe('extractTextFile', () => {
  it('puts the header metadata of a plain note in its meta', async () => {
    const note = 'PROGRESS NOTE\r\nPATIENT: Lena Fischer\r\nDATE OF SERVICE: 02/14/2024\r\nWound healing well.';
    const [doc] = await extractTextFile('/notes/visit.txt', new TextEncoder().encode(note), {});
    expect(doc!.meta).toEqual({ noteType: 'Progress Note', patient: 'Lena Fischer', date: '2024-02-14' });
  });
});
