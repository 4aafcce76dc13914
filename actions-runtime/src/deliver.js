'use strict'
// Runs one request of the worker: a destination, its settings and subscriptions, and events,
// sent one by one (onEvent, concurrently) or as one batch (onBatch), and answers one outcome per
// event in order.
const { load } = require('./loader')
const outcome = require('./outcome')

const NOT_SUBSCRIBED = 'Payload is either invalid or does not match the subscription'

/**
 * @param request {destination, settings, subscriptions, events, batch, timeoutMs}
 * @returns {results: [{status, code, message}], oauth?: {accessToken, refreshToken}}
 */
async function deliver(request) {
  const { destination: slug, settings = {}, subscriptions = [], events = [], batch = false } = request
  if (!Array.isArray(events) || events.length === 0) {
    return { results: [] }
  }
  let destination
  try {
    destination = load(slug)
  } catch (error) {
    return { results: events.map(() => outcome.fromError(error)) }
  }
  const refreshed = {}
  // One signal per call: the events of a call run concurrently, so they share one deadline, each
  // getting the whole time the worker allows; an expired signal aborts the request as a
  // RequestTimeoutError (408), which the worker retries.
  const options = {
    signal: AbortSignal.timeout(timeoutOf(request)),
    onTokenRefresh: async (tokens) => {
      if (tokens?.accessToken) {
        refreshed.accessToken = tokens.accessToken
        if (tokens.refreshToken) refreshed.refreshToken = tokens.refreshToken
      }
    }
  }
  const results = batch && events.length > 1 && batchable(destination, subscriptions)
    ? await inBatch(destination, settings, subscriptions, events, options)
    : await Promise.all(events.map((event) => single(destination, settings, subscriptions, event, options)))
  return refreshed.accessToken ? { results, oauth: refreshed } : { results }
}

function timeoutOf(request) {
  const t = Number(request.timeoutMs)
  return Number.isFinite(t) && t > 0 ? t : 10000
}

/** onBatch only when every subscribed action has a performBatch; else event by event. */
function batchable(destination, subscriptions) {
  return subscriptions.length > 0 && subscriptions.every((s) => destination.actions[s.partnerAction]?.hasBatchSupport)
}

function settingsWith(settings, subscriptions, batching) {
  const subs = subscriptions.map((s) => ({
    subscribe: s.subscribe,
    partnerAction: s.partnerAction,
    mapping: batching ? { enable_batching: true, ...s.mapping } : { ...s.mapping }
  }))
  // A fresh copy per call: an OAuth refresh rewrites settings.oauth in place, and a destination's
  // code may write to what it is given (about 1% of a call's time in the profile: kept).
  return { ...structuredClone(settings), subscriptions: subs }
}

async function single(destination, settings, subscriptions, event, options) {
  try {
    await destination.onEvent(event, settingsWith(settings, subscriptions, false), options)
    return outcome.DELIVERED
  } catch (error) {
    return outcome.fromError(error)
  }
}

async function inBatch(destination, settings, subscriptions, events, options) {
  let perSubscription
  try {
    perSubscription = await destination.onBatch(events, settingsWith(settings, subscriptions, true), options)
  } catch (error) {
    const failed = outcome.fromError(error)
    return events.map(() => failed)
  }
  const results = events.map(() => null)
  for (const result of perSubscription ?? []) {
    if (!Array.isArray(result?.multistatus)) {
      continue // "not subscribed": no event of the batch matched this subscription
    }
    result.multistatus.forEach((entry, i) => {
      if (entry && entry.status === 400 && entry.errormessage === NOT_SUBSCRIBED) {
        return
      }
      results[i] = outcome.worse(results[i], outcome.fromMultistatus(entry))
    })
  }
  return results.map((r) => r ?? outcome.DELIVERED)
}

module.exports = { deliver }
