'use strict'

// Every call bbb-promise 1.2.0 offers (administration incl. customCall, monitoring, recording), made the way its
// README shows (server.<module>.<call>() returns a promise of the answer parsed by xml2js: answer.response.<field>[0];
// join only builds the URL), checked against what bbb-web answers. Run by ClientLibrariesTest; by hand:
// BBB_URL=http://host/bigbluebutton BBB_SECRET=... node <this file>

const bbb = require('bbb-promise')
const { assert, check, finish, settings, eventually, getRaw, followJoin } = require('./checks')

const { url, secret, recordID, recordMeetingID, run } = settings()
const server = bbb.server(url, secret)

const meetingID = `promise-room-${run}`
const attendeePW = 'ap-' + run
const moderatorPW = 'mp-' + run
// bbb-promise signs querystring.stringify() but sends request's own encoding, which differs for !'()*: no such
// characters here, or bbb-web itself would answer checksumError
const oddID = `promise odd & = + é ${run}`
const oddName = 'Räum & Co = 100% + more'

/** The text of the first element `name` of an xml2js answer. */
function text(answer, name) {
  const values = answer.response[name]
  return values === undefined ? undefined : typeof values[0] === 'string' ? values[0] : values[0]._ || ''
}

function meetingIds(answer) {
  const meetings = answer.response.meetings && answer.response.meetings[0]
  return meetings && meetings.meeting ? meetings.meeting.map((m) => m.meetingID[0]) : []
}

function recordingsOf(answer) {
  const recordings = answer.response.recordings && answer.response.recordings[0]
  return recordings && recordings.recording ? recordings.recording : []
}

async function main() {
  let created

  await check('create answers SUCCESS with the meeting and its passwords', async () => {
    created = await server.administration.create('Promise Room', meetingID, {
      attendeePW, moderatorPW, duration: 45, 'meta_course': 'chemistry',
    })
    assert.equal(text(created, 'returncode'), 'SUCCESS')
    assert.equal(text(created, 'meetingID'), meetingID)
    assert.equal(text(created, 'attendeePW'), attendeePW)
    assert.equal(text(created, 'moderatorPW'), moderatorPW)
    assert.ok(text(created, 'internalMeetingID').length > 40)
    assert.match(text(created, 'createTime'), /^\d{13}$/)
  })

  await check('getMeetings right after create lists the meeting', async () => {
    const answer = await server.monitoring.getMeetings()
    assert.equal(text(answer, 'returncode'), 'SUCCESS')
    assert.ok(meetingIds(answer).includes(meetingID), `${meetingID} not in ${meetingIds(answer)}`)
  })

  await check('create again with the same passwords answers duplicateWarning', async () => {
    const again = await server.administration.create('Promise Room', meetingID, { attendeePW, moderatorPW })
    assert.equal(text(again, 'returncode'), 'SUCCESS')
    assert.equal(text(again, 'messageKey'), 'duplicateWarning')
  })

  await check('getMeetingInfo describes the meeting with its metadata', async () => {
    const info = await server.monitoring.getMeetingInfo(meetingID)
    assert.equal(text(info, 'returncode'), 'SUCCESS')
    assert.equal(text(info, 'meetingName'), 'Promise Room')
    assert.equal(text(info, 'meetingID'), meetingID)
    assert.equal(text(info, 'duration'), '45')
    assert.equal(info.response.metadata[0].course[0], 'chemistry')
  })

  await check('isMeetingRunning is false while nobody joined', async () => {
    const answer = await server.monitoring.isMeetingRunning(meetingID)
    assert.equal(text(answer, 'returncode'), 'SUCCESS')
    assert.equal(text(answer, 'running'), 'false')
  })

  await check('join URL sends the browser to the client with a session token, on a server that answers', async () => {
    const joined = await followJoin(server.administration.join('Mod Erator', meetingID, moderatorPW))
    assert.ok(joined.landingStatus > 0, 'no HTTP answer from ' + joined.hops.join(' -> '))
  })

  await check('join URL with redirect=false answers the session as XML', async () => {
    const answer = await getRaw(server.administration.join('At Tendee', meetingID, attendeePW, { redirect: 'false' }))
    assert.equal(answer.status, 200, `HTTP ${answer.status} (bbb-web answers the XML itself), Location ${answer.location}`)
    assert.match(answer.body, /<returncode>SUCCESS<\/returncode>/)
    assert.match(answer.body, /<messageKey>successfullyJoined<\/messageKey>/)
    assert.match(answer.body, /<session_token>[a-z0-9]+<\/session_token>/)
    assert.match(answer.body, /<guestStatus>ALLOW<\/guestStatus>/, 'guestStatus (bbb-web 2.3+ answers it)')
  })

  await check('join URL for another server (changeUrl) is signed the same', async () => {
    const other = server.administration.join('X', meetingID, attendeePW, {}, 'http://other.example/bigbluebutton')
    const own = server.administration.join('X', meetingID, attendeePW, {})
    assert.equal(other.split('?')[1], own.split('?')[1])
  })

  await check('customCall makes any call, signed', async () => {
    const answer = await server.administration.customCall('getMeetingInfo', { meetingID })
    assert.equal(text(answer, 'returncode'), 'SUCCESS')
    assert.equal(text(answer, 'meetingID'), meetingID)
  })

  await check('a meetingID and name with spaces, &, =, + and umlauts round-trip', async () => {
    const odd = await server.administration.create(oddName, oddID, { moderatorPW: 'mo', attendeePW: 'at' })
    assert.equal(text(odd, 'returncode'), 'SUCCESS', text(odd, 'messageKey'))
    assert.equal(text(odd, 'meetingID'), oddID)
    const info = await server.monitoring.getMeetingInfo(oddID)
    assert.equal(text(info, 'meetingName'), oddName)
    const ended = await server.administration.end(oddID, 'mo')
    assert.equal(text(ended, 'returncode'), 'SUCCESS')
  })

  await check('end answers sentEndMeetingRequest', async () => {
    const ended = await server.administration.end(meetingID, moderatorPW)
    assert.equal(text(ended, 'returncode'), 'SUCCESS')
    assert.equal(text(ended, 'messageKey'), 'sentEndMeetingRequest')
  })

  await check('after end the meeting is gone from getMeetingInfo and getMeetings', async () => {
    await eventually(async () => {
      const info = await server.monitoring.getMeetingInfo(meetingID)
      return text(info, 'messageKey') === 'notFound' || info.response
    }, 'getMeetingInfo FAILED notFound')
    await eventually(async () => !meetingIds(await server.monitoring.getMeetings()).includes(meetingID),
      'getMeetings without the ended meeting')
  })

  // EndMeeting: for a meeting that does not exist bbb-web's moderator-password check fails as well as its
  // existence check, and its HashMap of failures answers invalidPassword first (docs/COMPATIBILITY.md)
  await check('end of a meeting that does not exist is refused as bbb-web refuses it', async () => {
    const ended = await server.administration.end(`promise-never-${run}`, 'x')
    assert.equal(text(ended, 'returncode'), 'FAILED')
    assert.equal(text(ended, 'messageKey'), 'invalidPassword')
  })

  await check('a call signed with another secret answers checksumError', async () => {
    const answer = await bbb.server(url, secret + '-not').monitoring.getMeetings()
    assert.equal(text(answer, 'returncode'), 'FAILED')
    assert.equal(text(answer, 'messageKey'), 'checksumError')
  })

  await check('getRecordings of a meeting without recordings answers noRecordings', async () => {
    const answer = await server.recording.getRecordings({ meetingID: `promise-none-${run}` })
    assert.equal(text(answer, 'returncode'), 'SUCCESS')
    assert.equal(text(answer, 'messageKey'), 'noRecordings')
    assert.equal(recordingsOf(answer).length, 0)
  })

  await check('getRecordings by meetingID lists its published recording', async () => {
    const answer = await server.recording.getRecordings({ meetingID: recordMeetingID })
    const found = recordingsOf(answer).find((r) => r.recordID[0] === recordID)
    assert.ok(found, `${recordID} not in ${JSON.stringify(answer).slice(0, 300)}`)
    assert.equal(found.published[0], 'true')
    assert.equal(found.state[0], 'published')
    assert.match(found.playback[0].format[0].url[0], /^https?:\/\//)
  })

  await check('publishRecordings false unpublishes it', async () => {
    const answer = await server.recording.publishRecordings(recordID, false)
    assert.equal(text(answer, 'returncode'), 'SUCCESS')
    assert.equal(text(answer, 'published'), 'false')
    const listed = await server.recording.getRecordings({ recordID, state: 'unpublished' })
    assert.equal(recordingsOf(listed).length, 1, JSON.stringify(listed).slice(0, 300))
  })

  await check('updateRecordings changes its metadata', async () => {
    const answer = await server.recording.updateRecordings(recordID, { 'meta_driver': 'bbb-promise' })
    assert.equal(text(answer, 'returncode'), 'SUCCESS')
    assert.equal(text(answer, 'updated'), 'true')
    const listed = await server.recording.getRecordings({ recordID, state: 'any' })
    const found = recordingsOf(listed)[0]
    assert.equal(found && found.metadata[0].driver[0], 'bbb-promise', JSON.stringify(listed).slice(0, 300))
  })

  await check('deleteRecordings deletes it', async () => {
    const answer = await server.recording.deleteRecordings(recordID)
    assert.equal(text(answer, 'returncode'), 'SUCCESS')
    assert.equal(text(answer, 'deleted'), 'true')
    await eventually(async () => recordingsOf(await server.recording.getRecordings({ recordID, state: 'any' }))
      .length === 0, 'getRecordings without the deleted recording')
  })

  await check('deleteRecordings of an unknown recording answers notFound', async () => {
    const answer = await server.recording.deleteRecordings(`no-such-recording-${run}`)
    assert.equal(text(answer, 'returncode'), 'FAILED')
    assert.equal(text(answer, 'messageKey'), 'notFound')
  })
}

main().catch((e) => console.log(`not ok - driver: ${e.message}`)).finally(finish)
