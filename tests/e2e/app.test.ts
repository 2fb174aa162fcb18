import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FIXTURES, chromiumMissing, dropFiles, screenshot } from './support/browser';
import { MISSING_MODEL_MESSAGE, testModelSource } from './support/model';
import { openApp } from './support/session';
import type { AppSession } from './support/session';

const modelSource = testModelSource();
// A second installed model lets the settings test switch models; it is built beside the first.
const secondModel = testModelSource('all-minilm-l6-v2-int8');
const skipWhy = chromiumMissing() ?? (modelSource ? null : MISSING_MODEL_MESSAGE);
if (skipWhy) console.warn(`[skip] browser e2e: ${skipWhy}`);

const NOTES = [
  'pleural-biopsy-mts0551.txt',
  'heart-cath-mts0765.txt',
  'knee-arthroplasty-mts2031.txt',
  'toothache-er-visit-mts3207.txt',
];
const PDFS = ['fda_ibuprofen_label_2024.pdf', 'fda_guidance_CMC_Stability_Testing_Drug_Products.pdf'];
const BROKEN = 'broken-not-a-pdf.pdf';

async function search(page: Page, query: string): Promise<void> {
  // Clicking the app name leaves no text field focused; then "/" must bring the search box back.
  await page.locator('.brand').click();
  await page.keyboard.press('/');
  await expect.poll(() => page.locator('#search-box:focus').count()).toBe(1);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(query);
  await expect.poll(() => page.locator('.summary').innerText(), { timeout: 20_000 }).toContain(`“${query}”`);
}

/** Whether `inner` lies inside the visible part of its scrolling container `outer`. */
async function visibleWithin(page: Page, inner: string, outer: string): Promise<boolean> {
  const a = await page.locator(inner).first().boundingBox();
  const b = await page.locator(outer).first().boundingBox();
  return !!a && !!b && a.height > 0 && a.y >= b.y && a.y + a.height <= b.y + b.height;
}

/** The PDF page (data-page) holding the first passage mark. */
function markedPage(page: Page): Promise<string | null> {
  return page.locator('mark.pdf-hit').first().locator('xpath=ancestor::div[@data-page][1]').getAttribute('data-page');
}

describe.skipIf(skipWhy)('the app in Chromium against the real engine (browser harness)', () => {
  let app: AppSession;
  let page: Page;

  beforeAll(async () => {
    app = await openApp([modelSource!, ...(secondModel ? [secondModel] : [])]);
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('starts empty and says what to do next', async () => {
    await expect.poll(() => page.getByText('Your library is empty').isVisible()).toBe(true);
    await screenshot(page, '01-empty');
  });

  it('imports files dropped on the window, with a progress bar per job', async () => {
    const paths = [...NOTES, ...PDFS, BROKEN].map((name) => join(FIXTURES, name));
    await dropFiles(page, paths, async () => {
      await expect.poll(() => page.getByText('Drop to add to your library').isVisible()).toBe(true);
      await screenshot(page, '02-dragging');
    });
    await expect.poll(() => page.locator('.job').count(), { timeout: 20_000 }).toBe(1);
    await screenshot(page, '03-importing');
    await expect.poll(() => page.locator('.job').innerText(), { timeout: 120_000 }).toContain('Import finished');
    const job = await page.locator('.job').innerText();
    expect(job).toContain('6 added');
    expect(job).toContain('1 file could not be imported');
    await expect.poll(() => page.locator('.status').innerText()).toContain('6 documents');
    await screenshot(page, '04-imported');
  });

  it('finds "shortness of breath" in notes, with the matched words marked', async () => {
    await search(page, 'shortness of breath');
    const cards = page.locator('.hit');
    expect(await cards.count()).toBeGreaterThanOrEqual(3);
    // Two notes say the patient had it; the third note denies it and ranks below (next test).
    const top2 = await cards.evaluateAll((els) => els.slice(0, 2).map((e) => e.querySelector('.type')?.textContent));
    expect(top2).toEqual(['NOTE', 'NOTE']);
    const marked = await cards.first().locator('mark.match').allInnerTexts();
    expect(marked.map((m) => m.toLowerCase())).toEqual(expect.arrayContaining(['shortness', 'breath']));
    await screenshot(page, '05-search-notes');
  });

  it('ranks the notes that have a finding above the note that denies it, labels the denial and explains it', async () => {
    // The toothache visit says "No shortness of breath or cough" and "without shortness of breath"; the heart
    // catheterisation and the pleural biopsy notes say the patient had it.
    await search(page, 'shortness of breath');
    const titles = () => page.locator('.hit .title').allInnerTexts();
    const denial = page.locator('.hit', { hasText: 'toothache' });
    expect(await page.locator('#hit-0 .title').innerText()).toMatch(/heart-cath|pleural-biopsy/);
    expect(await page.locator('#hit-0 .context').count()).toBe(0);
    expect(await denial.locator('.context').innerText()).toBe('Denied');
    const ranked = await titles();
    const denialRank = ranked.findIndex((t) => t.includes('toothache'));
    expect(denialRank).toBeGreaterThan(ranked.findIndex((t) => t.includes('heart-cath')));
    expect(denialRank).toBeGreaterThan(ranked.findIndex((t) => t.includes('pleural-biopsy')));
    expect(await page.locator('.divider').innerText()).toContain('Mentioned only as denied');
    expect(await page.locator('.summary').innerText()).toContain('Also searched: shortness of breath → dyspnea');
    await expect.poll(() => page.locator('#hit-0 .relevance').innerText()).toMatch(/Strong match|Good match/);

    await denial.getByRole('button', { name: 'Why this matched' }).click();
    const why = denial.locator('.why');
    await expect.poll(() => why.count()).toBe(1);
    expect(await why.innerText()).toMatch(/shortness of breath[\s\S]*Denied · “(without|No)”/);
    expect((await why.locator('mark.match').allInnerTexts()).map((m) => m.toLowerCase())).toContain('breath');
    await denial.scrollIntoViewIfNeeded();
    await screenshot(page, '05b-denial-labelled');

    // The switch shows every mention in plain relevance order: the denial comes back up.
    await page.getByText('Show denied, family and planned mentions').click();
    expect(await page.getByRole('switch', { name: 'Show denied, family and planned mentions' }).isChecked()).toBe(true);
    await expect
      .poll(async () => (await titles()).findIndex((t) => t.includes('toothache')), { timeout: 20_000 })
      .toBeLessThan(denialRank);
    expect(await page.locator('.divider').count()).toBe(0);
    expect(await denial.locator('.context').innerText()).toBe('Denied');
    await screenshot(page, '05c-all-mentions');
    await page.getByText('Show denied, family and planned mentions').click();
    await expect.poll(() => page.locator('.divider').count(), { timeout: 20_000 }).toBe(1);
    await search(page, 'shortness of breath');
  });

  it('moves with the arrow keys and opens a note at the passage with Enter', async () => {
    const box = page.locator('#search-box');
    await box.press('ArrowDown');
    expect(await box.getAttribute('aria-activedescendant')).toBe('hit-1');
    await box.press('ArrowUp');
    expect(await box.getAttribute('aria-activedescendant')).toBe('hit-0');
    const title = await page.locator('#hit-0 .title').innerText();
    await box.press('Enter');
    await expect.poll(() => page.locator('.viewer h2').innerText()).toBe(title);
    const passage = page.locator('.note mark.passage').first();
    await expect.poll(() => passage.count()).toBe(1);
    const text = (await page.locator('.note mark.passage').allInnerTexts()).join('').toLowerCase();
    expect(text).toContain('shortness of breath');
    expect(await visibleWithin(page, '.note mark.passage', '.note')).toBe(true);
    await screenshot(page, '06-note-viewer');
  });

  it('opens a PDF hit at its page, with the passage marked in the text layer', async () => {
    await search(page, 'vomit blood or black stools');
    // The label's warning ("if you vomit blood ...") is conditional, so notes rank above it; it is still listed.
    const first = page.locator('.hit', { hasText: 'Drug Facts' }).first();
    expect(await first.locator('.where').innerText()).toContain('Page 2');
    expect(await first.locator('.context').innerText()).toBe('Conditional');
    await first.click();
    const mark = page.locator('mark.pdf-hit');
    await expect.poll(() => mark.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await markedPage(page)).toBe('2');
    expect((await mark.allInnerTexts()).join(' ').toLowerCase()).toContain('vomit blood');
    expect(await visibleWithin(page, 'mark.pdf-hit', '.pdf')).toBe(true);
    await screenshot(page, '07-pdf-viewer');
  });

  it('walks the matches inside a document with next/previous', async () => {
    await search(page, 'stomach bleeding');
    await page.locator('#search-box').press('Enter');
    const counter = page.locator('.counter');
    await expect.poll(() => counter.innerText(), { timeout: 20_000 }).toMatch(/Match \d+ of [2-9]/);
    const where = async () => `${await markedPage(page)}:${await page.locator('mark.pdf-hit').first().textContent()}`;
    await expect.poll(() => page.locator('mark.pdf-hit').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const before = { counter: await counter.innerText(), mark: await where() };
    await page.getByRole('button', { name: 'Next match' }).click();
    await expect.poll(() => counter.innerText()).not.toBe(before.counter);
    await expect.poll(where, { timeout: 20_000 }).not.toBe(before.mark);
    await screenshot(page, '08-next-match');
  });

  it('narrows by mode and filters', async () => {
    await search(page, 'stability storage conditions');
    await page.getByRole('button', { name: /^Filters/ }).click();
    await page.getByRole('group', { name: 'Search filters' }).getByLabel('PDF').check();
    const types = async () => [...new Set(await page.locator('.hit .type').allInnerTexts())];
    await expect.poll(types, { timeout: 20_000 }).toEqual(['PDF']);
    await page.locator('.modes label', { hasText: 'Exact words' }).click();
    await expect.poll(() => page.locator('.modes label.on').innerText()).toBe('Exact words');
    await screenshot(page, '09-filters-keyword');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.locator('.modes label', { hasText: 'Hybrid' }).click();
  });

  it('narrows to one section of the notes, offered by the names the engine stores', async () => {
    await search(page, 'follow up with the doctor');
    const filters = page.getByRole('group', { name: 'Search filters' });
    if ((await filters.count()) === 0) await page.getByRole('button', { name: /^Filters/ }).click();
    const section = filters.getByLabel('Section');
    const offered = await section.locator('option').allInnerTexts();
    expect(offered).toEqual(expect.arrayContaining(['Any section', 'History of present illness', 'Plan']));
    await section.selectOption({ label: 'Plan' });
    const onlyThatSection = async () => {
      const shown = await page.locator('.hit .where').allInnerTexts();
      return shown.length > 0 && shown.every((w) => w.includes('Plan'));
    };
    await expect.poll(onlyThatSection, { timeout: 20_000 }).toBe(true);
    // Of the four notes, the catheterisation report and the emergency visit end with a plan.
    const titles = await page.locator('.hit .title').allInnerTexts();
    expect(titles.sort()).toEqual([expect.stringMatching(/heart-cath/), expect.stringMatching(/toothache/)]);
    await screenshot(page, '09b-filter-section');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => section.inputValue()).toBe('');
    await expect.poll(async () => (await page.locator('.hit').count()) > 2, { timeout: 20_000 }).toBe(true);
  });

  it('lists documents in the library and removes one after confirming', async () => {
    await page.getByRole('button', { name: /^Library/ }).click();
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(7);
    expect(await rows.filter({ hasText: 'Ready' }).count()).toBe(6);
    const broken = await rows.filter({ hasText: BROKEN }).innerText();
    expect(broken).toContain('Error');
    expect(broken).toContain('not a valid PDF');
    await screenshot(page, '10-library');
    const row = rows.filter({ hasText: 'knee-arthroplasty' });
    await row.getByRole('button', { name: /^Remove/ }).click();
    await row.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => rows.count()).toBe(6);
    // The harness's stand-in for the desktop file dialog: a file input whose files are uploaded to the bridge.
    await page.locator('input[type="file"]').setInputFiles(join(FIXTURES, 'knee-arthroplasty-mts2031.txt'));
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(7);
  });

  it('shows the installed models and the data folder in settings', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await expect.poll(() => page.locator('.models li.active').innerText()).toContain('all-minilm-l6-v2');
    expect(await page.locator('dl').innerText()).toContain(app.harness.dir);
    await screenshot(page, '11-settings');
    expect(app.pageErrors).toEqual([]);
  });

  it.skipIf(!secondModel)('switches models after saying what it will re-index', async () => {
    const other = page.locator('.models li', { hasText: 'all-minilm-l6-v2-int8' });
    await other.getByRole('button', { name: 'Use this model…' }).click();
    expect(await other.locator('.confirm').innerText()).toMatch(/re-embeds all 6 documents \(\d+ passages\)/);
    await screenshot(page, '12-switch-model');
    await other.getByRole('button', { name: 'Switch and re-index' }).click();
    const switched = page.locator('.job', { hasText: 'Model switched' });
    await expect.poll(() => switched.count(), { timeout: 120_000 }).toBe(1);
    await expect.poll(() => page.locator('.models li.active').innerText(), { timeout: 120_000 }).toContain('int8');
    await search(page, 'shortness of breath');
    expect(await page.locator('.hit').count()).toBeGreaterThan(0);
  });
});
