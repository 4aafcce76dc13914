'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const crypto = require('crypto')
const { runtime, receiver, post } = require('./helpers')

const track = (n, extra = {}) => ({
  type: 'track',
  event: 'Order Completed',
  userId: `user-${n}`,
  messageId: `m-${n}`,
  timestamp: '2026-11-29T10:00:00.000Z',
  properties: { tenant: 'acme', revenue: 10 * n },
  ...extra
})

const webhook = (port, mapping = {}) => ({
  destination: 'webhook',
  settings: { sharedSecret: 'hush' },
  subscriptions: [
    {
      subscribe: 'type = "track"',
      partnerAction: 'send',
      mapping: {
        url: `http://127.0.0.1:${port}/hook`,
        method: 'POST',
        headers: { 'X-Tenant': { '@template': '{{properties.tenant}}' } },
        data: { '@path': '$.' },
        ...mapping
      }
    }
  ]
})

test('the webhook action posts each event, signed, with templated headers', async (t) => {
  const rt = await runtime()
  const sink = await receiver()
  t.after(() => Promise.all([rt.close(), sink.close()]))
  const res = await post(rt.port, '/v1/deliver', { ...webhook(sink.port), events: [track(1), track(2)] })
  assert.equal(res.status, 200)
  assert.deepEqual(res.body.results.map((r) => r.status), [200, 200])
  assert.equal(sink.requests.length, 2)
  const first = sink.requests.find((r) => JSON.parse(r.body).userId === 'user-1')
  assert.equal(first.headers['x-tenant'], 'acme')
  const expected = crypto.createHmac('sha1', 'hush').update(first.body).digest('hex')
  assert.equal(first.headers['x-signature'], expected)
})

test('an event the subscription does not match is answered delivered and not sent', async (t) => {
  const rt = await runtime()
  const sink = await receiver()
  t.after(() => Promise.all([rt.close(), sink.close()]))
  const res = await post(rt.port, '/v1/deliver', {
    ...webhook(sink.port),
    events: [{ type: 'identify', userId: 'u', messageId: 'i-1', traits: {} }]
  })
  assert.deepEqual(res.body.results.map((r) => r.status), [200])
  assert.equal(sink.requests.length, 0)
})

test('the receiver status is each event outcome: 503 and 429 retried, 400 with its message', async (t) => {
  const rt = await runtime()
  const statuses = { 'user-1': 503, 'user-2': 429, 'user-3': 400, 'user-4': 200 }
  const sink = await receiver((r) => ({ status: statuses[JSON.parse(r.body).userId], body: { error: 'no' } }))
  t.after(() => Promise.all([rt.close(), sink.close()]))
  const res = await post(rt.port, '/v1/deliver', {
    ...webhook(sink.port),
    events: [track(1), track(2), track(3), track(4)]
  })
  assert.deepEqual(res.body.results.map((r) => r.status), [503, 429, 400, 200])
  assert.match(res.body.results[2].message, /^400/)
})

test('a request slower than timeoutMs ends as 408', async (t) => {
  const rt = await runtime()
  const sink = await receiver(() => ({ hang: true }))
  t.after(() => Promise.all([rt.close(), sink.close()]))
  const res = await post(rt.port, '/v1/deliver', { ...webhook(sink.port), events: [track(1)], timeoutMs: 300 })
  assert.equal(res.body.results[0].status, 408)
})

test('a batch goes through the action performBatch as one request', async (t) => {
  const rt = await runtime()
  const sink = await receiver()
  t.after(() => Promise.all([rt.close(), sink.close()]))
  const res = await post(rt.port, '/v1/deliver', { ...webhook(sink.port), events: [track(1), track(2), track(3)], batch: true })
  assert.deepEqual(res.body.results.map((r) => r.status), [200, 200, 200])
  assert.equal(sink.requests.length, 1)
  assert.equal(JSON.parse(sink.requests[0].body).length, 3)
})

test('bad settings and unknown destinations are 400, not retried', async (t) => {
  const rt = await runtime()
  t.after(() => rt.close())
  const unknown = await post(rt.port, '/v1/deliver', { destination: 'no-such-thing', events: [track(1)] })
  assert.equal(unknown.body.results[0].status, 400)
  assert.equal(unknown.body.results[0].code, 'UNKNOWN_DESTINATION')
  const settings = await post(rt.port, '/v1/deliver', {
    destination: 'amplitude',
    settings: {},
    subscriptions: [{ subscribe: 'type = "track"', partnerAction: 'logEventV2', mapping: {} }],
    events: [track(1)]
  })
  assert.equal(settings.body.results[0].status, 400)
  assert.match(settings.body.results[0].message, /apiKey/)
})

test('healthz lists what is loaded', async (t) => {
  const rt = await runtime()
  t.after(() => rt.close())
  await post(rt.port, '/v1/load', { destinations: ['webhook'] })
  const res = await fetch(`http://127.0.0.1:${rt.port}/healthz`)
  const body = await res.json()
  assert.ok(body.loaded.includes('webhook'))
  assert.ok(body.rssBytes > 0)
})

test('a batch answers one outcome per event, in order, whatever the subscription matched', async (t) => {
  const rt = await runtime()
  const sink = await receiver(() => ({ status: 200, body: {} }))
  t.after(() => Promise.all([rt.close(), sink.close()]))
  const res = await post(rt.port, '/v1/deliver', {
    ...webhook(sink.port),
    events: [track(1), { type: 'identify', userId: 'u', messageId: 'i-2' }, track(3)],
    batch: true
  })
  assert.deepEqual(res.body.results.map((r) => r.status), [200, 200, 200])
  assert.equal(sink.requests.length, 1)
  assert.equal(JSON.parse(sink.requests[0].body).length, 2)
})
