import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NotCdaError, parseCda } from '../../../electron/core/ingest/formats/cda';
import { detectSections } from '../../../electron/core/ingest/sections';

const fixture = (name: string) => readFileSync(resolve(import.meta.dirname, '../../fixtures/ingest', name), 'utf8');

describe('parseCda', () => {
  it('reads the header: title, note type, date, author, patient and MRN (never the SSN)', () => {
    const doc = parseCda(fixture('discharge_summary.cda.xml'));
    expect(doc.title).toBe('Discharge Summary – Riverside General');
    expect(doc.meta).toEqual({
      noteType: 'Discharge summary',
      date: '2023-04-12',
      author: 'Dr. Henrik Aalto MD',
      patient: 'Marisol J Ortega-Vance',
      mrn: '00917342',
    });
  });

  it('turns each section narrative into a heading line and readable text', () => {
    const { text } = parseCda(fixture('discharge_summary.cda.xml'));
    expect(text).toContain(
      'HISTORY OF PRESENT ILLNESS:\n64-year-old woman admitted with acute decompensated heart failure after two weeks of worsening dyspnoea & orthopnoea.',
    );
    expect(text).toContain('Weight up 4 kg since March.\nBNP 1,240 pg/mL on arrival.');
    expect(text).toContain('DISCHARGE MEDICATIONS:\nMedication | Dose | Frequency\nFurosemide | 40 mg | twice daily');
    expect(text).toContain('HOSPITAL COURSE:\n- Diuresed 6 L with IV furosemide.\n- Echo: LVEF 30%.');
    expect(text).toContain('PROCEDURES:\nRight heart catheterisation on 04/09/2023: PCWP 28 mmHg.');
    // Coded entries and empty sections are not narrative.
    expect(text).not.toContain('coded entry');
    expect(text).not.toContain('FOLLOW-UP');
  });

  it('reads a non-XML body given as base64 text', () => {
    const body = Buffer.from('Dictated note: knee effusion, aspirated 30 mL.').toString('base64');
    const xml = `<ClinicalDocument xmlns="urn:hl7-org:v3"><title>Clinic note</title><effectiveTime value="20220105"/>
      <recordTarget><patientRole><id root="1.2.3" extension="M77"/><patient><name>Tomás Ruiz</name></patient></patientRole></recordTarget>
      <component><nonXMLBody><text mediaType="text/plain" representation="B64">${body}</text></nonXMLBody></component></ClinicalDocument>`;
    expect(parseCda(xml)).toEqual({
      title: 'Clinic note',
      meta: { noteType: 'Clinic note', date: '2022-01-05', patient: 'Tomás Ruiz', mrn: 'M77' },
      text: 'Dictated note: knee effusion, aspirated 30 mL.',
    });
  });

  it('works with a namespace prefix on every element', () => {
    const xml = `<cda:ClinicalDocument xmlns:cda="urn:hl7-org:v3"><cda:code displayName="Progress note"/>
      <cda:component><cda:structuredBody><cda:component><cda:section><cda:title>Plan</cda:title>
      <cda:text><cda:paragraph>Start statin.</cda:paragraph></cda:text></cda:section></cda:component></cda:structuredBody></cda:component>
      </cda:ClinicalDocument>`;
    const doc = parseCda(xml);
    expect(doc.meta.noteType).toBe('Progress note');
    expect(doc.text).toBe('PLAN:\nStart statin.');
  });

  it('names the root of XML that is not C-CDA', () => {
    expect(() => parseCda(fixture('not_cda.xml'))).toThrow(NotCdaError);
    expect(() => parseCda(fixture('not_cda.xml'))).toThrow('root element <configuration>');
  });
});

describe('C-CDA text and section detection', () => {
  it('writes section titles that the chunker recognises as sections', () => {
    const { text } = parseCda(fixture('discharge_summary.cda.xml'));
    expect(detectSections(text).map((s) => s.name)).toEqual([
      'HISTORY OF PRESENT ILLNESS',
      'DISCHARGE MEDICATIONS',
      'HOSPITAL COURSE',
      'PROCEDURES',
    ]);
  });
});
