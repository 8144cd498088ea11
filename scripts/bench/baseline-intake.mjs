// The baseline for scripts/bench/intake.mjs: the least a durable webhook receiver can
// do. A bare node:http server that verifies the same HMAC and does one insert into a
// WAL-mode SQLite table per delivery, then answers.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import Database from 'better-sqlite3';

const [file, secret] = process.argv.slice(2);
const db = new Database(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE IF NOT EXISTS inbox (delivery_id TEXT PRIMARY KEY, event TEXT, payload TEXT)');
const insert = db.prepare('INSERT OR IGNORE INTO inbox (delivery_id, event, payload) VALUES (?, ?, ?)');

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
    const given = Buffer.from(String(req.headers['x-hub-signature-256'] ?? ''));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return res.writeHead(401).end();
    insert.run(req.headers['x-github-delivery'], req.headers['x-github-event'], body.toString('utf8'));
    res.writeHead(202).end();
  });
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${server.address().port}` })));
