import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Replaces the SQL editor's text the way a person would: select all, type. */
export async function typeSql(page: Page, sql: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(sql);
}

/** Types SQL and runs it with Ctrl+Enter. */
export async function runSql(page: Page, sql: string): Promise<void> {
  await typeSql(page, sql);
  await page.keyboard.press('ControlOrMeta+Enter');
}

export async function editorText(page: Page): Promise<string> {
  return page.locator('.cm-content').evaluate((el) => (el as HTMLElement).innerText);
}

/** Waits until the element's visible text matches (a person reading the screen), up to `timeout`. */
export async function waitForText(locator: Locator, pattern: RegExp, timeout = 30_000): Promise<void> {
  await expect.poll(async () => (await locator.count()) > 0 ? await locator.first().innerText() : '', { timeout, interval: 100 }).toMatch(pattern);
}
