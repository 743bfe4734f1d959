/**
 * A proxy with auth on serving the Shopware fixture to one integration, and `@shopware/api-client`'s
 * `createAdminAPIClient` logged in as it (client credentials), as the client's README shows.
 */
import { afterAll, beforeAll } from 'vitest';
import { createAdminAPIClient } from '@shopware/api-client';
import { startProxy, type Proxy } from '../helpers/harness.js';
import { fixtures } from '../translators/shopware/fixtures.js';

export function shopwareIntegration(clientId: string, clientSecret: string): { proxy: () => Proxy; client: () => ReturnType<typeof createAdminAPIClient<any>> } {
  let proxy: Proxy | undefined;
  beforeAll(async () => {
    proxy = await startProxy(fixtures, {
      auth: { enabled: true, tenants: { main: { datasets: ['product'], apiKeys: [], integrations: [{ clientId, clientSecret }] } } },
    });
  });
  afterAll(async () => proxy?.close());
  const running = (): Proxy => {
    if (!proxy) throw new Error('the proxy is not started');
    return proxy;
  };
  return {
    proxy: running,
    client: () => createAdminAPIClient<any>({ baseURL: `${running().base}/api`, credentials: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret } }),
  };
}
