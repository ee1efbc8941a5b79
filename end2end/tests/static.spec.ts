// The build's static files (issue 12): named after their contents, cached for a year, sent
// compressed, and followed by the offline page and the service worker.
import { test, expect } from '@playwright/test';

const HASHED = /^\/pkg\/toegang\.[A-Za-z0-9_-]{22}\.(css|js|wasm)$/;

test('the page names content-hashed files that are cached for a year and sent compressed', async ({ page, request }) => {
  await page.goto('/aanmelden');
  const names = await page.evaluate(() =>
    Array.from(document.querySelectorAll('link[href^="/pkg/"]')).map((l) => l.getAttribute('href')!));
  const css = names.find((n) => n.endsWith('.css'));
  const js = names.find((n) => n.endsWith('.js'));
  const wasm = names.find((n) => n.endsWith('.wasm'));
  for (const name of [css, js, wasm]) {
    expect(name, `${names}`).toMatch(HASHED);
    const res = await request.get(name!, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.status(), name).toBe(200);
    expect(res.headers()['cache-control'], name).toBe('public, max-age=31536000, immutable');
    expect(['br', 'gzip'], name).toContain(res.headers()['content-encoding']);
  }
  // The offline page and the service worker's shell name the same files.
  const offline = await (await request.get('/offline.html')).text();
  expect(offline).toContain(`href="${css}"`);
  const worker = await (await request.get('/sw.js')).text();
  for (const name of [css, js, wasm]) expect(worker).toContain(`"${name}"`);
  expect(worker).not.toMatch(/\.(br|gz|ts)"/);
});
