'use strict'
// Loads only the destinations asked for, by deep require: the whole catalog costs about twice
// the memory of one destination.
const path = require('path')
const fs = require('fs')

const SLUG = /^[a-z0-9][a-z0-9-]{0,99}$/
const ROOT = path.dirname(require.resolve('@segment/action-destinations/package.json'))
const DESTINATIONS = path.join(ROOT, 'dist', 'destinations')

let Destination = null
const loaded = new Map()

class UnknownDestinationError extends Error {
  constructor(slug) {
    super(`no destination "${slug}" in @segment/action-destinations`)
    this.name = 'UnknownDestinationError'
    this.status = 400
    this.code = 'UNKNOWN_DESTINATION'
  }
}

function definitionPath(slug) {
  if (typeof slug !== 'string' || !SLUG.test(slug)) {
    throw new UnknownDestinationError(slug)
  }
  const dir = path.join(DESTINATIONS, slug)
  if (!fs.existsSync(path.join(dir, 'index.js'))) {
    throw new UnknownDestinationError(slug)
  }
  return dir
}

/** The definition object of a destination (its actions, settings, presets). */
function definition(slug) {
  const mod = require(definitionPath(slug))
  return mod.default ?? mod
}

/** A ready Destination instance, created once per slug. */
function load(slug) {
  let destination = loaded.get(slug)
  if (!destination) {
    Destination ??= require('@segment/actions-core').Destination
    destination = new Destination(definition(slug))
    loaded.set(slug, destination)
  }
  return destination
}

function loadedSlugs() {
  return [...loaded.keys()]
}

module.exports = { load, definition, loadedSlugs, DESTINATIONS, UnknownDestinationError }
