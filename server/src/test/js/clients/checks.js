'use strict'

// The few helpers both drivers share. Each check prints one line, "ok - NAME" or "not ok - NAME: WHY", and the
// driver ends with "# N passed, M failed" (commented, so that it is never read as a test runner's closing line).
// ClientLibrariesTest turns every line into a test of its own.

const assert = require('assert')

const results = []

async function check(name, body) {
  try {
    await body()
    results.push({ name, ok: true })
    console.log(`ok - ${name}`)
  } catch (e) {
    results.push({ name, ok: false })
    const why = (e && e.message ? e.message : String(e)).replace(/\s+/g, ' ').slice(0, 400)
    console.log(`not ok - ${name}: ${why}`)
  }
}

function finish() {
  const failed = results.filter((r) => !r.ok).length
  console.log(`# ${results.length - failed} passed, ${failed} failed`)
  process.exitCode = failed > 0 ? 1 : 0
}

/** The settings ClientLibrariesTest passes: the API's base URL (ending in /bigbluebutton), its secret, a recording. */
function settings() {
  const url = process.env.BBB_URL
  const secret = process.env.BBB_SECRET
  if (!url || !secret) {
    console.error('BBB_URL and BBB_SECRET must be set')
    process.exit(2)
  }
  return {
    url,
    secret,
    recordID: process.env.RECORD_ID || '',
    recordMeetingID: process.env.RECORD_MEETING_ID || '',
    run: process.env.RUN_ID || String(Date.now()),
    target: process.env.TARGET || 'caravan',
  }
}

/** bbb-web answers "Please wait a few seconds" after end: polls up to five seconds for the condition. */
async function eventually(condition, what) {
  const deadline = Date.now() + 5000
  let last
  for (;;) {
    last = await condition()
    if (last === true) {
      return
    }
    if (Date.now() > deadline) {
      throw new Error(`not within 5 s: ${what} (last: ${JSON.stringify(last)})`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** GET without following redirects: the status, the Location and the body. */
async function getRaw(url) {
  const response = await fetch(url, { redirect: 'manual' })
  return { status: response.status, location: response.headers.get('location'), body: await response.text() }
}

/**
 * Follows a join URL as a browser does, redirect after redirect (at most five), to the first URL with a session
 * token: bbb-web sends the browser straight to its HTML5 client; a load balancer may first send it to the node's own
 * join URL. The page at the end is BBB's HTML5 client, which only a real BBB server has; what a load balancer must get
 * right is that the target is a reachable server, so any HTTP answer there passes and a connection error fails.
 */
async function followJoin(url) {
  const hops = []
  let next = url
  for (let i = 0; i < 5; i++) {
    const response = await fetch(next, { redirect: 'manual' })
    const body = await response.text()
    const location = response.headers.get('location')
    if (response.status < 300 || response.status >= 400 || !location) {
      throw new Error(`HTTP ${response.status} without redirect after ${hops.length} hops: ${body.slice(0, 200)}`)
    }
    next = new URL(location, next).toString()
    hops.push(next)
    if (/[?&]sessionToken=[a-z0-9]+/.test(next)) {
      const landing = await fetch(next, { redirect: 'manual' })
      await landing.arrayBuffer()
      return { hops, landingStatus: landing.status }
    }
  }
  throw new Error('no sessionToken after 5 redirects: ' + hops.join(' -> '))
}

/** fast-xml-parser 3 (bigbluebutton-js) leaves XML entities as they are in texts: &amp; stays &amp;. */
function xmlText(value) {
  return String(value).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
}

module.exports = { assert, check, finish, settings, eventually, getRaw, followJoin, xmlText }
