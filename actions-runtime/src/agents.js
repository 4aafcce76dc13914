'use strict'
// Keep-alive connections for every request Segment's code makes. Its request client goes through
// cross-fetch/node-fetch, which passes no agent, so Node's global agents carry every request:
// replacing them is the one place that reaches all 214 destinations without touching their code.
// (An agent passed through a destination's extendRequest would not do: actions-core's
// prepareResponse destroys `options.agent` after every response.)
//
// Node 20's own global agents keep connections alive too, but with no bound on sockets per host;
// here the bound is explicit (a burst of concurrent events queues in the agent instead of opening
// hundreds of sockets to one API) and the idle timeout stays below the 5 s after which many servers
// (Node's own default keepAliveTimeout among them) close idle connections.
//
// A bounded pool needs one fix: node-fetch 2.7.0 (node-fetch#1767, open) decides that a chunked
// response ended early when, at the response's 'close', its socket has a 'data' listener, and the
// agent hands a freed socket to a queued request before that 'close' (same tick). The request
// then fails with "Premature close", or, behind actions-core's response.clone(), never settles.
// So a freed socket goes to the next queued request one turn of the event loop later.
const http = require('http')
const https = require('https')

const DEFAULT_MAX_SOCKETS = 64
const IDLE_TIMEOUT_MS = 4000

/** Agent options from the environment: SLUICE_ACTIONS_MAX_SOCKETS per host (default 64). */
function agentOptions(env = process.env) {
  const n = Number(env.SLUICE_ACTIONS_MAX_SOCKETS)
  const maxSockets = Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_SOCKETS
  return { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, timeout: IDLE_TIMEOUT_MS, scheduling: 'lifo' }
}

/** Defers the agent's own 'free' handling (reuse or pool the socket) until after the response closed. */
function deferHandover(agent) {
  const handlers = agent.listeners('free')
  if (handlers.length !== 1) {
    throw new Error(`expected one 'free' listener on the http agent, found ${handlers.length}`)
  }
  const [handOver] = handlers
  agent.removeListener('free', handOver)
  agent.on('free', (socket, options) => setImmediate(() => handOver.call(agent, socket, options)))
  return agent
}

/** Makes keep-alive agents with a bounded pool the global ones for http and https. */
function install(env = process.env) {
  const options = agentOptions(env)
  http.globalAgent = deferHandover(new http.Agent(options))
  https.globalAgent = deferHandover(new https.Agent(options))
  return options
}

module.exports = { install, agentOptions, DEFAULT_MAX_SOCKETS, IDLE_TIMEOUT_MS }
