'use strict'
// Writes the catalog description Sluice's compiler reads:
//   node src/catalog/generate.js            -> ../api/src/main/resources/catalog/actions.json.gz
//   node src/catalog/generate.js --stdout   -> the JSON on stdout (what the Java test compares)
// Run it after changing the pinned @segment/action-destinations and commit the file.
const fs = require('fs')
const path = require('path')
const zlib = require('zlib')
const { describe } = require('./describe')

const OUT = path.join(__dirname, '..', '..', '..', 'api', 'src', 'main', 'resources', 'catalog', 'actions.json.gz')

const json = JSON.stringify(describe(), null, 1) + '\n'
if (process.argv.includes('--stdout')) {
  process.stdout.write(json)
} else {
  fs.mkdirSync(path.dirname(OUT), { recursive: true })
  // gzip without a file name or time in its header, so the same catalog gives the same bytes.
  fs.writeFileSync(OUT, zlib.gzipSync(Buffer.from(json, 'utf8'), { level: 9 }))
  console.error(`wrote ${OUT} (${json.length} bytes of JSON)`)
}
