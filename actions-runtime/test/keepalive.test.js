'use strict'
// The runtime as it runs (node src/main.js): Segment's request client reuses its connections to a
// destination, within the bound SLUICE_ACTIONS_MAX_SOCKETS sets.
const test = require('node:test')
const assert = require('node:assert/strict')
const http = require('http')
const https = require('https')
const path = require('path')
const { spawn } = require('child_process')
const { post } = require('./helpers')
const agents = require('../src/agents')

/**
 * A loopback destination that counts the TCP connections it accepts and answers after `delayMs`,
 * chunked (no Content-Length), as many APIs do: the case node-fetch#1767 gets wrong on a reused
 * socket.
 */
async function countingServer(delayMs = 0) {
  const state = { connections: 0, requests: 0 }
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      state.requests++
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.write('{"ok"')
        res.end(':true}')
      }, delayMs)
    })
  })
  server.on('connection', () => state.connections++)
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  state.port = server.address().port
  state.close = () => new Promise((r) => { server.closeAllConnections(); server.close(r) })
  return state
}

/** Starts `node src/main.js` on a free loopback port; resolves once it prints where it listens. */
function startRuntime(env = {}) {
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'src', 'main.js')], {
    env: { ...process.env, SLUICE_ACTIONS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.on('error', reject)
    child.on('exit', (code) => reject(new Error(`runtime exited with ${code}`)))
    child.stdout.on('data', (chunk) => {
      out += chunk
      const line = out.split('\n').find((l) => l.includes('"listening"'))
      if (line) {
        resolve({ port: JSON.parse(line).listening.port, stop: () => child.kill('SIGTERM') })
      }
    })
  })
}

const webhook = (port, events) => ({
  destination: 'webhook',
  settings: {},
  subscriptions: [
    {
      subscribe: 'type = "track"',
      partnerAction: 'send',
      mapping: { url: `http://127.0.0.1:${port}/hook`, method: 'POST', data: { '@path': '$.' } }
    }
  ],
  events
})

const track = (n) => ({ type: 'track', event: 'Order Completed', userId: `u-${n}`, messageId: `m-${n}` })

test('two deliveries one after the other go over one connection', async (t) => {
  const sink = await countingServer()
  const rt = await startRuntime()
  t.after(() => { rt.stop(); return sink.close() })
  for (const n of [1, 2]) {
    const res = await post(rt.port, '/v1/deliver', webhook(sink.port, [track(n)]))
    assert.deepEqual(res.body.results.map((r) => r.status), [200])
  }
  assert.equal(sink.requests, 2)
  assert.equal(sink.connections, 1)
})

test('concurrent events open no more connections than SLUICE_ACTIONS_MAX_SOCKETS', async (t) => {
  const sink = await countingServer(50)
  const rt = await startRuntime({ SLUICE_ACTIONS_MAX_SOCKETS: '2' })
  t.after(() => { rt.stop(); return sink.close() })
  const events = Array.from({ length: 10 }, (_, i) => track(i))
  const res = await post(rt.port, '/v1/deliver', webhook(sink.port, events))
  assert.deepEqual(res.body.results.map((r) => r.status), Array(10).fill(200))
  assert.equal(sink.requests, 10)
  assert.equal(sink.connections, 2)
})

test('the global agents for http and https keep connections alive with a bounded pool', (t) => {
  const before = { http: http.globalAgent, https: https.globalAgent }
  t.after(() => { http.globalAgent = before.http; https.globalAgent = before.https })
  agents.install({})
  for (const agent of [http.globalAgent, https.globalAgent]) {
    assert.equal(agent.keepAlive, true)
    assert.equal(agent.maxSockets, agents.DEFAULT_MAX_SOCKETS)
    assert.equal(agent.options.timeout, agents.IDLE_TIMEOUT_MS)
  }
  assert.equal(agents.agentOptions({ SLUICE_ACTIONS_MAX_SOCKETS: '8' }).maxSockets, 8)
  assert.equal(agents.agentOptions({ SLUICE_ACTIONS_MAX_SOCKETS: 'many' }).maxSockets, agents.DEFAULT_MAX_SOCKETS)
})
