/**
 * What kind of host a string names: an IP address or this machine. Pure and tiny (the popup's
 * bundle has it, through the stored apps' validation): no host a page, a key or storage names may
 * be one of these where the extension would send an app's identity.
 */

/**
 * Whether a host is an IP address, in any spelling a URL accepts: `169.254.169.254`, `[::1]`, and
 * the forms WHATWG URL parsing turns into IPv4 (`0xa9.0xfe.0xa9.0xfe`, `2852039166`, `127.1`).
 */
export function isIpLiteral(host: string): boolean {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[') || /^[0-9a-f:]+$/i.test(host)) return true;
  try {
    const parsed = new URL(`https://${host}/`).hostname;
    return /^\d{1,3}(\.\d{1,3}){3}$/.test(parsed) || parsed.startsWith('[');
  } catch {
    return false;
  }
}

/** `localhost` and its subdomains (browsers resolve `*.localhost` to loopback). */
export function isLocalhost(host: string): boolean {
  const lower = host.toLowerCase().replace(/\.$/, '');
  return lower === 'localhost' || lower.endsWith('.localhost');
}
