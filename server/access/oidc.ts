import * as client from 'openid-client';
import type { AccessConfig } from './config';

type OidcConfig = NonNullable<AccessConfig['oidc']>;

/** A sign-in under way: what the callback must match. Kept in memory for five minutes. */
interface Flow { verifier: string; state: string; nonce: string; next: string; expiresAt: number }
const FLOW_TTL_MS = 5 * 60_000;
const MAX_FLOWS = 1000;

/**
 * OpenID Connect sign-in: authorization code with PKCE (S256), state and nonce. The provider's metadata is
 * read on the first sign-in (not at start, so a provider that is down does not stop the hub) and kept.
 */
export function createOidc(o: OidcConfig, env: NodeJS.ProcessEnv, now: () => number = Date.now) {
  let discovered: Promise<client.Configuration> | undefined;
  const flows = new Map<string, Flow>();

  function configuration(): Promise<client.Configuration> {
    const secret = o.client_secret_env ? env[o.client_secret_env] : undefined;
    discovered ??= client.discovery(new URL(o.issuer), o.client_id, secret, secret ? client.ClientSecretPost(secret) : client.None(),
      o.allow_insecure ? { execute: [client.allowInsecureRequests] } : undefined);
    discovered.catch(() => { discovered = undefined; }); // try again at the next sign-in
    return discovered;
  }

  function sweep() { for (const [id, f] of flows) if (f.expiresAt <= now()) flows.delete(id); }

  return {
    /** Where to send the browser, and the flow id to keep in a cookie till it comes back. */
    async start(next: string): Promise<{ url: string; flowId: string }> {
      const config = await configuration();
      sweep();
      if (flows.size >= MAX_FLOWS) throw new Error('too many sign-ins under way: try again in a few minutes');
      const flow: Flow = { verifier: client.randomPKCECodeVerifier(), state: client.randomState(), nonce: client.randomNonce(), next, expiresAt: now() + FLOW_TTL_MS };
      const flowId = client.randomState();
      flows.set(flowId, flow);
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: o.redirect_url, scope: o.scopes.join(' '), response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(flow.verifier), code_challenge_method: 'S256',
        state: flow.state, nonce: flow.nonce,
      });
      return { url: url.href, flowId };
    },
    /** Checks the provider's answer (`search`: the callback's query) and returns who signed in and where they were going. */
    async finish(flowId: string | undefined, search: string): Promise<{ username: string; name?: string; next: string }> {
      const flow = flowId ? flows.get(flowId) : undefined;
      if (flowId) flows.delete(flowId);
      if (!flow || flow.expiresAt <= now()) throw new Error('this sign-in has expired or was started in another browser: start again');
      const config = await configuration();
      const tokens = await client.authorizationCodeGrant(config, new URL(`${o.redirect_url}${search}`),
        { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true });
      const claims = tokens.claims()!;
      const username = claims[o.username_claim];
      if (typeof username !== 'string' || username === '') throw new Error(`the ID token has no "${o.username_claim}" claim`);
      return { username, ...(typeof claims.name === 'string' ? { name: claims.name } : {}), next: flow.next };
    },
  };
}

export type Oidc = ReturnType<typeof createOidc>;
