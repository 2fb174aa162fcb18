/**
 * Clinical shorthand a clinician types into a search box, expanded for the keyword side of hybrid search. The
 * vector side sees the query as typed: the model already knows most abbreviations, and expansion would dilute it.
 */
const ABBREVIATIONS: Record<string, string> = {
  sob: 'shortness of breath dyspnea',
  doe: 'dyspnea on exertion',
  cp: 'chest pain',
  mi: 'myocardial infarction',
  htn: 'hypertension',
  dm: 'diabetes mellitus',
  t2dm: 'type 2 diabetes mellitus',
  chf: 'congestive heart failure',
  copd: 'chronic obstructive pulmonary disease',
  cad: 'coronary artery disease',
  afib: 'atrial fibrillation',
  'a-fib': 'atrial fibrillation',
  gerd: 'gastroesophageal reflux disease',
  uti: 'urinary tract infection',
  uri: 'upper respiratory infection',
  ckd: 'chronic kidney disease',
  dvt: 'deep vein thrombosis',
  pe: 'pulmonary embolism',
  cva: 'cerebrovascular accident stroke',
  tia: 'transient ischemic attack',
  ha: 'headache',
  abd: 'abdominal',
  n: 'nausea',
  v: 'vomiting',
  bp: 'blood pressure',
  hr: 'heart rate',
  fx: 'fracture',
  hx: 'history',
  dx: 'diagnosis',
  rx: 'prescription',
  tx: 'treatment',
  sx: 'symptoms',
  bph: 'benign prostatic hyperplasia',
  oa: 'osteoarthritis',
  ra: 'rheumatoid arthritis',
  mri: 'magnetic resonance imaging mri',
  ct: 'computed tomography ct',
  ekg: 'electrocardiogram ekg',
  ecg: 'electrocardiogram ecg',
  loc: 'loss of consciousness',
  nkda: 'no known drug allergies',
};

/** The keyword query: the words as typed plus the expansions of any abbreviations among them. */
export function expandClinicalQuery(query: string): string {
  const words = query.match(/[A-Za-z0-9/-]+/g) ?? [];
  const extra: string[] = [];
  for (const w of words) {
    const key = w.toLowerCase();
    // Single letters only expand as the pair "N/V".
    if (key.length < 2 && !/n\/v/i.test(query)) continue;
    const expansion = ABBREVIATIONS[key];
    if (expansion) extra.push(expansion);
  }
  if (/\bn\/v\b/i.test(query)) extra.push('nausea vomiting');
  return extra.length ? `${query} ${extra.join(' ')}` : query;
}
