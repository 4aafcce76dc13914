'use strict'
// What became of one event, in the shape the worker reads: {status, code, message}.
// Segment's action code never retries by itself; it throws typed errors that carry a status,
// and the worker decides (408/423/429/5xx and RETRYABLE_ERROR retry, other 4xx dead-letter).

const DELIVERED = Object.freeze({ status: 200, code: 'OK', message: '' })

// Longest message handed back: a destination's error body can be large.
const MAX_MESSAGE = 1000

function clip(text) {
  const s = String(text ?? '')
  return s.length > MAX_MESSAGE ? s.slice(0, MAX_MESSAGE) + '...' : s
}

/** The outcome of an error thrown by onEvent/onBatch (or by the runtime itself). */
function fromError(error) {
  if (error == null) {
    return { status: 500, code: 'UNKNOWN', message: 'unknown error' }
  }
  const name = error.name || error.constructor?.name || 'Error'
  // HTTPError: the destination answered with a non-2xx status.
  if (error.response && typeof error.response.status === 'number') {
    const status = error.response.status
    // The destination's own words (its response body) say what to fix.
    const body = typeof error.response.content === 'string' ? error.response.content.trim() : ''
    const text = `${status} ${error.message || ''}`.trim() + (body ? `: ${body}` : '')
    return { status, code: name === 'HTTPError' ? 'HTTP_ERROR' : name, message: clip(text) }
  }
  switch (name) {
    case 'TimeoutError':
    case 'RequestTimeoutError':
    case 'SelfTimeoutError':
      return { status: 408, code: error.code || 'ETIMEDOUT', message: clip(error.message) }
    case 'RetryableError':
      return { status: statusOr(error.status, 500), code: 'RETRYABLE_ERROR', message: clip(error.message) }
    case 'InvalidAuthenticationError':
      return { status: 401, code: error.code || 'INVALID_AUTHENTICATION', message: clip(error.message) }
    case 'PayloadValidationError':
    case 'AggregateAjvError':
    case 'ValidationError':
      return { status: 400, code: error.code || 'PAYLOAD_VALIDATION_FAILED', message: clip(error.message) }
    default:
      break
  }
  if (typeof error.status === 'number') {
    // IntegrationError and its kin carry their own status and code.
    return { status: error.status, code: String(error.code || name), message: clip(error.message) }
  }
  if (name === 'IntegrationError') {
    // An IntegrationError without a status is the destination refusing the input: not retried.
    return { status: 400, code: String(error.code || name), message: clip(error.message) }
  }
  if (error.code && /^E[A-Z]+$/.test(error.code)) {
    // A network error (ECONNREFUSED, ECONNRESET, ...): the destination did not answer.
    return { status: 503, code: error.code, message: clip(error.message) }
  }
  return { status: 500, code: name, message: clip(error.message) }
}

function statusOr(status, fallback) {
  return typeof status === 'number' && status > 0 ? status : fallback
}

/** One multistatus entry of onBatch. */
function fromMultistatus(entry) {
  if (!entry) {
    return { status: 500, code: 'MISSING', message: 'the destination gave no result for this event' }
  }
  const status = statusOr(entry.status, 500)
  if (status >= 200 && status < 300) {
    return DELIVERED
  }
  return { status, code: String(entry.errortype || 'HTTP_ERROR'), message: clip(entry.errormessage || entry.body || '') }
}

/** Whether the worker will try again (kept here too so the runtime's own tests say it). */
function retryable(outcome) {
  const s = outcome.status
  return s === 408 || s === 423 || s === 429 || s >= 500 || outcome.code === 'RETRYABLE_ERROR'
}

/** Of two outcomes of one event (several subscriptions), the one to act on. */
function worse(a, b) {
  if (!a) return b
  if (!b) return a
  const rank = (o) => (o.status >= 200 && o.status < 300 ? 0 : retryable(o) ? 2 : 1)
  return rank(b) > rank(a) ? b : a
}

module.exports = { DELIVERED, fromError, fromMultistatus, retryable, worse }
