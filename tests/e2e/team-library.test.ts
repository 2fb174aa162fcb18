import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { importModel } from '../../electron/core/embed/models';
import { createEngine } from '../../electron/core/engine';
import { motoServerBin, startS3Server } from '../integration/s3Server';
import type { S3TestServer } from '../integration/s3Server';
import { FIXTURES, chromiumMissing, screenshot } from './support/browser';
import { MISSING_MODEL_MESSAGE, TEST_MODEL, testModelSource } from './support/model';
import { openApp } from './support/session';
import type { AppSession } from './support/session';

const modelSource = testModelSource();
const skipWhy =
  chromiumMissing() ??
  (modelSource ? null : MISSING_MODEL_MESSAGE) ??
  (motoServerBin() ? null : 'no S3 test server (bash tests/tools/setup-s3-server.sh)');
if (skipWhy && process.env.CI) throw new Error(`team library e2e cannot run in CI: ${skipWhy}`);
if (skipWhy) console.warn(`[skip] team library e2e: ${skipWhy}`);

/** Publishes fixture notes to `uri` as another workstation would, with `modelId` (the MiniLM files under that id). */
async function publish(s3: S3TestServer, dir: string, uri: string, modelId: string, notes: string[]): Promise<void> {
  const modelsDir = join(dir, `models-${modelId}`);
  await importModel(modelSource!, modelsDir, { id: modelId });
  const publisher = await createEngine({
    dataDir: join(dir, `publisher-${modelId}`),
    modelsDir,
    shared: { uri, storage: s3.storage, access: 'write' },
  });
  try {
    const summary = await publisher.waitForJob(
      (await publisher.importFiles(notes.map((n) => join(FIXTURES, n)))).jobId,
    );
    expect(summary.failed).toEqual([]);
  } finally {
    await publisher.close();
  }
}

async function attach(page: Page, s3: S3TestServer, uri: string): Promise<void> {
  await page.getByLabel('Library address').fill(uri);
  await page.getByLabel('Server (leave empty for AWS)').fill(s3.endpoint);
  await page.getByLabel('Region').fill(s3.storage.region);
  await page.getByLabel('Access key ID').fill(s3.storage.accessKeyId);
  await page.getByLabel('Secret access key').fill(s3.storage.secretAccessKey);
  await page.getByRole('button', { name: 'Attach read-only' }).click();
}

describe.skipIf(skipWhy)('a team library attached in Settings, searched beside the local one (Chromium)', () => {
  let s3: S3TestServer;
  let dir: string;
  let app: AppSession;
  let page: Page;

  beforeAll(async () => {
    s3 = await startS3Server();
    await s3.makeBucket('clinic');
    dir = await mkdtemp(join(tmpdir(), 'clinote-team-e2e-'));
    await publish(s3, dir, 's3://clinic/protocols', TEST_MODEL, [
      'heart-cath-mts0765.txt',
      'pleural-biopsy-mts0551.txt',
    ]);
    await publish(s3, dir, 's3://clinic/other-model', 'clinic-minilm', ['toothache-er-visit-mts3207.txt']);
    app = await openApp([modelSource!]);
    page = app.page;
    const engine = app.harness.engine;
    await engine.waitForJob((await engine.importFiles([join(FIXTURES, 'knee-arthroplasty-mts2031.txt')])).jobId);
  });

  afterAll(async () => {
    await app?.close();
    await s3?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('attaches the team library read-only and shows what it holds', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await attach(page, s3, 's3://clinic/protocols');
    const state = page.locator('dd[data-state]');
    await expect.poll(() => state.innerText(), { timeout: 30_000 }).toContain('2 documents');
    expect(await state.getAttribute('data-state')).toBe('ready');
    // The secret never comes back to the page.
    expect(await page.content()).not.toContain(s3.storage.secretAccessKey);
    await screenshot(page, 'team-01-attached');
  });

  it('labels the hits of the team library and opens their text', async () => {
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('#search-box').fill('procedure under anesthesia');
    await expect.poll(() => page.locator('.hit').count(), { timeout: 20_000 }).toBeGreaterThan(1);
    const team = page.locator('.hit', { has: page.locator('.source') });
    await expect.poll(() => team.count()).toBe(2);
    expect(await page.locator('.hit', { hasText: 'knee-arthroplasty' }).locator('.source').count()).toBe(0);
    await screenshot(page, 'team-02-results');
    await team.filter({ hasText: 'heart-cath' }).click();
    await expect.poll(() => page.locator('.viewer').innerText(), { timeout: 20_000 }).toMatch(/catheter/i);
    expect(app.pageErrors).toEqual([]);
  });

  it('says which model to install when the team library was built with another one', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Detach' }).click();
    await attach(page, s3, 's3://clinic/other-model');
    const notice = page.locator('.notice');
    await expect
      .poll(() => notice.innerText(), { timeout: 30_000 })
      .toMatch(/built with the model "clinic-minilm", which is not installed here\. Install "clinic-minilm"/);
    expect(await page.locator('dd[data-state]').getAttribute('data-state')).toBe('model-mismatch');
    await screenshot(page, 'team-03-model-mismatch');
    expect(app.pageErrors).toEqual([]);
  });
});
