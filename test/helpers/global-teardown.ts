/** Jest global teardown of the `integration` project: stops what global-setup.ts started. */
import { stopServers } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const servers = globalThis.__expressReplacementServers;
  if (!servers) return;
  globalThis.__expressReplacementServers = undefined;
  await stopServers(servers);
}
