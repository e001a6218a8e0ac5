import http from 'node:http';

export interface WebhookNotification {
  receiver: string;
  receivedAt: string;
  body: unknown;
}

export interface RunningSink {
  url: string;
  notifications: WebhookNotification[];
  close(): Promise<void>;
}

/**
 * Where the stack's Alertmanager delivers: records each webhook POST under the receiver named by
 * the path, and lists them on GET /notifications. Stands in for Slack and PagerDuty locally.
 */
export async function startWebhookSink(port: number): Promise<RunningSink> {
  const notifications: WebhookNotification[] = [];
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/notifications') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(notifications));
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405);
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = Buffer.concat(chunks).toString('utf8');
      }
      notifications.push({
        receiver: (req.url ?? '/').slice(1),
        receivedAt: new Date().toISOString(),
        body,
      });
      if (notifications.length > 1000) notifications.shift();
      res.writeHead(200);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    notifications,
    close: () => new Promise<void>(resolve => server.close(() => resolve())),
  };
}
