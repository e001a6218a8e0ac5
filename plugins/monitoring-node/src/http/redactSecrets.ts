/**
 * Removes secret values from text an upstream sent back. Error bodies are quoted in messages
 * shown to users and written to logs, and some upstreams and proxies repeat the request's
 * credentials in them (`invalid token "Bearer …"`). Each value is removed whole and, for a
 * scheme-prefixed value such as `Bearer <token>`, the token on its own too.
 */
export function redactSecrets(
  text: string,
  secrets: Array<string | undefined>,
): string {
  const needles = secrets
    .filter((s): s is string => !!s)
    .flatMap(s => [s, ...s.split(/\s+/).filter(part => part.length >= 8)])
    // Longest first, so a value is removed before a part of it.
    .sort((a, b) => b.length - a.length);
  return needles.reduce(
    (out, needle) => out.split(needle).join('[redacted]'),
    text,
  );
}
