/** Whether an address to listen on is reached only from this machine (a hub bound to it needs no firewall). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
