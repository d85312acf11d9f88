import { createHash, createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small OpenID provider on loopback for tests: discovery, an authorization endpoint that signs in
 * whoever the test names at once, a token endpoint that checks the PKCE verifier and the client secret,
 * and RS256-signed ID tokens.
 */
export interface FakeOidc {
  url: string;
  /** Who the next sign-in is (the `preferred_username` claim). */
  user: { preferred_username: string; name?: string };
  /** What the authorization requests carried. */
  requests: URLSearchParams[];
  close(): Promise<void>;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export async function startFakeOidc(clientId: string, clientSecret: string): Promise<FakeOidc> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { challenge: string; nonce: string; redirect: string; user: FakeOidc['user'] }>();
  const fake: FakeOidc = { url: '', user: { preferred_username: 'someone' }, requests: [], close: () => new Promise((r) => server.close(() => r())) };

  const idToken = (claims: Record<string, unknown>) => {
    const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'k1' }));
    const body = b64url(JSON.stringify(claims));
    return `${head}.${body}.${createSign('RSA-SHA256').update(`${head}.${body}`).sign(privateKey).toString('base64url')}`;
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', fake.url);
    const json = (status: number, body: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body)); };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: fake.url, authorization_endpoint: `${fake.url}/authorize`, token_endpoint: `${fake.url}/token`, jwks_uri: `${fake.url}/jwks`,
        response_types_supported: ['code'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'], token_endpoint_auth_methods_supported: ['client_secret_post'],
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      fake.requests.push(url.searchParams);
      const q = url.searchParams;
      if (q.get('client_id') !== clientId || q.get('code_challenge_method') !== 'S256') return json(400, { error: 'invalid_request' });
      const code = b64url(randomBytes(16));
      codes.set(code, { challenge: q.get('code_challenge')!, nonce: q.get('nonce')!, redirect: q.get('redirect_uri')!, user: fake.user });
      res.writeHead(302, { location: `${q.get('redirect_uri')}?code=${code}&state=${encodeURIComponent(q.get('state')!)}` }).end();
      return;
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let raw = '';
      req.on('data', (c: Buffer) => { raw += c.toString(); });
      req.on('end', () => {
        const form = new URLSearchParams(raw);
        const grant = codes.get(form.get('code') ?? '');
        codes.delete(form.get('code') ?? '');
        if (!grant || form.get('client_secret') !== clientSecret || form.get('redirect_uri') !== grant.redirect
          || b64url(createHash('sha256').update(form.get('code_verifier') ?? '').digest()) !== grant.challenge) {
          return json(400, { error: 'invalid_grant' });
        }
        const now = Math.floor(Date.now() / 1000);
        json(200, { access_token: b64url(randomBytes(16)), token_type: 'Bearer', expires_in: 300,
          id_token: idToken({ iss: fake.url, aud: clientId, sub: grant.user.preferred_username, iat: now, exp: now + 300, nonce: grant.nonce, ...grant.user }) });
      });
      return;
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
