'use strict'
// TEST ONLY. With SLUICE_ACTIONS_TEST_REROUTE_HTTPS=host:port every https request the
// destinations make (node-fetch looks up https.request at each call) goes as plain HTTP to that
// loopback server instead, with the host it was meant for in X-Sluice-Original-Host. End-to-end
// tests use it to check the exact requests Segment's code sends to Amplitude, Mixpanel, ...
// It refuses anything but a loopback address, and main.js logs loudly when it is on.
const http = require('http')
const https = require('https')

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\]):(\d{1,5})$/

function install(target) {
  const m = LOOPBACK.exec(String(target || ''))
  if (!m) {
    throw new Error(`SLUICE_ACTIONS_TEST_REROUTE_HTTPS must be a loopback host:port, not "${target}"`)
  }
  const host = m[1].replace(/^\[|\]$/g, '')
  const port = Number(m[2])
  const reroute = (input, options, callback) => {
    if (typeof options === 'function') {
      callback = options
      options = undefined
    }
    const base = typeof input === 'string' || input instanceof URL ? urlOptions(new URL(input)) : { ...input }
    const merged = { ...base, ...(options || {}) }
    const original = merged.hostname || merged.host || ''
    const headers = { ...(merged.headers || {}), 'x-sluice-original-host': String(original).replace(/:\d+$/, '') }
    const rerouted = { ...merged, protocol: 'http:', hostname: host, host, port, headers, agent: undefined }
    return http.request(rerouted, callback)
  }
  https.request = reroute
  https.get = (input, options, callback) => {
    const req = reroute(input, options, callback)
    req.end()
    return req
  }
  return { host, port }
}

function urlOptions(url) {
  return { protocol: url.protocol, hostname: url.hostname, port: url.port, path: url.pathname + url.search, method: 'GET' }
}

module.exports = { install }
