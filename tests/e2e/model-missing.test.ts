import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, screenshot } from './support/browser';
import { openApp } from './support/session';
import type { AppSession } from './support/session';

const skipWhy = chromiumMissing();

describe.skipIf(skipWhy)('the app with no model installed', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp([]);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('says up front that a model is needed, and how to install one', async () => {
    const { page } = app;
    const empty = page.locator('.results .empty');
    await expect.poll(() => empty.innerText(), { timeout: 20_000 }).toContain('Install a search model first');
    expect(await empty.innerText()).toContain('clinote model import <folder>');
    await screenshot(page, '12-no-model-start');
  });

  it('explains how to install a model when a search needs one', async () => {
    const { page } = app;
    await page.keyboard.press('/');
    await page.keyboard.type('chest pain');
    const alert = page.locator('.results [role="alert"]');
    await expect.poll(() => alert.getAttribute('data-kind'), { timeout: 20_000 }).toBe('ModelMissing');
    expect(await alert.innerText()).toContain('clinote model import <folder>');
    await screenshot(page, '13-model-missing-search');
  });
});
