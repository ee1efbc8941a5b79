import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);
const oidcPort = Number(process.env.OIDC_PORT ?? 3101);
const smsPort = Number(process.env.SMS_PORT ?? 3102);

// One server (demo mode, fresh database) for the whole run, signing in also through a real
// OpenID Connect provider (oidc-provider) on loopback, its SMS going to a fake gateway; the flows run twice, once with
// JavaScript and once without, one at a time (2 cores: the servers and Chromium).
export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // The browser asks for Belgian Dutch (Accept-Language); tests of other languages say so.
    locale: 'nl-BE',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
    trace: 'off',
  },
  projects: [
    { name: 'js', use: { browserName: 'chromium', javaScriptEnabled: true } },
    { name: 'nojs', use: { browserName: 'chromium', javaScriptEnabled: false }, dependencies: ['js'] },
  ],
  webServer: [
    {
      command: 'node oidc/provider.mjs',
      url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { OIDC_PORT: String(oidcPort), E2E_PORT: String(port) },
    },
    {
      // A fake SMS gateway: the temporary passwords arrive there, as on a phone.
      command: 'node sms/gateway.mjs',
      url: `http://127.0.0.1:${smsPort}/sms`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { SMS_PORT: String(smsPort), SMS_TOKEN: 'e2e-sms-token' },
    },
    {
      command: 'bash serve.sh',
      url: `http://127.0.0.1:${port}/aanmelden`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        E2E_PORT: String(port),
        TOEGANG_OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
        TOEGANG_OIDC_CLIENT_ID: 'toegang-e2e',
        TOEGANG_OIDC_CLIENT_SECRET: 'toegang-e2e-secret',
        TOEGANG_SMS_URL: `http://127.0.0.1:${smsPort}/sms`,
        TOEGANG_SMS_TOKEN: 'e2e-sms-token',
      },
    },
  ],
});
