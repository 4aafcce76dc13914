'use strict'
// Loopback servers for the runtime's tests: the runtime itself, and a receiver that records
// requests and answers what the test says.
const http = require('http')
const { createServer } = require('../src/server')

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)))
}

async function runtime() {
  const server = createServer()
  const port = await listen(server)
  return { port, close: () => new Promise((r) => server.close(r)), server }
}

/** Records each request; `answer(req, body)` returns {status, body} (default 200 {}). */
async function receiver(answer = () => ({ status: 200, body: {} })) {
  const requests = []
  const server = http.createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const record = { method: req.method, url: req.url, headers: req.headers, body }
      requests.push(record)
      const a = (await answer(record)) ?? { status: 200, body: {} }
      if (a.hang) return
      res.writeHead(a.status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(a.body ?? {}))
    })
  })
  const port = await listen(server)
  return {
    port,
    requests,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r) })
  }
}

/** POSTs JSON to the runtime; a runtime that never answers fails the test after 30 s, not 300. */
async function post(port, path, body) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    signal: AbortSignal.timeout(30000),
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body)
  })
  return { status: res.status, body: await res.json() }
}

module.exports = { runtime, receiver, post }
