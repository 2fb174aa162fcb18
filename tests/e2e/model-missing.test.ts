import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, screenshot } from './support/browser';
import { openApp } from './support/session';
import type { AppSession } from './support/session';

const skipWhy = chromiumMissing();

describe.skipIf(skipWhy)('the app with no model installed', () => {
  let app: AppSession;

  beforeAll(async () => {
    app = await openApp(undefined);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('explains how to install a model when a search needs one', async () => {
    const { page } = app;
    await page.keyboard.press('/');
    await page.keyboard.type('chest pain');
    const alert = page.locator('.results [role="alert"]');
    await expect.poll(() => alert.getAttribute('data-kind'), { timeout: 20_000 }).toBe('ModelMissing');
    expect(await alert.innerText()).toContain('clinote model import <folder>');
    await screenshot(page, '12-model-missing');
  });
});
