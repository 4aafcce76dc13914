'use strict'
// A JSON description of the catalog for Sluice's compiler, which checks Destinations of type
// actions without Node: destinations, settings schemas, actions, fields with their required
// flags, presets, and what Sluice cannot run with the reason.
const fs = require('fs')
const path = require('path')
const { definition, DESTINATIONS } = require('../loader')

const DESCRIPTION_CHARS = 200

const REASONS = {
  partnerCredentials:
    "uses Segment's own OAuth application (oauth-managed): the client credentials are Segment's and cannot be supplied",
  audiences: "reads Segment Engage audience membership (context.personas), which Sluice's messages do not carry",
  syncModes: "needs a sync mode (add/update/upsert/delete/mirror) chosen in Segment's RETL/Engage setup",
  setupHooks: "needs setup hooks (onMappingSave) that Segment's app runs when a mapping is saved",
  notCloud: 'not a cloud-mode destination'
}

/** Registered destinations, in the package's own order: [{id, slug}]. */
function registered() {
  const index = fs.readFileSync(path.join(DESTINATIONS, 'index.js'), 'utf8')
  const re = /register\('([0-9a-f]+)', '\.\/([^']+)'\)/g
  const out = []
  let m
  while ((m = re.exec(index))) out.push({ id: m[1], slug: m[2] })
  return out
}

function clip(text) {
  if (typeof text !== 'string') return undefined
  const s = text.replace(/\s+/g, ' ').trim()
  return s.length > DESCRIPTION_CHARS ? s.slice(0, DESCRIPTION_CHARS - 3) + '...' : s
}

function choices(field) {
  if (!Array.isArray(field.choices)) return undefined
  return field.choices.map((c) => (c && typeof c === 'object' ? c.value : c))
}

function field(f, withDefault) {
  const out = { type: f.type ?? 'string' }
  if (f.label) out.label = f.label
  const d = clip(f.description)
  if (d) out.description = d
  out.required = f.required === true
  const requiredIf = conditions(f.required)
  if (requiredIf) out.requiredIf = requiredIf
  if (f.multiple) out.multiple = true
  const c = choices(f)
  if (c) out.choices = c
  if (f.format) out.format = f.format
  if (withDefault && f.default !== undefined) out.default = f.default
  if (f.properties && typeof f.properties === 'object') {
    out.properties = Object.fromEntries(
      Object.entries(f.properties).map(([k, p]) => [k, { type: p.type ?? 'string', required: p.required === true }])
    )
  }
  if (f.additionalProperties === false) out.additionalProperties = false
  return out
}

/**
 * actions-core's conditionally required field ({match, conditions: [{fieldKey, operator, value}]},
 * which it turns into JSON-schema if/then): required when the conditions on other fields of the
 * same action (or settings) hold. A condition without a value tests whether the field is set.
 */
function conditions(required) {
  if (!required || typeof required !== 'object' || !Array.isArray(required.conditions)) return undefined
  return {
    match: required.match === 'any' ? 'any' : 'all',
    conditions: required.conditions.map((c) => {
      const out = c.type === 'syncMode' ? { syncMode: true } : { field: c.fieldKey }
      out.operator = c.operator
      if (c.value !== undefined) out.value = c.value
      return out
    })
  }
}

/** A required field whose default mapping reads the Engage audience (context.personas). */
function readsAudience(a) {
  return Object.values(a.fields ?? {}).some(
    (f) => f.required === true && JSON.stringify(f.default ?? null).includes('context.personas')
  )
}

function action(key, a) {
  const out = { title: a.title ?? key }
  const d = clip(a.description)
  if (d) out.description = d
  if (a.defaultSubscription) out.defaultSubscription = a.defaultSubscription
  out.batch = typeof a.performBatch === 'function'
  const unsupported = a.syncMode
    ? REASONS.syncModes
    : a.hooks
      ? REASONS.setupHooks
      : readsAudience(a)
        ? REASONS.audiences
        : undefined
  if (unsupported) out.unsupported = unsupported
  out.fields = Object.fromEntries(Object.entries(a.fields ?? {}).map(([k, f]) => [k, field(f, true)]))
  return out
}

function destination({ id, slug }) {
  const d = definition(slug)
  const auth = d.authentication ?? {}
  const out = { slug, id, name: d.name, mode: d.mode }
  const desc = clip(d.description)
  if (desc) out.description = desc
  out.authentication = auth.scheme ?? 'none'
  const reasons = []
  if (d.mode && d.mode !== 'cloud') reasons.push(REASONS.notCloud)
  if (auth.scheme === 'oauth-managed') reasons.push(REASONS.partnerCredentials)
  out.settings = Object.fromEntries(Object.entries(auth.fields ?? {}).map(([k, f]) => [k, field(f, true)]))
  out.actions = Object.fromEntries(Object.entries(d.actions ?? {}).map(([k, a]) => [k, action(k, a)]))
  const runnable = Object.values(out.actions).filter((a) => !a.unsupported)
  if (runnable.length === 0 && Object.keys(out.actions).length > 0) {
    const why = [...new Set(Object.values(out.actions).map((a) => a.unsupported))]
    reasons.push('every action ' + why.join('; every action '))
  }
  if (reasons.length > 0) out.unsupported = reasons.join('; ')
  // Only automatic presets apply to a stream of events; specificEvent ones are for Engage journeys.
  out.presets = (d.presets ?? [])
    .filter((p) => p.type !== 'specificEvent' && typeof p.subscribe === 'string')
    .map((p) => ({ name: p.name, subscribe: p.subscribe, action: p.partnerAction, mapping: p.mapping ?? {} }))
  return out
}

function describe() {
  const pkg = require('@segment/action-destinations/package.json')
  const core = JSON.parse(fs.readFileSync(path.join(path.dirname(DESTINATIONS), '..', '..', 'actions-core', 'package.json'), 'utf8'))
  const destinations = registered().map(destination)
  return {
    formatVersion: 1,
    package: { name: pkg.name, version: pkg.version, core: core.version },
    destinations
  }
}

module.exports = { describe, REASONS }
