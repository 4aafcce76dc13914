'use strict'
const test = require('node:test')
const assert = require('node:assert/strict')
const core = require('@segment/actions-core')
const { fromError, fromMultistatus, retryable } = require('../src/outcome')

test('each error type of actions-core maps to a status the worker acts on', () => {
  const response = { status: 503 }
  const table = [
    [new core.HTTPError(response, {}, {}), 503, true],
    [new core.HTTPError({ status: 400, statusText: 'Bad Request' }, {}, {}), 400, false],
    [new core.HTTPError({ status: 429 }, {}, {}), 429, true],
    [new core.RetryableError('try later'), 500, true],
    [new core.RetryableError('rate', 429), 429, true],
    [new core.IntegrationError('bad input', 'BAD', 400), 400, false],
    [new core.IntegrationError('no status'), 400, false],
    [new core.PayloadValidationError('missing email'), 400, false],
    [new core.InvalidAuthenticationError('bad key'), 401, false],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 503, true],
    [new Error('surprise'), 500, true]
  ]
  for (const [error, status, retry] of table) {
    const o = fromError(error)
    assert.equal(o.status, status, `${error.name}: ${error.message}`)
    assert.equal(retryable(o), retry, `${error.name} retryable`)
  }
})

test('a timeout is 408 and retried', () => {
  // request-client's TimeoutError (10 s) is not exported; it is an error named TimeoutError.
  const timeout = Object.assign(new Error('Request timed out after 10000ms'), { name: 'TimeoutError' })
  for (const error of [timeout, new core.RequestTimeoutError(), new core.SelfTimeoutError('slow')]) {
    assert.equal(fromError(error).status, 408, error.name)
    assert.equal(retryable(fromError(error)), true, error.name)
  }
})

test('RetryableError is retried whatever its status', () => {
  assert.equal(retryable(fromError(new core.RetryableError('x', 400))), true)
})

test('multistatus entries keep the destination status, type and message', () => {
  assert.deepEqual(fromMultistatus({ status: 200, body: {} }).status, 200)
  assert.deepEqual(fromMultistatus({ status: 400, errortype: 'BAD_REQUEST', errormessage: 'invalid email' }), {
    status: 400,
    code: 'BAD_REQUEST',
    message: 'invalid email'
  })
})
