'use strict'
// OAuth: an expired token is refreshed by Segment's own code and reported to the worker.
// This file reroutes https to a loopback server (node --test runs each file in its own process).
const test = require('node:test')
const assert = require('node:assert/strict')
const { receiver } = require('./helpers')
const reroute = require('../src/reroute')
const { deliver } = require('../src/deliver')

test('a 401 refreshes the access token once, retries, and reports the new token', async (t) => {
  const vendor = await receiver((r) => {
    if (r.url.startsWith('/oauth/v1/token')) return { status: 200, body: { access_token: 'new-token' } }
    return r.headers.authorization === 'Bearer new-token' ? { status: 200, body: {} } : { status: 401, body: { message: 'expired' } }
  })
  t.after(() => vendor.close())
  reroute.install(`127.0.0.1:${vendor.port}`)
  const answer = await deliver({
    destination: 'hubspot',
    settings: { portalId: '1', oauth: { access_token: 'old-token', refresh_token: 'refresh-1', clientId: 'client', clientSecret: 'secret' } },
    subscriptions: [{ subscribe: 'type = "track"', partnerAction: 'sendCustomBehavioralEvent', mapping: { eventName: 'pe1_x', email: { '@path': '$.properties.email' } } }],
    events: [{ type: 'track', event: 'X', userId: 'u', properties: { email: 'u@example.com' } }]
  })
  assert.deepEqual(answer.results.map((r) => r.status), [200])
  assert.deepEqual(answer.oauth, { accessToken: 'new-token' })
  const token = vendor.requests.filter((r) => r.url.startsWith('/oauth/v1/token'))
  assert.equal(token.length, 1)
  assert.match(token[0].body, /refresh_token=refresh-1/)
  assert.match(token[0].body, /grant_type=refresh_token/)
  assert.equal(vendor.requests.at(-1).headers.authorization, 'Bearer new-token')
})

test('a refresh that fails is 401, not retried', async (t) => {
  const vendor = await receiver(() => ({ status: 401, body: { message: 'no' } }))
  t.after(() => vendor.close())
  reroute.install(`127.0.0.1:${vendor.port}`)
  const answer = await deliver({
    destination: 'hubspot',
    settings: { portalId: '1', oauth: { access_token: 'old', refresh_token: 'r', clientId: 'c', clientSecret: 's' } },
    subscriptions: [{ subscribe: 'type = "track"', partnerAction: 'sendCustomBehavioralEvent', mapping: { eventName: 'pe1_x', email: 'u@example.com' } }],
    events: [{ type: 'track', event: 'X', userId: 'u' }]
  })
  assert.equal(answer.results[0].status, 401)
})
