// A real OpenID Connect provider (panva's oidc-provider) for the end-to-end tests, on loopback.
//
//   node oidc/provider.mjs        # OIDC_PORT (default 3101), E2E_PORT (the app's, default 3100)
//
// Issuer http://127.0.0.1:<OIDC_PORT>; one confidential client `toegang-e2e` (code flow, PKCE S256
// required, client_secret_basic). Whatever login is typed on the dev login form becomes the
// account id and the Belgian national number (`egovNRN`), which is put in the ID token as well as
// at userinfo.
// Consent is granted automatically for that client, so the flow is: login form -> back to the app.
//
// The built-in development login form (devInteractions) has the fields `login` and `password`
// (both `required`; any password is accepted) and the button "Sign-in"; the consent page, which
// should not appear, has a single button "Continue".
//
// Prints one line on stdout when ready; set OIDC_VERBOSE=1 to see oidc-provider's own
// development-mode warnings and notices.

import { generateKeyPairSync } from 'node:crypto';

const port = Number(process.env.OIDC_PORT ?? 3101);
const appPort = Number(process.env.E2E_PORT ?? 3100);
const issuer = `http://127.0.0.1:${port}`;

const CLIENT_ID = 'toegang-e2e';

// oidc-provider warns through console.warn / console.info (dev interactions, in-memory adapter,
// and "Unsupported runtime" on Node 20, which it nonetheless runs on). Keep those out of the
// test output unless asked for. Patched before the dynamic import, as some warn at import time.
if (!process.env.OIDC_VERBOSE) {
  for (const method of ['warn', 'info']) {
    const original = console[method].bind(console);
    console[method] = (...args) => {
      if (typeof args[0] === 'string' && /oidc-provider (WARNING|NOTICE):/.test(args[0])) return;
      original(...args);
    };
  }
}

const { default: Provider } = await import('oidc-provider');

// A fresh signing key per run (instead of oidc-provider's shared development keys).
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }), kid: 'e2e-rs256', alg: 'RS256', use: 'sig',
};

const configuration = {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: 'toegang-e2e-secret',
      redirect_uris: [`http://127.0.0.1:${appPort}/auth/oidc/terug`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['toegang-e2e-oidc-cookie-key'] },
  scopes: ['openid', 'profile', 'egovnrn'],
  // egovNRN is released with any request (scope openid), and also with profile / egovnrn.
  claims: {
    openid: ['sub', 'egovNRN'],
    profile: ['name', 'egovNRN'],
    egovnrn: ['egovNRN'],
  },
  // Put the scope-released claims in the ID token itself, not only at userinfo.
  conformIdTokenClaims: false,
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, egovNRN: id, name: `OIDC ${id}` };
      },
    };
  },
  // No consent page for our client: grant what it may ask for on first sight.
  async loadExistingGrant(ctx) {
    const { provider, client, session, result } = ctx.oidc;
    const grantId = result?.consent?.grantId || session.grantIdFor(client.clientId);
    if (grantId) {
      const grant = await provider.Grant.find(grantId);
      if (grant) return grant;
    }
    if (client.clientId !== CLIENT_ID) return undefined;
    const grant = new provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    grant.addOIDCScope('openid profile egovnrn');
    grant.addOIDCClaims(['sub', 'name', 'egovNRN']);
    await grant.save();
    return grant;
  },
  // PKCE (S256) for every client, confidential ones too (oidc-provider's default only demands it of
  // public clients).
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    userinfo: { enabled: true },
  },
};

const provider = new Provider(issuer, configuration);

// Errors only; nothing is printed on the normal path.
provider.on('server_error', (ctx, err) => console.error('oidc-provider server_error:', err));
for (const event of ['authorization.error', 'grant.error', 'userinfo.error', 'end_session.error']) {
  provider.on(event, (ctx, err) => {
    console.error(`oidc-provider ${event}: ${err.message} (${err.error_description ?? ''})`);
  });
}

const server = provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
server.on('error', (err) => {
  console.error(`oidc-provider: cannot listen on ${issuer}: ${err.message}`);
  process.exit(1);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections?.();
    process.exit(0);
  });
}
