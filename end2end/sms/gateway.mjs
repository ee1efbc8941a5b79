// A fake SMS gateway for the end-to-end tests: Toegang's SMS sender posts
// {"to", "text"} with a bearer token; the tests read what arrived with GET /sms.
import http from 'node:http';

const port = Number(process.env.SMS_PORT ?? 3102);
const token = process.env.SMS_TOKEN ?? 'e2e-sms-token';
const received = [];

http
  .createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/sms') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(received));
      return;
    }
    if (req.method !== 'POST' || req.url !== '/sms') {
      res.writeHead(404).end();
      return;
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401).end();
      return;
    }
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      try {
        const { to, text } = JSON.parse(body);
        received.push({ to, text });
        res.writeHead(202).end();
      } catch {
        res.writeHead(400).end();
      }
    });
  })
  .listen(port, '127.0.0.1');
