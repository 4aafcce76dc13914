'use strict'
// The loopback HTTP surface the worker talks to. One route per operation:
//   POST /v1/deliver  {destination, settings, subscriptions, events, batch, timeoutMs}
//                     -> {results: [{status, code, message}], oauth?}
//   POST /v1/load     {destinations: [slug, ...]} -> {loaded: [...]}  (warm up at start)
//   GET  /healthz     -> {status: "ok", loaded, rssBytes}
const http = require('http')
const { deliver } = require('./deliver')
const { load, loadedSlugs } = require('./loader')
const outcome = require('./outcome')

const MAX_BODY = 64 * 1024 * 1024

function createServer() {
  return http.createServer((req, res) => {
    route(req, res).catch((error) => answer(res, 500, { error: outcome.fromError(error) }))
  })
}

async function route(req, res) {
  if (req.method === 'GET' && req.url === '/healthz') {
    return answer(res, 200, { status: 'ok', loaded: loadedSlugs(), rssBytes: process.memoryUsage().rss })
  }
  if (req.method === 'POST' && req.url === '/v1/deliver') {
    const body = await readJson(req, res)
    return body && answer(res, 200, await deliver(body))
  }
  if (req.method === 'POST' && req.url === '/v1/load') {
    const body = await readJson(req, res)
    if (!body) return
    try {
      for (const slug of body.destinations ?? []) load(slug)
    } catch (error) {
      return answer(res, 400, { error: outcome.fromError(error) })
    }
    return answer(res, 200, { loaded: loadedSlugs() })
  }
  return answer(res, 404, { error: { status: 404, code: 'NOT_FOUND', message: `no route ${req.method} ${req.url}` } })
}

function readJson(req, res) {
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    req.on('data', (chunk) => {
      size += chunk.length
      if (size > MAX_BODY) {
        answer(res, 413, { error: { status: 413, code: 'TOO_LARGE', message: 'request body over 64 MiB' } })
        req.destroy()
        resolve(null)
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      } catch (error) {
        answer(res, 400, { error: { status: 400, code: 'BAD_JSON', message: error.message } })
        resolve(null)
      }
    })
    req.on('error', reject)
  })
}

function answer(res, status, body) {
  if (res.headersSent) return
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

module.exports = { createServer }
