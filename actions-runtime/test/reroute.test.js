'use strict'
// The test-only https reroute, through a real runtime process started as the worker starts it.
const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('path')
const { spawn } = require('child_process')
const readline = require('readline')
const { receiver, post } = require('./helpers')

function start(env) {
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'src', 'main.js')], {
    env: { ...process.env, SLUICE_ACTIONS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  return new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', (line) => {
      resolve({ port: JSON.parse(line).listening.port, child })
    })
    child.once('exit', (code) => reject(new Error(`runtime exited with ${code}`)))
  })
}

test('https requests go to the loopback server, with the host they were meant for', async (t) => {
  const sink = await receiver(() => ({ status: 200, body: { code: 200, events_ingested: 1 } }))
  const rt = await start({ SLUICE_ACTIONS_TEST_REROUTE_HTTPS: `127.0.0.1:${sink.port}` })
  t.after(() => { rt.child.kill(); return sink.close() })
  const res = await post(rt.port, '/v1/deliver', {
    destination: 'amplitude',
    settings: { apiKey: 'amp-key', secretKey: 'amp-secret', endpoint: 'north_america' },
    subscriptions: [{ subscribe: 'type = "track"', partnerAction: 'logEventV2', mapping: { user_id: { '@path': '$.userId' }, event_type: { '@path': '$.event' } } }],
    events: [{ type: 'track', event: 'Signed Up', userId: 'u-1', messageId: 'm-1' }]
  })
  assert.deepEqual(res.body.results.map((r) => r.status), [200])
  assert.equal(sink.requests.length, 1)
  assert.equal(sink.requests[0].headers['x-sluice-original-host'], 'api2.amplitude.com')
  assert.equal(sink.requests[0].url, '/2/httpapi')
  const body = JSON.parse(sink.requests[0].body)
  assert.equal(body.api_key, 'amp-key')
  assert.equal(body.events[0].event_type, 'Signed Up')
})

test('the reroute refuses anything but a loopback address', async () => {
  await assert.rejects(start({ SLUICE_ACTIONS_TEST_REROUTE_HTTPS: '10.0.0.1:443' }), /exited with 1/)
})
