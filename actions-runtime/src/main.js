'use strict'
// The actions runtime process. Settings from the environment:
//   SLUICE_ACTIONS_HOST  address to listen on (default 127.0.0.1: only the worker beside it calls)
//   SLUICE_ACTIONS_PORT  port (default 9191; 0 picks a free one)
//   SLUICE_ACTIONS_PRELOAD  comma-separated destination slugs to load before answering
//   SLUICE_ACTIONS_MAX_SOCKETS  keep-alive connections per destination host (default 64)
//   SLUICE_ACTIONS_TEST_REROUTE_HTTPS  TEST ONLY: see reroute.js
// Prints one JSON line {"listening": {"host", "port"}} on stdout once it answers.
const { createServer } = require('./server')
const { load } = require('./loader')

const major = Number(process.versions.node.split('.')[0])
if (major < 20) {
  console.error(`the Sluice actions runtime needs Node.js 20 or newer, not ${process.versions.node}`)
  process.exit(1)
}

// Before anything sends: every request of the destinations reuses its connections.
require('./agents').install()

const reroute = process.env.SLUICE_ACTIONS_TEST_REROUTE_HTTPS
if (reroute) {
  const { host, port } = require('./reroute').install(reroute)
  console.error(`WARNING: TEST ONLY: every https request is rerouted to http://${host}:${port}`)
}

for (const slug of (process.env.SLUICE_ACTIONS_PRELOAD || '').split(',').map((s) => s.trim()).filter(Boolean)) {
  load(slug)
}

const host = process.env.SLUICE_ACTIONS_HOST || '127.0.0.1'
const port = Number(process.env.SLUICE_ACTIONS_PORT ?? 9191)
const server = createServer()
server.keepAliveTimeout = 60000
server.listen(port, host, () => {
  const address = server.address()
  process.stdout.write(JSON.stringify({ listening: { host: address.address, port: address.port } }) + '\n')
})

const stop = () => server.close(() => process.exit(0))
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
// The worker that started this process closes stdin when it goes: do not outlive it.
if (process.env.SLUICE_ACTIONS_EXIT_WITH_STDIN === 'true') {
  process.stdin.on('end', stop)
  process.stdin.resume()
}
